"""The registry: one row per certificate, and the per-programme, per-year number counter."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from certificates.programmes import Programme
from ksf_b.accounts.models import User
from ksf_b.db_types import TimestampMixin, enum_type, new_public_id, stored
from ksf_b.extensions import db

__all__ = ["Certificate", "CertificateSequence", "CertificateStatus", "Programme"]


class CertificateStatus(enum.StrEnum):
    VALID = "valid"
    REVOKED = "revoked"


class Certificate(TimestampMixin, db.Model):
    """A certificate as issued: its number, holder (name kept as printed) and status."""

    __tablename__ = "certificates"
    __table_args__ = (
        UniqueConstraint("programme", "year", "sequence", name="uq_certificates_sequence"),
        UniqueConstraint("programme", "source_ref", name="uq_certificates_source"),
        CheckConstraint(
            f"status <> {stored(CertificateStatus.REVOKED)}"
            " OR (revoked_at IS NOT NULL AND revoked_reason IS NOT NULL)",
            name="revocation_recorded",
        ),
        CheckConstraint("sequence > 0", name="sequence_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    programme: Mapped[Programme] = mapped_column(
        enum_type(Programme, "certificate_programme", length=8)
    )
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    holder_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    holder_name: Mapped[str] = mapped_column(String(200))
    issued_on: Mapped[date] = mapped_column(Date)
    check_code: Mapped[str] = mapped_column(String(16))
    status: Mapped[CertificateStatus] = mapped_column(
        enum_type(CertificateStatus, "certificate_status"),
        default=CertificateStatus.VALID,
    )
    source_ref: Mapped[str | None] = mapped_column(String(200))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    holder: Mapped[User] = relationship(foreign_keys=[holder_id])
    issued_by: Mapped[User | None] = relationship(foreign_keys=[issued_by_id])
    revoked_by: Mapped[User | None] = relationship(foreign_keys=[revoked_by_id])

    @property
    def is_valid(self) -> bool:
        return self.status is CertificateStatus.VALID

    def can_download(self, user: User) -> bool:
        """The holder and KSF admins may download the PDF."""
        from ksf_b.accounts.models import Role

        return user.id == self.holder_id or user.role is Role.ADMIN

    def __repr__(self) -> str:
        return f"<Certificate {self.number} {self.status}>"


class CertificateSequence(db.Model):
    """The last number handed out per programme and year; its row is the numbering lock."""

    __tablename__ = "certificate_sequences"

    programme: Mapped[Programme] = mapped_column(
        enum_type(Programme, "certificate_programme", length=8),
        primary_key=True,
    )
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)
