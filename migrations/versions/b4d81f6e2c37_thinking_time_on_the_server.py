"""thinking time on the server: take maximum and lateness, missed first take, timing grace

Revision ID: b4d81f6e2c37
Revises: a7c3e91b5d20
Create Date: 2026-12-02 12:00:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b4d81f6e2c37"
down_revision = "a7c3e91b5d20"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assessment_settings", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "timing_grace_seconds", sa.Integer(), server_default=sa.text("10"), nullable=False
            )
        )
        batch_op.create_check_constraint(
            op.f("ck_assessment_settings_timing_grace_nonnegative"), "timing_grace_seconds >= 0"
        )
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("first_take_missed_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("takes", schema=None) as batch_op:
        batch_op.add_column(sa.Column("allowed_seconds", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("late_seconds", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.create_check_constraint(
            op.f("ck_takes_allowed_positive"), "allowed_seconds IS NULL OR allowed_seconds > 0"
        )
        batch_op.create_check_constraint(op.f("ck_takes_late_nonnegative"), "late_seconds >= 0")


def downgrade():
    with op.batch_alter_table("takes", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_takes_late_nonnegative"), type_="check")
        batch_op.drop_constraint(op.f("ck_takes_allowed_positive"), type_="check")
        batch_op.drop_column("late_seconds")
        batch_op.drop_column("allowed_seconds")
    with op.batch_alter_table("responses", schema=None) as batch_op:
        batch_op.drop_column("first_take_missed_at")
    with op.batch_alter_table("assessment_settings", schema=None) as batch_op:
        batch_op.drop_constraint(
            op.f("ck_assessment_settings_timing_grace_nonnegative"), type_="check"
        )
        batch_op.drop_column("timing_grace_seconds")
