"""Who may sit the A test, the invigilated test sessions, the sittings and their event logs."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksf_b.accounts.models import Company, User
from ksf_b.db_types import TimestampMixin, enum_type, new_public_id, utcnow
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from theory.models.items import ItemVersion


class Enrolment(TimestampMixin, db.Model):
    """A person registered for the A test: a B candidate (candidate set) or A alone (None).

    Extra time is an accommodation of the person, recorded with its reason and applied to
    every sitting they start.
    """

    __tablename__ = "theory_enrolments"
    __table_args__ = (CheckConstraint("extra_minutes >= 0", name="extra_nonnegative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("candidates.id"), unique=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    extra_minutes: Mapped[int] = mapped_column(Integer, default=0)
    extra_reason: Mapped[str | None] = mapped_column(Text)
    passed_on: Mapped[date | None] = mapped_column(Date)
    certificate_number: Mapped[str | None] = mapped_column(String(64))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    candidate: Mapped[Candidate | None] = relationship()
    company: Mapped[Company | None] = relationship()
    registered_by: Mapped[User | None] = relationship(foreign_keys=[registered_by_id])
    sittings: Mapped[list[Sitting]] = relationship(
        back_populates="enrolment", order_by="Sitting.attempt"
    )

    @property
    def a_only(self) -> bool:
        return self.candidate_id is None


class TestSession(TimestampMixin, db.Model):
    """A planned, invigilated moment: candidates start only with its code within its time."""

    __tablename__ = "theory_test_sessions"
    __test__ = False  # not a pytest test class, despite its name
    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ends_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    online: Mapped[bool] = mapped_column(Boolean, default=False)
    location: Mapped[str] = mapped_column(String(200), default="")
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    invigilator_name: Mapped[str] = mapped_column(String(200))
    access_code: Mapped[str] = mapped_column(String(16), unique=True)
    cancelled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    company: Mapped[Company | None] = relationship()


class SittingStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    SUBMITTED = "submitted"  # handed in by the candidate
    CLOSED = "closed"  # time ran out; closed and scored by the worker
    VOIDED = "voided"  # declared invalid by KSF, with a reason

    @property
    def running(self) -> bool:
        return self in (SittingStatus.IN_PROGRESS, SittingStatus.PAUSED)


class Sitting(TimestampMixin, db.Model):
    """One attempt at the A test: the drawn form, the server's deadline and the outcome."""

    __tablename__ = "theory_sittings"
    __table_args__ = (
        UniqueConstraint("enrolment_id", "attempt", name="uq_theory_sitting_attempt"),
        CheckConstraint("attempt >= 1", name="attempt_positive"),
        CheckConstraint("deadline_at > started_at", name="deadline_after_start"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("theory_enrolments.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("theory_test_sessions.id"))
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[SittingStatus] = mapped_column(
        enum_type(SittingStatus, "theory_sitting_status"),
        default=SittingStatus.IN_PROGRESS,
        index=True,
    )
    seed: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    deadline_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    paused_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    extra_minutes: Mapped[int] = mapped_column(Integer, default=0)
    grace_seconds: Mapped[int] = mapped_column(Integer, default=60)
    cut_score: Mapped[int] = mapped_column(Integer)
    current_position: Mapped[int] = mapped_column(Integer, default=1)
    last_heartbeat_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    focus_losses: Mapped[int] = mapped_column(Integer, default=0)
    last_ip: Mapped[str | None] = mapped_column(String(64))
    last_user_agent: Mapped[str | None] = mapped_column(String(400))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    score: Mapped[float | None] = mapped_column(Numeric(7, 2, asdecimal=False))
    max_score: Mapped[float | None] = mapped_column(Numeric(7, 2, asdecimal=False))
    passed: Mapped[bool | None] = mapped_column(Boolean)
    eindterm_scores: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    void_reason: Mapped[str | None] = mapped_column(Text)

    enrolment: Mapped[Enrolment] = relationship(back_populates="sittings")
    session: Mapped[TestSession | None] = relationship()
    items: Mapped[list[SittingItem]] = relationship(
        back_populates="sitting", order_by="SittingItem.position", cascade="all, delete-orphan"
    )
    events: Mapped[list[SittingEvent]] = relationship(
        back_populates="sitting", order_by="SittingEvent.id", cascade="all, delete-orphan"
    )


class SittingItem(db.Model):
    """One drawn item of a sitting: its place, the option order shown, the answer and mark."""

    __tablename__ = "theory_sitting_items"
    __table_args__ = (
        UniqueConstraint("sitting_id", "position", name="uq_theory_sitting_position"),
        CheckConstraint("position >= 1", name="position_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(ForeignKey("theory_sittings.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    item_version_id: Mapped[int] = mapped_column(ForeignKey("theory_item_versions.id"))
    # ids of the options (or statements) in the order this candidate sees them
    display_order: Mapped[list[str]] = mapped_column(JSON)
    answer: Mapped[Any | None] = mapped_column(JSON)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    mark: Mapped[float | None] = mapped_column(Numeric(5, 2, asdecimal=False))

    sitting: Mapped[Sitting] = relationship(back_populates="items")
    # selectin: a sitting's 40 items load their versions in one query, not one each
    version: Mapped[ItemVersion] = relationship(lazy="selectin")


class SittingEvent(db.Model):
    """Append-only log of a sitting: start, resume, answer, focus lost, IP or browser change,
    pause, time added, hand-in, close, void."""

    __tablename__ = "theory_sitting_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    sitting_id: Mapped[int] = mapped_column(ForeignKey("theory_sittings.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    sitting: Mapped[Sitting] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
