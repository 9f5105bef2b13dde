"""Nominating a candidate: an invited account plus the candidate's case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ksf_b.accounts.models import Company, Role, User
from ksf_b.accounts.operations import invite_user
from ksf_b.extensions import db
from ksf_b.journey import states
from ksf_b.journey.models import Candidate


class EmailInUse(Exception):
    """Another account already uses this e-mail address."""


@dataclass(frozen=True)
class Nominee:
    """What a manager tells us about a candidate."""

    full_name: str
    email: str
    date_of_birth: date
    current_role: str


def email_in_use(email: str) -> bool:
    """Return whether an account with this address (case-insensitive) exists."""
    normalised = email.strip().lower()
    return (
        db.session.scalar(select(User.id).where(func.lower(User.email) == normalised)) is not None
    )


def nominate(nominee: Nominee, manager: User, company: Company, actor: User) -> Candidate:
    """Invite the candidate (role candidate, the company) and open their case; callers commit."""
    if email_in_use(nominee.email):
        raise EmailInUse(nominee.email)
    user = invite_user(nominee.email, nominee.full_name, Role.CANDIDATE, company, actor)
    candidate = Candidate(
        user=user,
        company=company,
        manager=manager,
        date_of_birth=nominee.date_of_birth,
        current_role=nominee.current_role,
    )
    db.session.add(candidate)
    db.session.flush()
    states.record_nomination(candidate, actor)
    return candidate


def nominees_of(manager: User) -> list[Candidate]:
    """Return the manager's own nominees, newest first."""
    return list(
        db.session.scalars(
            select(Candidate)
            .where(Candidate.manager_id == manager.id)
            .order_by(Candidate.created_at.desc(), Candidate.id.desc())
        )
    )
