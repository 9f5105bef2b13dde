"""every enum column stores member names and refuses anything else

d2fd05438d59 gave the rating, verdict, certificate and theory enum columns a CHECK; the enum
columns of accounts, the journey, the dossier, media and the practicals were still plain
VARCHARs, so a row written by SQL could hold the value spelling ('submitted' where the ORM
stores 'SUBMITTED') or nonsense the ORM cannot load. Now every enum column is declared through
`ksf_b.db_types.enum_type` (member NAMES, `CHECK (column IN (...))` named `ck_<table>_<enum>`).

calibration_status was the one enum stored as values ('in_progress'); it now stores names
like the others: its rows, its CHECKs and the partial index of the open attempt are converted.

Existing rows: the value spelling of a member becomes its name (every member's value is its
name in lower case, so the meaning is clear); any other value stops the migration with the
table, column and values named, before anything is changed. SQLite changes the tables in batch
mode (copy and rename) with foreign keys paused by migrations/env.py; PostgreSQL in place.

Revision ID: 5e0c4a7d9b21
Revises: b4d81f6e2c37
Create Date: 2026-12-02 16:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "5e0c4a7d9b21"
down_revision = "b4d81f6e2c37"
branch_labels = None
depends_on = None

CANDIDATE_STATES = (
    "NOMINATED", "DOSSIER_IN_PROGRESS", "PART1_SUBMITTED", "PART1_REJECTED",
    "THEORY_A_REQUIRED", "ASSESSMENT_INVITED", "RECORDING", "PART2_SUBMITTED", "RATING",
    "MODERATION", "RATED", "VERDICT_PROPOSED", "VERDICT_CONFIRMED", "RESULT_RELEASED",
)
CALIBRATION = ("IN_PROGRESS", "PASSED", "REFERRED", "APPROVED", "DENIED")

# (table, column, enum name, stored members) of the columns that get their CHECK here
NEW_CHECKS = [
    ("candidates", "state", "candidate_state", CANDIDATE_STATES),
    ("candidates", "a_certificate_source", "a_certificate_source", ("PLATFORM", "REGISTERED")),
    ("checklist_definitions", "kind", "practical_kind", ("PHONE", "CHAT")),
    ("checklist_definitions", "status", "checklist_status",
     ("DRAFT", "PUBLISHED", "SUPERSEDED")),
    ("jobs", "status", "job_status", ("QUEUED", "RUNNING", "SUCCEEDED", "FAILED")),
    ("media_assets", "kind", "asset_kind", ("RECORDING", "SCENARIO", "DEVICE_TEST", "AUDIO")),
    ("media_assets", "status", "asset_status",
     ("UPLOADING", "QUEUED", "PROCESSING", "READY", "FAILED")),
    ("observations", "kind", "practical_kind", ("PHONE", "CHAT")),
    ("observations", "mode", "observation_mode", ("ON_SITE", "REMOTE", "RECORDED")),
    ("observations", "status", "observation_status",
     ("SCHEDULED", "IN_PROGRESS", "SIGNED_OFF", "CANCELLED")),
    ("star_stories", "kind", "story_kind", ("MANAGER", "COLLEAGUE")),
    ("upload_sessions", "state", "upload_state", ("OPEN", "FINALIZED")),
    ("users", "role", "user_role", ("CANDIDATE", "MANAGER", "ASSESSOR", "ADMIN")),
]
# the calibration attempt's constraints that name a status, in both spellings
CALIBRATION_TABLE = "calibration_attempts"
OPEN_INDEX = "uq_calibration_attempts_open"


def _list(members):
    return ", ".join(f"'{m}'" for m in members)


def _calibration_checks(spell):
    """The three CHECKs of calibration_attempts with the statuses spelled by `spell`."""
    members = [spell(m) for m in CALIBRATION]
    return [
        ("calibration_status", f"status IN ({_list(members)})"),
        ("finished_has_time", f"status = '{spell('IN_PROGRESS')}' OR submitted_at IS NOT NULL"),
        (
            "decision_has_reason",
            f"status NOT IN ({_list([spell('APPROVED'), spell('DENIED')])})"
            " OR length(decision_reason) > 0",
        ),
    ]


def _refuse_unknown(columns):
    """Stop before any change when a row holds neither a member's name nor its value."""
    bind = op.get_bind()
    problems = []
    for table, column, members in columns:
        allowed = _list(members + tuple(m.lower() for m in members))
        found = bind.execute(
            sa.text(
                f"SELECT DISTINCT {column} FROM {table} "
                f"WHERE {column} IS NOT NULL AND {column} NOT IN ({allowed})"
            )
        ).scalars().all()
        if found:
            problems.append(f"{table}.{column}: {', '.join(repr(v) for v in sorted(found))}")
    if problems:
        raise RuntimeError(
            "5e0c4a7d9b21: rows hold values that are no member of their enum, so the new CHECK "
            "constraints cannot be added. Correct or remove these rows first (nothing has been "
            "changed): " + "; ".join(problems)
        )


def _respell(table, column, members, spell):
    for member in members:
        op.execute(
            sa.text(
                f"UPDATE {table} SET {column} = '{spell(member)}' "
                f"WHERE {column} IN ('{member}', '{member.lower()}') "
                f"AND {column} <> '{spell(member)}'"
            )
        )


def _replace_calibration(spell_from, spell_to):
    """Drop the calibration CHECKs and index in one spelling, respell rows, add them back."""
    with op.batch_alter_table(CALIBRATION_TABLE, schema=None) as batch_op:
        batch_op.drop_index(OPEN_INDEX)
        for name, _sql in _calibration_checks(spell_from):
            batch_op.drop_constraint(op.f(f"ck_{CALIBRATION_TABLE}_{name}"), type_="check")
    _respell(CALIBRATION_TABLE, "status", CALIBRATION, spell_to)
    where = sa.text(f"status = '{spell_to('IN_PROGRESS')}'")
    with op.batch_alter_table(CALIBRATION_TABLE, schema=None) as batch_op:
        for name, sql in _calibration_checks(spell_to):
            batch_op.create_check_constraint(op.f(f"ck_{CALIBRATION_TABLE}_{name}"), sql)
        batch_op.create_index(
            OPEN_INDEX, ["assessor_id"], unique=True, sqlite_where=where, postgresql_where=where
        )


def _by_table():
    tables = {}
    for table, column, name, members in NEW_CHECKS:
        tables.setdefault(table, []).append((column, name, members))
    return tables


def upgrade():
    _refuse_unknown(
        [(t, c, members) for t, c, _n, members in NEW_CHECKS]
        + [(CALIBRATION_TABLE, "status", CALIBRATION)]
    )
    _replace_calibration(str.lower, str.upper)
    for table, column, _name, members in NEW_CHECKS:
        _respell(table, column, members, str.upper)
    for table, columns in _by_table().items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, name, members in columns:
                batch_op.create_check_constraint(
                    op.f(f"ck_{table}_{name}"), f"{column} IN ({_list(members)})"
                )


def downgrade():
    for table, columns in _by_table().items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for _column, name, _members in columns:
                batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
    _replace_calibration(str.upper, str.lower)
