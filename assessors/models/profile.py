"""An assessor's profile: affiliation, lead role, calibration and how much they can take on."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship, synonym

from ksf_b.accounts.models import Company, User
from ksf_b.db_types import TimestampMixin
from ksf_b.extensions import db


class AssessorProfile(TimestampMixin, db.Model):
    """What the assignment needs to know about an assessor (one row per assessor user)."""

    __tablename__ = "assessor_profiles"
    __table_args__ = (CheckConstraint("max_open_candidates >= 0", name="max_open_nonnegative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    # the company the assessor works for (or did): never assigned to its candidates
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    is_lead: Mapped[bool] = mapped_column(Boolean, default=False)
    # set by an admin by hand, or by the calibration step (ratingstats branch)
    is_calibrated: Mapped[bool] = mapped_column(Boolean, default=False)
    max_open_candidates: Mapped[int] = mapped_column(Integer, default=5)

    user: Mapped[User] = relationship()
    company: Mapped[Company | None] = relationship()
    affiliation = synonym("company")  # the name the interfaces use

    def __repr__(self) -> str:
        return f"<AssessorProfile user={self.user_id} lead={self.is_lead}>"
