"""Users, their role and company, and the single-use tokens of invitations and resets."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksf_b.accounts import hashing
from ksf_b.db_types import TimestampMixin, enum_type, new_public_id, utcnow
from ksf_b.extensions import db


class Role(enum.StrEnum):
    CANDIDATE = "candidate"
    MANAGER = "manager"
    ASSESSOR = "assessor"
    ADMIN = "admin"


class Company(TimestampMixin, db.Model):
    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)

    users: Mapped[list[User]] = relationship(back_populates="company")


class User(UserMixin, TimestampMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_type(Role, "user_role", length=20))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    activated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    invited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # last sent
    # bumped on password change so outstanding reset links and sessions die
    security_stamp: Mapped[str] = mapped_column(String(32), default=new_public_id)

    company: Mapped[Company | None] = relationship(back_populates="users")

    def get_id(self) -> str:
        return f"{self.public_id}:{self.security_stamp}"

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    def set_password(self, password: str) -> None:
        self.password_hash = hashing.hash_password(password)
        self.security_stamp = new_public_id()
        if self.activated_at is None:
            self.activated_at = utcnow()

    def check_password(self, password: str) -> bool:
        """Verify `password`; an outdated hash of a right password is replaced (no new
        security stamp: the user's other sessions and links stay valid)."""
        if not hashing.verify_password(self.password_hash, password):
            return False
        if self.password_hash and hashing.needs_rehash(self.password_hash):
            self.password_hash = hashing.hash_password(password)
        return True

    def has_role(self, *roles: Role) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class UsedToken(db.Model):
    """A spent invitation or reset token: signed links are single-use because of this row."""

    __tablename__ = "used_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[str] = mapped_column(String(64), unique=True)
    used_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
