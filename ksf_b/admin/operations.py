"""What KSF admins do to candidates: overviews, the part-1 decision, certificate A."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from ksf_b.accounts.models import Company, Role, User
from ksf_b.accounts.operations import invite_user
from ksf_b.extensions import db
from ksf_b.journey import states
from ksf_b.journey.models import ACertificateSource, Candidate, CandidateState, JourneyEvent
from ksf_b.nomination.operations import EmailInUse, email_in_use


class AlreadyHoldsA(Exception):
    """The candidate already holds certificate A; nothing to register."""


def counts_per_state() -> list[tuple[CandidateState, int]]:
    """Return every state of the journey with its number of candidates, zeros included."""
    counted = dict(
        db.session.execute(select(Candidate.state, func.count()).group_by(Candidate.state)).all()
    )
    return [(state, counted.get(state, 0)) for state in CandidateState]


def candidates_in(state: CandidateState | None) -> list[Candidate]:
    """Return the candidates in one state (all when None), oldest case first."""
    query = select(Candidate).order_by(Candidate.updated_at, Candidate.id)
    if state is not None:
        query = query.where(Candidate.state == state)
    return list(db.session.scalars(query))


def gate_queue() -> list[Candidate]:
    """Return the candidates whose part 1 waits for KSF's decision."""
    return candidates_in(CandidateState.PART1_SUBMITTED)


def decide_part1(candidate: Candidate, actor: User, approve: bool, reason: str) -> JourneyEvent:
    """Approve or reject part 1; an approved candidate holding A gets the assessment window."""
    if approve:
        event = states.approve_part1(candidate, actor, reason)
    else:
        event = states.reject_part1(candidate, actor, reason)
    open_assessment_if_invited(candidate, actor)
    return event


def register_certificate_a(
    candidate: Candidate, actor: User, number: str, obtained_on: date
) -> JourneyEvent | None:
    """Record certificate A obtained elsewhere; unlock part 2 when that was what waited."""
    if candidate.holds_certificate_a:
        raise AlreadyHoldsA
    candidate.a_certificate_source = ACertificateSource.REGISTERED
    candidate.a_certificate_number = number
    candidate.a_certificate_date = obtained_on
    db.session.flush()
    if candidate.state is not CandidateState.THEORY_A_REQUIRED:
        return None
    event = states.unlock_assessment(
        candidate, actor, f"certificaat A geregistreerd: {number} ({obtained_on:%d-%m-%Y})"
    )
    open_assessment_if_invited(candidate, actor)
    return event


def open_assessment_if_invited(candidate: Candidate, actor: User | None) -> None:
    """Give a candidate who just reached ASSESSMENT_INVITED their assessment window."""
    if candidate.state is CandidateState.ASSESSMENT_INVITED:
        from ksf_b.assessment.operations import ensure_assessment

        ensure_assessment(candidate, actor)


def register_manager(full_name: str, email: str, company: Company, actor: User) -> User:
    """Invite a manager of `company`; refuse an address that already has an account."""
    if email_in_use(email):
        raise EmailInUse(email)
    return invite_user(email, full_name, Role.MANAGER, company, actor)


def companies() -> list[Company]:
    """Return all companies by name (for select lists)."""
    return list(db.session.scalars(select(Company).order_by(Company.name)))


def managers() -> list[User]:
    """Return all active managers by name (for select lists)."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == Role.MANAGER, User.is_active_account.is_(True))
            .order_by(User.full_name)
        )
    )
