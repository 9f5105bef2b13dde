"""Every enum column refuses, in the database itself, what is no member's stored name.

The ORM stores member NAMES ('SUBMITTED'); a row written by SQL in the value spelling
('submitted') or with nonsense must be refused by a CHECK, and the CHECKs that compare an enum
column to a literal must compare the stored form, or they never apply. The demo world gives
every enum table rows; each refusal is checked against the constraint the database names.
Run on SQLite and, with `--postgres`, on PostgreSQL.
"""

from __future__ import annotations

import re

import pytest
from sqlalchemy import CheckConstraint, Enum, Table, text
from sqlalchemy.exc import IntegrityError

from ksf_b.demo import seed_demo

BOGUS = "NOPE"  # short enough for the narrowest column (8)


def enum_columns(metadata):  # type: ignore[no-untyped-def]
    return [
        (table, column)
        for table in sorted(metadata.tables.values(), key=lambda t: t.name)
        for column in table.columns
        if isinstance(column.type, Enum)
    ]


def test_every_enum_column_is_declared_by_the_one_rule(db) -> None:
    """native_enum off, a named CHECK, validate_strings: what `enum_type` declares."""
    columns = enum_columns(db.metadata)
    assert len(columns) >= 25  # the columns of accounts … certificates, not an empty walk
    wrong = [
        f"{table.name}.{column.name}"
        for table, column in columns
        if column.type.native_enum
        or not column.type.create_constraint
        or not column.type.validate_strings
        or column.type.enums != [m.name for m in column.type.enum_class]
    ]
    assert wrong == []


def _literal_texts(table: Table) -> list[tuple[str, str]]:
    """(what, SQL) of every CHECK and partial index of the table."""
    found = [
        (f"CHECK {c.name}", str(c.sqltext))
        for c in table.constraints
        if isinstance(c, CheckConstraint)
    ]
    for index in table.indexes:
        for dialect in ("sqlite", "postgresql"):
            where = index.dialect_options[dialect].get("where")
            if where is not None:
                found.append((f"{dialect} index {index.name}", str(where)))
    return found


def test_checks_and_partial_indexes_compare_the_stored_form(db) -> None:
    """A literal compared with an enum column is a member's name, never its value."""
    offending = []
    compared = 0
    for table in db.metadata.tables.values():
        enums = {c.name: c.type.enum_class for c in table.columns if isinstance(c.type, Enum)}
        for what, sql in _literal_texts(table):
            literals = set(re.findall(r"'([^']*)'", sql))
            for column, enum_class in enums.items():
                if not re.search(rf"\b{column}\b", sql) or not literals:
                    continue
                compared += 1
                names = {m.name for m in enum_class}
                offending += [f"{table.name} {what}: '{v}'" for v in literals - names]
    assert compared >= 10  # the status rules of rating, calibration, verdicts, certificates …
    assert offending == []


def _refused(engine, sql: str, params: dict) -> str | None:  # type: ignore[no-untyped-def]
    """Run one statement in its own transaction, always rolled back; the error text or None."""
    with engine.connect() as connection:
        try:
            connection.execute(text(sql), params)
        except IntegrityError as error:
            return str(error.orig)
        finally:
            connection.rollback()
    return None


def _one_row(engine, table: Table) -> dict:  # type: ignore[no-untyped-def]
    keys = [c.name for c in table.primary_key.columns]
    with engine.connect() as connection:
        row = connection.execute(text(f"SELECT {', '.join(keys)} FROM {table.name}")).first()
    assert row is not None, f"the demo world has no row in {table.name}"
    return dict(zip(keys, row, strict=True))


@pytest.fixture
def demo_world(app, db):  # type: ignore[no-untyped-def]
    seed_demo()
    db.session.commit()
    db.session.remove()
    return db


def test_every_enum_column_refuses_a_bogus_value_written_by_sql(demo_world) -> None:
    engine = demo_world.engine
    accepted = []
    for table, column in enum_columns(demo_world.metadata):
        key = _one_row(engine, table)
        where = " AND ".join(f"{k} = :{k}" for k in key)
        constraint = f"ck_{table.name}_{column.type.name}"
        with engine.connect() as connection:
            current = connection.execute(
                text(f"SELECT {column.name} FROM {table.name} WHERE {where}"), key
            ).scalar()
        update = f"UPDATE {table.name} SET {column.name} = :value WHERE {where}"
        other_spelling = column.type.enums[0].lower()  # the value of every member but A, B
        for value in (BOGUS, other_spelling):
            error = _refused(engine, update, {**key, "value": value})
            if error is None or constraint not in error:
                accepted.append(f"{table.name}.{column.name} = {value!r}: {error}")
        if current is not None:
            # the same statement with the stored name of the row's own member goes through
            assert _refused(engine, update, {**key, "value": current}) is None
    assert accepted == []


# (table, constraint, row filter, assignments that break exactly that constraint)
STATUS_RULES = [
    (
        "rating_assignments",
        "submitted_has_time",
        "1 = 1",
        "status = 'SUBMITTED', submitted_at = NULL",
    ),
    (
        "rating_assignments",
        "withdrawn_has_reason",
        "1 = 1",
        "status = 'WITHDRAWN', withdrawn_reason = NULL",
    ),
    (
        "calibration_attempts",
        "finished_has_time",
        "1 = 1",
        "status = 'PASSED', submitted_at = NULL",
    ),
    (
        "calibration_attempts",
        "decision_has_reason",
        "1 = 1",
        "status = 'DENIED', submitted_at = started_at, decision_reason = ''",
    ),
    ("rubric_versions", "published_has_time", "1 = 1", "status = 'PUBLISHED', published_at = NULL"),
    ("verdicts", "confirmed_has_time", "1 = 1", "status = 'CONFIRMED', confirmed_at = NULL"),
    ("verdicts", "released_has_time", "status = 'RELEASED'", "released_at = NULL"),
    (
        "verdict_appeals",
        "rejection_has_reason",
        "1 = 1",
        "status = 'REJECTED', decision_reason = NULL",
    ),
    (
        "certificates",
        "revocation_recorded",
        "1 = 1",
        "status = 'REVOKED', revoked_at = NULL, revoked_reason = 'ingetrokken'",
    ),
]


def test_status_rules_refuse_the_rows_they_are_meant_to(demo_world) -> None:
    """Each CHECK that names a status refuses the row it exists for; then the open-attempt
    index (one demo world for all: seeding it takes seconds)."""
    engine = demo_world.engine
    passed = []
    for table, name, row_filter, assignments in STATUS_RULES:
        with engine.connect() as connection:
            row_id = connection.execute(
                text(f"SELECT id FROM {table} WHERE {row_filter} ORDER BY id")
            ).scalar()
        assert row_id is not None, f"the demo world has no {table} row for {name}"
        update = f"UPDATE {table} SET {assignments} WHERE id = :id"
        error = _refused(engine, update, {"id": row_id})
        if error is None or f"ck_{table}_{name}" not in error:
            passed.append(f"{table} {name}: {error}")
    assert passed == []
    _second_open_calibration_attempt_is_refused(engine)


def _second_open_calibration_attempt_is_refused(engine) -> None:  # type: ignore[no-untyped-def]
    """The partial unique index names 'IN_PROGRESS': a second open attempt is refused."""
    copy = (
        "INSERT INTO calibration_attempts (public_id, assessor_id, status, revision, "
        "started_at, submitted_at) SELECT :public_id, assessor_id, :status, 0, started_at, "
        "started_at FROM calibration_attempts WHERE id = :id"
    )
    with engine.begin() as connection:
        row_id = connection.execute(text("SELECT id FROM calibration_attempts")).scalar()
        connection.execute(
            text("UPDATE calibration_attempts SET status = 'IN_PROGRESS' WHERE id = :id"),
            {"id": row_id},
        )
    finished = {"public_id": "f" * 32, "status": "PASSED", "id": row_id}
    assert _refused(engine, copy, finished) is None  # a finished one beside it is fine
    error = _refused(engine, copy, {**finished, "status": "IN_PROGRESS"})
    assert error is not None and re.search(
        r"uq_calibration_attempts_open|calibration_attempts\.assessor_id", error
    ), error
