"""Account operations called by views of several journeys (admin, nomination)."""

from __future__ import annotations

from ksf_b.accounts.models import Company, Role, User
from ksf_b.extensions import db


def invite_user(
    email: str, full_name: str, role: Role, company: Company | None, invited_by: User | None
) -> User:
    """Create an account without a password and e-mail a signed, expiring invitation link.

    PLACEHOLDER body: the accounts work makes the link signed, expiring and single-use.
    """
    user = User(email=email.strip().lower(), full_name=full_name, role=role, company=company)
    db.session.add(user)
    db.session.flush()
    return user
