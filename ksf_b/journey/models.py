"""A candidate's certificate-B case and the audit trail of its state changes."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksf_b.accounts.models import Company, User
from ksf_b.db_types import TimestampMixin, enum_type, new_public_id, utcnow
from ksf_b.extensions import db


class CandidateState(enum.StrEnum):
    """The B flow of DESIGN.md; later issues add the transitions after part 2."""

    NOMINATED = "nominated"
    DOSSIER_IN_PROGRESS = "dossier_in_progress"
    PART1_SUBMITTED = "part1_submitted"
    PART1_REJECTED = "part1_rejected"
    THEORY_A_REQUIRED = "theory_a_required"
    ASSESSMENT_INVITED = "assessment_invited"
    RECORDING = "recording"
    PART2_SUBMITTED = "part2_submitted"
    RATING = "rating"
    MODERATION = "moderation"
    RATED = "rated"
    VERDICT_PROPOSED = "verdict_proposed"
    VERDICT_CONFIRMED = "verdict_confirmed"
    RESULT_RELEASED = "result_released"


class ACertificateSource(enum.StrEnum):
    PLATFORM = "platform"  # passed the A theory test here
    REGISTERED = "registered"  # registered by an admin with number and date


class Candidate(TimestampMixin, db.Model):
    """One person's route to certificate B, nominated by a manager of their company."""

    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    date_of_birth: Mapped[date] = mapped_column(Date)
    current_role: Mapped[str] = mapped_column(String(200))
    state: Mapped[CandidateState] = mapped_column(
        enum_type(CandidateState, "candidate_state", length=32),
        default=CandidateState.NOMINATED,
        index=True,
    )
    decision_reason: Mapped[str | None] = mapped_column(Text)
    a_certificate_source: Mapped[ACertificateSource | None] = mapped_column(
        enum_type(ACertificateSource, "a_certificate_source")
    )
    a_certificate_number: Mapped[str | None] = mapped_column(String(64))
    a_certificate_date: Mapped[date | None] = mapped_column(Date)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    manager: Mapped[User | None] = relationship(foreign_keys=[manager_id])
    company: Mapped[Company] = relationship()
    events: Mapped[list[JourneyEvent]] = relationship(
        back_populates="candidate", order_by="JourneyEvent.id"
    )

    @property
    def holds_certificate_a(self) -> bool:
        return self.a_certificate_source is not None

    def __repr__(self) -> str:
        return f"<Candidate {self.id} {self.state}>"


class JourneyEvent(db.Model):
    """Audit record of one state transition: who, when, from, to and why."""

    __tablename__ = "journey_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    transition: Mapped[str] = mapped_column(String(64))
    from_state: Mapped[str] = mapped_column(String(32))
    to_state: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    candidate: Mapped[Candidate] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
