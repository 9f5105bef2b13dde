"""The programme's settings for the A test (one row) and its blueprint (rows per scope)."""

from __future__ import annotations

import enum

from sqlalchemy import CheckConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ksf_b.db_types import enum_type
from ksf_b.extensions import db
from ksf_b.programme_settings import ProgrammeSettingsMixin, single_row_check


class ARequirement(enum.StrEnum):
    """What certificate A requires: the theory test only (default) or also the phone practical."""

    THEORY_ONLY = "theory_only"
    THEORY_AND_PHONE = "theory_and_phone"


class TheorySettings(ProgrammeSettingsMixin, db.Model):
    """Time limit, cut score, attempts, waiting period, grace and the aid text; defaults in docs."""

    __tablename__ = "theory_settings"
    __table_args__ = (
        single_row_check(),
        CheckConstraint("time_limit_minutes BETWEEN 1 AND 600", name="time_limit_range"),
        CheckConstraint("cut_score >= 0", name="cut_score_nonnegative"),
        CheckConstraint("max_attempts >= 1", name="attempts_positive"),
        CheckConstraint("waiting_days >= 0", name="waiting_nonnegative"),
        CheckConstraint("grace_seconds BETWEEN 0 AND 3600", name="grace_range"),
    )

    time_limit_minutes: Mapped[int] = mapped_column(Integer, default=45)
    cut_score: Mapped[int] = mapped_column(Integer, default=23)
    max_attempts: Mapped[int] = mapped_column(Integer, default=3)
    waiting_days: Mapped[int] = mapped_column(Integer, default=14)
    grace_seconds: Mapped[int] = mapped_column(Integer, default=60)
    a_requirement: Mapped[ARequirement] = mapped_column(
        enum_type(ARequirement, "theory_a_requirement", length=24),
        default=ARequirement.THEORY_ONLY,
    )
    aid_title: Mapped[str] = mapped_column(String(200), default="Checklist vereisten")
    aid_text: Mapped[str] = mapped_column(Text, default="")


class BlueprintEntry(db.Model):
    """How many items the form draws for one toetsterm ("3.5") or one eindterm ("3")."""

    __tablename__ = "theory_blueprint_entries"
    __table_args__ = (
        UniqueConstraint("scope", name="uq_theory_blueprint_scope"),
        CheckConstraint("item_count >= 0", name="count_nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(8))
    item_count: Mapped[int] = mapped_column(Integer, default=1)
