"""The item bank: an item keeps its identity; its content lives in immutable versions.

A sitting points at the `ItemVersion` it drew, so an edit (a new version) or a retirement never
changes a sitting that already used the item.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksf_b.accounts.models import User
from ksf_b.db_types import TimestampMixin, enum_type, new_public_id, utcnow
from ksf_b.extensions import db


class ItemType(enum.StrEnum):
    SINGLE = "single"  # one correct option (radio buttons)
    MULTIPLE = "multiple"  # several correct options (checkboxes)
    CATEGORISE = "categorise"  # sort statements into given categories


class Item(TimestampMixin, db.Model):
    """One question of the bank, tagged with its toetsterm (and optionally a work process)."""

    __tablename__ = "theory_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    toetsterm: Mapped[str] = mapped_column(String(8), index=True)
    work_process: Mapped[str | None] = mapped_column(String(8))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retired_reason: Mapped[str | None] = mapped_column(Text)

    versions: Mapped[list[ItemVersion]] = relationship(
        back_populates="item", order_by="ItemVersion.number", cascade="all, delete-orphan"
    )

    @property
    def current(self) -> ItemVersion:
        return self.versions[-1]

    @property
    def eindterm(self) -> str:
        return self.toetsterm.split(".", 1)[0]

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None

    def __repr__(self) -> str:
        return f"<Item {self.code}>"


class ItemVersion(db.Model):
    """The content of an item at one moment; never changed once written.

    `content` holds the options (`{"options": [{"id", "text", "correct"}]}`) or, for
    categorisation, `{"categories": [{"id", "label"}], "statements": [{"id", "text",
    "category"}]}`.
    """

    __tablename__ = "theory_item_versions"
    __table_args__ = (
        UniqueConstraint("item_id", "number", name="uq_theory_item_version_number"),
        CheckConstraint("points > 0", name="points_positive"),
        CheckConstraint("number >= 1", name="number_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("theory_items.id"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    type: Mapped[ItemType] = mapped_column(enum_type(ItemType, "theory_item_type"))
    stem: Mapped[str] = mapped_column(Text)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    points: Mapped[float] = mapped_column(Numeric(5, 2, asdecimal=False), default=1)
    partial_credit: Mapped[bool] = mapped_column(Boolean, default=False)
    keep_order: Mapped[bool] = mapped_column(Boolean, default=False)
    feedback: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    item: Mapped[Item] = relationship(back_populates="versions")
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<ItemVersion {self.item_id} v{self.number}>"
