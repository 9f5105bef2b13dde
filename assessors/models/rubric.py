"""The rubric as versioned data: a version holds a definition and five anchors per competency.

A version is a draft until it is published; a published version never changes again. Editing
starts a new draft (a copy), which supersedes the published one when it is published itself.
Every score refers to the version it was given under.
"""

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
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksf_b.accounts.models import User
from ksf_b.db_types import TimestampMixin, enum_type, stored
from ksf_b.extensions import db

LEVELS = (1, 2, 3, 4, 5)


class RubricStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


class RubricVersion(TimestampMixin, db.Model):
    """One numbered version of the rubric of the eight competencies."""

    __tablename__ = "rubric_versions"
    __table_args__ = (
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint(
            f"status = {stored(RubricStatus.DRAFT)} OR published_at IS NOT NULL",
            name="published_has_time",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    status: Mapped[RubricStatus] = mapped_column(
        enum_type(RubricStatus, "rubric_status"),
        default=RubricStatus.DRAFT,
        index=True,
    )
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    published_by: Mapped[User | None] = relationship(foreign_keys=[published_by_id])
    competencies: Mapped[list[RubricCompetency]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="RubricCompetency.id"
    )

    @property
    def is_draft(self) -> bool:
        return self.status is RubricStatus.DRAFT

    def competency(self, code: str) -> RubricCompetency | None:
        """Return this version's entry for competency `code`."""
        return next((c for c in self.competencies if c.competency_code == code), None)

    def __repr__(self) -> str:
        return f"<RubricVersion {self.number} {self.status}>"


class RubricCompetency(db.Model):
    """A competency's definition within one rubric version."""

    __tablename__ = "rubric_competencies"
    __table_args__ = (
        UniqueConstraint("version_id", "competency_code", name="uq_rubric_competencies_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        ForeignKey("rubric_versions.id", ondelete="CASCADE"), index=True
    )
    competency_code: Mapped[str] = mapped_column(String(40))
    definition: Mapped[str] = mapped_column(Text)

    version: Mapped[RubricVersion] = relationship(back_populates="competencies")
    anchors: Mapped[list[RubricAnchor]] = relationship(
        back_populates="competency", cascade="all, delete-orphan", order_by="RubricAnchor.level"
    )

    def anchor(self, level: int) -> str:
        """Return the anchor text of `level` (empty when missing)."""
        return next((a.text for a in self.anchors if a.level == level), "")


class RubricAnchor(db.Model):
    """The observable behaviour that earns one level (1–5) of a competency."""

    __tablename__ = "rubric_anchors"
    __table_args__ = (
        UniqueConstraint("competency_id", "level", name="uq_rubric_anchors_level"),
        CheckConstraint("level BETWEEN 1 AND 5", name="level_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("rubric_competencies.id", ondelete="CASCADE"), index=True
    )
    level: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    competency: Mapped[RubricCompetency] = relationship(back_populates="anchors")


class PublishedRubricChanged(Exception):
    """A published (or superseded) rubric version's texts were about to change."""


def _refuse_published(_mapper, _connection, target) -> None:  # type: ignore[no-untyped-def]
    version = target.version if isinstance(target, RubricCompetency) else target.competency.version
    if version is not None and version.status is not RubricStatus.DRAFT:
        raise PublishedRubricChanged(f"rubric version {version.number} is {version.status}")


# a last line of defence below `rubrics.update_draft`: the database never gets the change
for _model in (RubricCompetency, RubricAnchor):
    event.listen(_model, "before_update", _refuse_published)
    event.listen(_model, "before_delete", _refuse_published)
