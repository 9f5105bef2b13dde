"""Privacy (AVG): consents with the version of their text, and the retention settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksf_b.accounts.models import User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.programme_settings import ProgrammeSettingsMixin, single_row_check

__all__ = ["ConsentRecord", "PrivacySettings"]


class PrivacySettings(ProgrammeSettingsMixin, db.Model):
    """The programme's retention rules (one row; defaults in docs/privacy.md)."""

    __tablename__ = "privacy_settings"
    __table_args__ = (
        single_row_check(),
        CheckConstraint("retention_months BETWEEN 1 AND 120", name="retention_range"),
        CheckConstraint("stale_upload_days BETWEEN 1 AND 365", name="stale_upload_range"),
    )

    # months after the result was released before recordings and dossier are deleted
    retention_months: Mapped[int] = mapped_column(Integer, default=12)
    # days after which chunks of an upload that was never finalized are deleted
    stale_upload_days: Mapped[int] = mapped_column(Integer, default=7)


class ConsentRecord(db.Model):
    """A consent someone gave, with the version and SHA-256 of the text they agreed to."""

    __tablename__ = "privacy_consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))  # e.g. "recordings"
    text_version: Mapped[str] = mapped_column(String(32))
    text_sha256: Mapped[str] = mapped_column(String(64))
    given_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship()
