"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ksf_b import create_app
from ksf_b.extensions import db


@pytest.fixture
def empty_database_url(database_url: str, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """A database with no tables: a new SQLite file, or a new database in the PG cluster."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path}/migrations.sqlite3"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS ksf_migrations"))
        connection.execute(text("CREATE DATABASE ksf_migrations"))
    engine.dispose()
    return url.set(database="ksf_migrations").render_as_string(hide_password=False)


def test_upgrade_head_matches_models(empty_database_url: str) -> None:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert differences == []
