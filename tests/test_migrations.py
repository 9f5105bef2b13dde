"""The Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

from datetime import UTC, date, datetime

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, Table, create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.sql import sqltypes

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


def _insert(connection, table_name: str, **values):  # type: ignore[no-untyped-def]
    """Insert one row through the reflected table; other required columns get plain values."""
    table = Table(table_name, MetaData(), autoload_with=connection)
    plain = {
        sqltypes.Boolean: False,
        sqltypes.Integer: 0,
        sqltypes.Numeric: 0,
        sqltypes.Float: 0,
        sqltypes.DateTime: datetime(2026, 1, 1, tzinfo=UTC),
        sqltypes.Date: date(1990, 1, 1),
        sqltypes.JSON: {},
        sqltypes.String: "x",
    }
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        if column.server_default is not None:
            continue
        row[column.name] = next(v for t, v in plain.items() if isinstance(column.type, t))
    return connection.execute(table.insert().values(**row)).inserted_primary_key[0]


def _world_before_enum_checks(connection) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Rows at b4d81f6e2c37 in the spellings it allowed, with a cascading child of a story."""
    company = _insert(connection, "companies", name="Klantbedrijf")
    user = _insert(connection, "users", public_id="u" * 32, email="a@x.example", role="ASSESSOR")
    candidate = _insert(
        connection,
        "candidates",
        public_id="c" * 32,
        user_id=user,
        company_id=company,
        state="rating",  # the value spelling a hand-written row could hold
    )
    dossier = _insert(connection, "dossiers", candidate_id=candidate)
    story = _insert(connection, "star_stories", dossier_id=dossier, kind="MANAGER")
    _insert(connection, "story_competencies", story_id=story, competency="klantgericht")
    _insert(
        connection,
        "calibration_attempts",
        public_id="k" * 32,
        assessor_id=user,
        status="passed",
        submitted_at=datetime(2026, 1, 2, tzinfo=UTC),
    )
    return {"user": user, "story": story}


def test_enum_check_migration_keeps_every_row_and_converts_spellings(
    empty_database_url,
) -> None:
    """5e0c4a7d9b21 on a filled database: the tables are rebuilt without losing a row (on
    SQLite a story's competencies would go with the old table if foreign keys were on), the
    value spellings become names, and downgrade brings calibration's values back."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        flask_migrate.upgrade(revision="b4d81f6e2c37")
        with db.engine.begin() as connection:
            _world_before_enum_checks(connection)
        flask_migrate.upgrade(revision="5e0c4a7d9b21")
        with db.engine.begin() as connection:
            assert connection.execute(text("SELECT state FROM candidates")).all() == [("RATING",)]
            assert connection.execute(text("SELECT status FROM calibration_attempts")).all() == [
                ("PASSED",)
            ]
            assert connection.execute(text("SELECT count(*) FROM story_competencies")).scalar() == 1
            if connection.dialect.name == "sqlite":
                assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        names = {c["name"] for c in inspect(db.engine).get_check_constraints("users")}
        assert "ck_users_user_role" in names
        flask_migrate.downgrade(revision="b4d81f6e2c37")
        with db.engine.begin() as connection:
            assert connection.execute(text("SELECT status FROM calibration_attempts")).all() == [
                ("passed",)
            ]
            assert connection.execute(text("SELECT count(*) FROM story_competencies")).scalar() == 1
        names = {c["name"] for c in inspect(db.engine).get_check_constraints("users")}
        assert "ck_users_user_role" not in names
        db.engine.dispose()


def test_enum_check_migration_stops_on_a_value_no_member_has(empty_database_url, capfd) -> None:
    """A row that is no member in any spelling is named, and nothing is changed."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database_url)
    with app.app_context():
        flask_migrate.upgrade(revision="b4d81f6e2c37")
        with db.engine.begin() as connection:
            _world_before_enum_checks(connection)
            _insert(connection, "users", public_id="s" * 32, email="s@x.example", role="superuser")
        with pytest.raises(SystemExit):  # Flask-Migrate logs the error and exits
            flask_migrate.upgrade(revision="5e0c4a7d9b21")
        logged = capfd.readouterr().err
        assert "no member of their enum" in logged
        assert "users.role: 'superuser'" in logged
        with db.engine.begin() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).all() == [
                ("b4d81f6e2c37",)
            ]
            assert connection.execute(text("SELECT status FROM calibration_attempts")).all() == [
                ("passed",)
            ]
            assert connection.execute(text("SELECT state FROM candidates")).all() == [("rating",)]
        db.engine.dispose()
