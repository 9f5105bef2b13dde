"""Moderation of two ratings that disagree: the case and a lead's decision per competency."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksf_b.accounts.models import User
from ksf_b.db_types import enum_type, new_public_id, utcnow
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate


class ModerationStatus(enum.StrEnum):
    OPEN = "open"
    THIRD_REQUESTED = "third_requested"
    RESOLVED = "resolved"


class ModerationCase(db.Model):
    """A candidate whose two ratings differ beyond the thresholds; a lead resolves it."""

    __tablename__ = "moderation_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), unique=True)
    status: Mapped[ModerationStatus] = mapped_column(
        enum_type(ModerationStatus, "moderation_status"),
        default=ModerationStatus.OPEN,
        index=True,
    )
    # comma-separated competency codes found disputed when the case was opened
    disputed_codes: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    third_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    candidate: Mapped[Candidate] = relationship()
    lead: Mapped[User | None] = relationship()
    decisions: Mapped[list[ModerationDecision]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="ModerationDecision.id"
    )

    @property
    def disputed(self) -> list[str]:
        return [code for code in self.disputed_codes.split(",") if code]

    def decision(self, code: str) -> ModerationDecision | None:
        return next((d for d in self.decisions if d.competency_code == code), None)


class ModerationDecision(db.Model):
    """The consensus score of one disputed competency, with the lead's written justification."""

    __tablename__ = "moderation_decisions"
    __table_args__ = (
        UniqueConstraint("case_id", "competency_code", name="uq_moderation_decisions_code"),
        CheckConstraint("value BETWEEN 1 AND 5", name="value_range"),
        CheckConstraint("length(justification) > 0", name="justified"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("moderation_cases.id", ondelete="CASCADE"), index=True
    )
    competency_code: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    justification: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    case: Mapped[ModerationCase] = relationship(back_populates="decisions")
    decided_by: Mapped[User] = relationship()
