"""The candidate's motivation dossier (part 1 of certificate B): one per candidate."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksf_b.db_types import TimestampMixin, enum_type
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate

__all__ = ["Dossier", "SelfRating", "StarStory", "StoryCompetency", "StoryKind"]


class StoryKind(enum.StrEnum):
    """Seed 004 asks for one STAR story with a manager and one with a colleague."""

    MANAGER = "manager"
    COLLEAGUE = "colleague"


class Dossier(TimestampMixin, db.Model):
    """The candidate's own motivation, two STAR stories and a self-rating per competency."""

    __tablename__ = "dossiers"
    __table_args__ = (
        CheckConstraint(
            "years_in_contact_centres IS NULL OR "
            "(years_in_contact_centres >= 0 AND years_in_contact_centres <= 50)",
            name="years_range",
        ),
        CheckConstraint("revision >= 0", name="revision_nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), unique=True)
    role_description: Mapped[str] = mapped_column(Text, default="")
    years_in_contact_centres: Mapped[int | None] = mapped_column(Integer)
    motivation: Mapped[str] = mapped_column(Text, default="")
    future_goal: Mapped[str] = mapped_column(Text, default="")
    # bumped on every stored draft so a stale tab cannot overwrite newer text (409)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    draft_saved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    candidate: Mapped[Candidate] = relationship()
    stories: Mapped[list[StarStory]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="StarStory.id"
    )
    ratings: Mapped[list[SelfRating]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="SelfRating.id"
    )

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def story(self, kind: StoryKind) -> StarStory | None:
        """Return the story of this kind, if it was started."""
        return next((s for s in self.stories if s.kind == kind), None)

    def rating_for(self, code: str) -> int | None:
        """Return the self-rating (1–5) given for a competency code, if any."""
        return next((r.score for r in self.ratings if r.competency == code), None)

    def can_edit(self, user: object) -> bool:
        """Only the owning candidate edits, and only until the dossier is submitted."""
        return not self.is_submitted and self.can_view(user)

    def can_view(self, user: object) -> bool:
        """The owning candidate reads it here; admins read it through the KSF review."""
        return getattr(user, "id", None) == self.candidate.user_id

    def __repr__(self) -> str:
        return f"<Dossier candidate={self.candidate_id} rev={self.revision}>"


class StarStory(db.Model):
    """One STAR story: Situatie, Taken, Activiteiten, Resultaat, and the competencies shown."""

    __tablename__ = "star_stories"
    __table_args__ = (UniqueConstraint("dossier_id", "kind", name="uq_star_stories_dossier_kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    kind: Mapped[StoryKind] = mapped_column(enum_type(StoryKind, "story_kind"))
    situation: Mapped[str] = mapped_column(Text, default="")
    tasks: Mapped[str] = mapped_column(Text, default="")
    activities: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")

    dossier: Mapped[Dossier] = relationship(back_populates="stories")
    competency_rows: Mapped[list[StoryCompetency]] = relationship(
        back_populates="story", cascade="all, delete-orphan", order_by="StoryCompetency.id"
    )

    @property
    def competencies(self) -> list[str]:
        """Return the competency codes this story shows."""
        return [row.competency for row in self.competency_rows]


class StoryCompetency(db.Model):
    """A competency (by stable code from ksf_b.competencies) shown in one story."""

    __tablename__ = "story_competencies"
    __table_args__ = (
        UniqueConstraint("story_id", "competency", name="uq_story_competencies_story_competency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("star_stories.id", ondelete="CASCADE"))
    competency: Mapped[str] = mapped_column(String(40))

    story: Mapped[StarStory] = relationship(back_populates="competency_rows")


class SelfRating(db.Model):
    """The candidate's own rating (1–5) of one competency."""

    __tablename__ = "dossier_self_ratings"
    __table_args__ = (
        UniqueConstraint(
            "dossier_id", "competency", name="uq_dossier_self_ratings_dossier_competency"
        ),
        CheckConstraint("score >= 1 AND score <= 5", name="score_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id", ondelete="CASCADE"))
    competency: Mapped[str] = mapped_column(String(40))
    score: Mapped[int] = mapped_column(Integer)

    dossier: Mapped[Dossier] = relationship(back_populates="ratings")
