"""The manager's personal endorsement of one candidate (part 1 of certificate B)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksf_b.accounts.models import User
from ksf_b.db_types import TimestampMixin
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate

__all__ = ["Endorsement"]


class Endorsement(TimestampMixin, db.Model):
    """One per candidate, written by the nominating manager; locked once submitted."""

    __tablename__ = "endorsements"
    __table_args__ = (CheckConstraint("revision >= 0", name="revision_nonnegative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), unique=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    nomination_reason: Mapped[str] = mapped_column(Text, default="")
    role_model_description: Mapped[str] = mapped_column(Text, default="")
    role_description_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    role_description_remark: Mapped[str] = mapped_column(Text, default="")
    # bumped on every saved draft, so a stale tab cannot overwrite newer text (409)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    draft_saved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    candidate: Mapped[Candidate] = relationship()
    manager: Mapped[User | None] = relationship()

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    def __repr__(self) -> str:
        return f"<Endorsement candidate={self.candidate_id} rev={self.revision}>"
