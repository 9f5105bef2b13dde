"""Column helpers shared by every domain's models."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, Enum
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC (stored as UTC everywhere)."""
    return datetime.now(UTC)


def new_public_id() -> str:
    """Return an unguessable id for URLs, so database ids never leak into links."""
    return uuid.uuid4().hex


def enum_type(cls: type[enum.Enum], name: str, length: int = 16) -> Enum:
    """Return the column type of every enum column: the member NAMES in a VARCHAR with a CHECK.

    One rule for all backends: no native enum type (adding a member needs no type migration),
    the database refuses anything but a member's name (`CHECK (col IN ('A', 'B'))`, named
    `ck_<table>_<name>`), and the ORM refuses a string that is neither a member nor its value.
    CHECK constraints and partial indexes that compare the column name the stored form through
    `stored()`, so they cannot drift to the value spelling the database never holds.
    """
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        validate_strings=True,
        length=length,
    )


def stored(*members: enum.Enum) -> str:
    """Return the SQL literals of the members as an `enum_type` column stores them ('NAME')."""
    return ", ".join(f"'{member.name}'" for member in members)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
