"""Who rates which candidate, and what they gave: assignments, scores and observation notes."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
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

from ksf_b.accounts.models import User
from ksf_b.assessment.models import Response
from ksf_b.db_types import enum_type, new_public_id, stored, utcnow
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate

from .rubric import RubricVersion


class AssignmentKind(enum.StrEnum):
    FIRST = "first"
    SECOND = "second"
    THIRD = "third"


class AssignmentStatus(enum.StrEnum):
    ASSIGNED = "assigned"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


class RatingAssignment(db.Model):
    """One assessor's rating of one candidate; its `revision` guards the draft (compare-and-set)."""

    __tablename__ = "rating_assignments"
    __table_args__ = (
        # an assessor rates a candidate once; a withdrawn one is never assigned again
        UniqueConstraint("candidate_id", "assessor_id", name="uq_rating_assignments_assessor"),
        CheckConstraint(
            f"status != {stored(AssignmentStatus.SUBMITTED)} OR submitted_at IS NOT NULL",
            name="submitted_has_time",
        ),
        CheckConstraint(
            f"status != {stored(AssignmentStatus.WITHDRAWN)} OR withdrawn_reason IS NOT NULL",
            name="withdrawn_has_reason",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), index=True)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[AssignmentKind] = mapped_column(enum_type(AssignmentKind, "assignment_kind"))
    status: Mapped[AssignmentStatus] = mapped_column(
        enum_type(AssignmentStatus, "assignment_status"),
        default=AssignmentStatus.ASSIGNED,
        index=True,
    )
    revision: Mapped[int] = mapped_column(Integer, default=0)
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    deadline_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    draft_saved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_reason: Mapped[str | None] = mapped_column(Text)

    candidate: Mapped[Candidate] = relationship()
    assessor: Mapped[User] = relationship(foreign_keys=[assessor_id])
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])
    scores: Mapped[list[Score]] = relationship(
        back_populates="assignment", cascade="all, delete-orphan"
    )
    notes: Mapped[list[ObservationNote]] = relationship(
        back_populates="assignment",
        cascade="all, delete-orphan",
        order_by="ObservationNote.position",
    )

    @property
    def is_open(self) -> bool:
        return self.status is AssignmentStatus.ASSIGNED

    @property
    def is_submitted(self) -> bool:
        return self.status is AssignmentStatus.SUBMITTED

    def __repr__(self) -> str:
        return f"<RatingAssignment {self.kind} candidate={self.candidate_id} {self.status}>"


class Score(db.Model):
    """A score 1–5 for one competency in one response, or "not ratable" with the reason."""

    __tablename__ = "rating_scores"
    __table_args__ = (
        UniqueConstraint(
            "assignment_id", "response_id", "competency_code", name="uq_rating_scores_cell"
        ),
        CheckConstraint("value IS NULL OR value BETWEEN 1 AND 5", name="value_range"),
        CheckConstraint("value IS NULL OR not_ratable_reason IS NULL", name="value_or_not_ratable"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("rating_assignments.id", ondelete="CASCADE"), index=True
    )
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    competency_code: Mapped[str] = mapped_column(String(40))
    value: Mapped[int | None] = mapped_column(Integer)
    # "" while "niet te beoordelen" is chosen but its reason is not typed yet (a draft)
    not_ratable_reason: Mapped[str | None] = mapped_column(Text)
    rubric_version_id: Mapped[int] = mapped_column(ForeignKey("rubric_versions.id"))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    assignment: Mapped[RatingAssignment] = relationship(back_populates="scores")
    response: Mapped[Response] = relationship()
    rubric_version: Mapped[RubricVersion] = relationship()

    @property
    def is_complete(self) -> bool:
        """A value, or "not ratable" with a reason."""
        return self.value is not None or bool((self.not_ratable_reason or "").strip())


class ObservationNote(db.Model):
    """One line of an assessor's notes on a response, at a moment of the recording."""

    __tablename__ = "observation_notes"
    __table_args__ = (CheckConstraint("at_seconds IS NULL OR at_seconds >= 0", name="at_nonneg"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("rating_assignments.id", ondelete="CASCADE"), index=True
    )
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    at_seconds: Mapped[float | None] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)

    assignment: Mapped[RatingAssignment] = relationship(back_populates="notes")
    response: Mapped[Response] = relationship()
