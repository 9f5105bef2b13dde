"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
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


def _checks(engine) -> dict[str, list[tuple[str, str]]]:  # type: ignore[no-untyped-def]
    """Every table's CHECK constraints as the database itself reports them (name, text)."""
    inspector = inspect(engine)
    return {
        table: sorted(
            (c["name"], " ".join(c["sqltext"].split()))
            for c in inspector.get_check_constraints(table)
        )
        for table in inspector.get_table_names()
        if table != "alembic_version"
    }


def test_upgrade_head_has_the_check_constraints_of_the_models(app, empty_database_url) -> None:
    """compare_metadata does not look at CHECK constraints: compare them against create_all.

    The session's database was built by `create_all` from the models on the same backend, so
    PostgreSQL's rewriting of the expressions is the same on both sides.
    """
    with app.app_context():
        expected = _checks(db.engine)
    migrated_app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with migrated_app.app_context():
        flask_migrate.upgrade()
        found = _checks(db.engine)
        db.engine.dispose()
    differences = {
        table: {"migrated": found.get(table), "models": expected.get(table)}
        for table in sorted(set(expected) | set(found))
        if found.get(table) != expected.get(table)
    }
    assert differences == {}


def test_enum_constraint_migration_converts_the_other_spelling_and_goes_back(
    empty_database_url,
) -> None:
    """d2fd05438d59: a row in the value spelling becomes the stored name; downgrade drops it."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        flask_migrate.upgrade(revision="3261fd6e3d4d")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO certificate_sequences (programme, year, last_number) "
                    "VALUES ('chat', 2026, 3)"
                )
            )
        flask_migrate.upgrade(revision="d2fd05438d59")
        with db.engine.begin() as connection:
            assert connection.execute(
                text("SELECT programme FROM certificate_sequences")
            ).all() == [("CHAT",)]
        names = {c["name"] for c in inspect(db.engine).get_check_constraints("rating_assignments")}
        assert "ck_rating_assignments_assignment_status" in names
        flask_migrate.downgrade(revision="3261fd6e3d4d")
        names = {c["name"] for c in inspect(db.engine).get_check_constraints("rating_assignments")}
        assert "ck_rating_assignments_assignment_status" not in names
        assert "ck_rating_assignments_submitted_has_time" in names  # the others stay
        db.engine.dispose()
