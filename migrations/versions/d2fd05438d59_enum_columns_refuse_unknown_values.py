"""enum columns of rating, verdicts, certificates and theory refuse unknown values

The enum columns were plain VARCHARs without a CHECK, so a row written by SQL could hold the
other spelling of a member ('submitted' where the ORM stores 'SUBMITTED') and slip past the
status constraints (`status != 'SUBMITTED' OR submitted_at IS NOT NULL`), or hold nonsense the
ORM cannot load. Existing rows in the other spelling are converted first (upper case for the
name-stored enums, lower case for calibration_status, which stores values); then each column
gets `CHECK (column IN (...))`, named as SQLAlchemy's `create_constraint=True` names it.
SQLite changes the tables in batch mode (copy and rename), PostgreSQL alters them in place.

Revision ID: d2fd05438d59
Revises: 3261fd6e3d4d
Create Date: 2026-12-02 01:50:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "d2fd05438d59"
down_revision = "3261fd6e3d4d"
branch_labels = None
depends_on = None

# (table, column, enum name, stored members, function that turns the other spelling into one)
ENUMS = [
    ("calibration_attempts", "status", "calibration_status",
     ("in_progress", "passed", "referred", "approved", "denied"), "lower"),
    ("certificate_sequences", "programme", "certificate_programme", ("A", "B", "CHAT"), "upper"),
    ("certificates", "programme", "certificate_programme", ("A", "B", "CHAT"), "upper"),
    ("certificates", "status", "certificate_status", ("VALID", "REVOKED"), "upper"),
    ("moderation_cases", "status", "moderation_status",
     ("OPEN", "THIRD_REQUESTED", "RESOLVED"), "upper"),
    ("rating_assignments", "kind", "assignment_kind", ("FIRST", "SECOND", "THIRD"), "upper"),
    ("rating_assignments", "status", "assignment_status",
     ("ASSIGNED", "SUBMITTED", "WITHDRAWN"), "upper"),
    ("rubric_versions", "status", "rubric_status", ("DRAFT", "PUBLISHED", "SUPERSEDED"), "upper"),
    ("theory_item_versions", "type", "theory_item_type",
     ("SINGLE", "MULTIPLE", "CATEGORISE"), "upper"),
    ("theory_settings", "a_requirement", "theory_a_requirement",
     ("THEORY_ONLY", "THEORY_AND_PHONE"), "upper"),
    ("theory_sittings", "status", "theory_sitting_status",
     ("IN_PROGRESS", "PAUSED", "SUBMITTED", "CLOSED", "VOIDED"), "upper"),
    ("verdict_appeals", "status", "appeal_status",
     ("LODGED", "REJECTED", "RERATING", "DECIDED"), "upper"),
    ("verdicts", "status", "verdict_status",
     ("PROPOSED", "CONFIRMED", "RELEASED", "WITHDRAWN"), "upper"),
]


def _members(members):
    return ", ".join(f"'{m}'" for m in members)


def _by_table():
    tables = {}
    for table, column, name, members, _fix in ENUMS:
        tables.setdefault(table, []).append((column, name, members))
    return tables


def upgrade():
    for table, column, _name, members, fix in ENUMS:
        # the other spelling of a member becomes the stored one; anything else stays and
        # makes the CHECK below fail loudly (the ORM could not load such a row either)
        op.execute(
            sa.text(
                f"UPDATE {table} SET {column} = {fix}({column}) "
                f"WHERE {column} <> {fix}({column}) AND {fix}({column}) IN ({_members(members)})"
            )
        )
    for table, columns in _by_table().items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, name, members in columns:
                batch_op.create_check_constraint(
                    op.f(f"ck_{table}_{name}"), f"{column} IN ({_members(members)})"
                )


def downgrade():
    for table, columns in _by_table().items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for _column, name, _members in columns:
                batch_op.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
