"""Verdicts, their feedback, appeals and the verdict settings (one row)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from certificates.models import Certificate
from ksf_b.accounts.models import User
from ksf_b.db_types import enum_type, new_public_id, stored, utcnow
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.programme_settings import ProgrammeSettingsMixin, single_row_check

__all__ = [
    "Appeal",
    "AppealStatus",
    "Feedback",
    "Verdict",
    "VerdictSettings",
    "VerdictStatus",
]


class VerdictSettings(ProgrammeSettingsMixin, db.Model):
    """Programme rules of the verdict; defaults documented in docs/verdict.md."""

    __tablename__ = "verdict_settings"
    __table_args__ = (
        single_row_check(),
        CheckConstraint("service_level_working_days >= 1", name="service_level_positive"),
        CheckConstraint("appeal_days >= 0", name="appeal_days_nonnegative"),
        CheckConstraint("override_reason_min >= 1", name="override_reason_positive"),
    )

    require_certificate_a: Mapped[bool] = mapped_column(Boolean, default=True)
    four_eyes_override: Mapped[bool] = mapped_column(Boolean, default=True)
    override_reason_min: Mapped[int] = mapped_column(Integer, default=20)
    service_level_working_days: Mapped[int] = mapped_column(Integer, default=10)
    appeal_days: Mapped[int] = mapped_column(Integer, default=14)


class VerdictStatus(enum.StrEnum):
    PROPOSED = "proposed"  # an override waiting for a second admin
    CONFIRMED = "confirmed"
    RELEASED = "released"
    WITHDRAWN = "withdrawn"  # an override the second admin did not confirm


class Verdict(db.Model):
    """One final verdict of a candidate: the rule's proposal, the decision, who and when.

    A candidate has one verdict per round; an upheld appeal starts the next round, and every
    earlier verdict stays as it was (the history).
    """

    __tablename__ = "verdicts"
    __table_args__ = (
        CheckConstraint(
            "NOT is_override OR override_reason IS NOT NULL", name="override_has_reason"
        ),
        CheckConstraint(
            f"status NOT IN ({stored(VerdictStatus.CONFIRMED, VerdictStatus.RELEASED)})"
            " OR confirmed_at IS NOT NULL",
            name="confirmed_has_time",
        ),
        CheckConstraint(
            f"status <> {stored(VerdictStatus.RELEASED)} OR released_at IS NOT NULL",
            name="released_has_time",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    round: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[VerdictStatus] = mapped_column(
        enum_type(VerdictStatus, "verdict_status"),
        default=VerdictStatus.PROPOSED,
    )
    proposed_passed: Mapped[bool] = mapped_column(Boolean)
    passed: Mapped[bool] = mapped_column(Boolean)
    explanation: Mapped[str] = mapped_column(Text)
    competency_scores: Mapped[dict] = mapped_column(JSON, default=dict)
    part2_mean: Mapped[float | None] = mapped_column(Float)
    is_override: Mapped[bool] = mapped_column(Boolean, default=False)
    override_reason: Mapped[str | None] = mapped_column(Text)
    proposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)
    certificate_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))

    candidate: Mapped[Candidate] = relationship()
    proposed_by: Mapped[User | None] = relationship(foreign_keys=[proposed_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])
    released_by: Mapped[User | None] = relationship(foreign_keys=[released_by_id])
    certificate: Mapped[Certificate | None] = relationship()

    @property
    def is_released(self) -> bool:
        return self.status is VerdictStatus.RELEASED


class Feedback(db.Model):
    """Development feedback per competency for one candidate; `revision` guards autosave."""

    __tablename__ = "verdict_feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), unique=True)
    texts: Mapped[dict] = mapped_column(JSON, default=dict)  # competency code -> text
    revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    candidate: Mapped[Candidate] = relationship()
    updated_by: Mapped[User | None] = relationship()


class AppealStatus(enum.StrEnum):
    LODGED = "lodged"
    REJECTED = "rejected"
    RERATING = "rerating"  # a fresh assessor rates again; a new verdict follows
    DECIDED = "decided"  # the new verdict is released


class Appeal(db.Model):
    """A candidate's written objection (bezwaar) against a released verdict, and its outcome."""

    __tablename__ = "verdict_appeals"
    __table_args__ = (
        UniqueConstraint("verdict_id", name="uq_verdict_appeals_verdict"),
        CheckConstraint(
            f"status <> {stored(AppealStatus.REJECTED)} OR decision_reason IS NOT NULL",
            name="rejection_has_reason",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    verdict_id: Mapped[int] = mapped_column(ForeignKey("verdicts.id"))
    text: Mapped[str] = mapped_column(Text)
    lodged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    status: Mapped[AppealStatus] = mapped_column(
        enum_type(AppealStatus, "appeal_status"),
        default=AppealStatus.LODGED,
    )
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_reason: Mapped[str | None] = mapped_column(Text)
    rerating_assessor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    new_verdict_id: Mapped[int | None] = mapped_column(ForeignKey("verdicts.id"))

    candidate: Mapped[Candidate] = relationship()
    verdict: Mapped[Verdict] = relationship(foreign_keys=[verdict_id])
    new_verdict: Mapped[Verdict | None] = relationship(foreign_keys=[new_verdict_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    rerating_assessor: Mapped[User | None] = relationship(foreign_keys=[rerating_assessor_id])
