"""Certificates A and chat as programmes whose requirements are data (settings).

Chat = theory passed and the chat practical passed (seed 001_…); A = the online theory test
(seed 000_…) and, when the programme says so, the phone practical (seed 002_…). Whether A needs
the phone practical is one setting, owned by the theory test (`TheorySettings.a_requirement`,
edited on its settings page): with "theory only" the theory package issues A itself. The seed
advises at most three months between theory and practical: more gives a warning, not a refusal.

The theory result comes through `theory_result_for(user)`: the theory package's enrolment
(`Enrolment.passed_on`), else the B case's certificate-A date (`Candidate.a_certificate_date`,
registered by an admin), else a theory pass an admin registered here (`TheoryPass`, for a
result obtained elsewhere). Certificates are issued through the registry
(`certificates.operations.issue_certificate`, idempotent per source `practical:<public_id>`);
without that package the award is kept with no number and `issue_pending_awards()` issues it.
"""

from __future__ import annotations

import logging
from datetime import date

from sqlalchemy import select

from ksf_b import audit
from ksf_b.accounts.models import User
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from practicals import rules
from practicals.models import (
    Observation,
    ObservationStatus,
    PracticalKind,
    PracticalSettings,
    ProgrammeAward,
    TheoryPass,
)

log = logging.getLogger(__name__)
PROGRAMMES = ("A", "CHAT")


def a_requires_phone_practical() -> bool:
    """The theory test's setting: does certificate A also need the phone practical?"""
    try:
        from theory import bank
        from theory.models import ARequirement
    except ImportError:  # without the theory package: the seeds' basic certificate has both
        return True
    return bank.settings().a_requirement is ARequirement.THEORY_AND_PHONE


def requirements(code: str, settings: PracticalSettings) -> rules.ProgrammeRequirements:
    """The requirements of programme A or CHAT, from the settings."""
    if code == "CHAT":
        practical: str | None = PracticalKind.CHAT.value
    else:
        practical = PracticalKind.PHONE.value if a_requires_phone_practical() else None
    return rules.ProgrammeRequirements(code, True, practical, settings.advised_months_between)


def _from_theory_package(user: User) -> date | None:
    try:
        from theory.models import Enrolment
    except ImportError:
        return None
    return db.session.scalar(select(Enrolment.passed_on).where(Enrolment.user_id == user.id))


def theory_result_for(user: User) -> date | None:
    """The date `user` passed the theory test, or None (see the module doc for the sources)."""
    passed_on = _from_theory_package(user)
    if passed_on is not None:
        return passed_on
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == user.id))
    if candidate is not None and candidate.a_certificate_date is not None:
        return candidate.a_certificate_date
    return db.session.scalar(
        select(TheoryPass.passed_on)
        .where(TheoryPass.user_id == user.id)
        .order_by(TheoryPass.passed_on.desc())
        .limit(1)
    )


def practical_passed_on(user: User, kind: str) -> tuple[date | None, Observation | None]:
    found = db.session.scalar(
        select(Observation)
        .where(
            Observation.candidate_id == user.id,
            Observation.kind == PracticalKind(kind),
            Observation.status == ObservationStatus.SIGNED_OFF,
            Observation.outcome_status == rules.PASSED,
        )
        .order_by(Observation.signed_off_at.desc())
        .limit(1)
    )
    return (found.observed_on if found else None), found


def status_for(user: User, code: str, settings: PracticalSettings) -> rules.ProgrammeStatus:
    req = requirements(code, settings)
    practical_on = practical_passed_on(user, req.practical_kind)[0] if req.practical_kind else None
    return rules.programme_status(req, theory_result_for(user), practical_on)


def award_after(observation: Observation) -> list[ProgrammeAward]:
    """After a passed practical (or a registered theory pass): award what is now complete."""
    from practicals.operations import get_settings

    settings = get_settings()
    awards = []
    for code in PROGRAMMES:
        req = requirements(code, settings)
        if req.practical_kind != observation.kind.value:
            continue
        status = status_for(observation.candidate, code, settings)
        if not status.complete or observation.outcome_status != rules.PASSED:
            continue
        award = db.session.scalar(
            select(ProgrammeAward).where(
                ProgrammeAward.observation_id == observation.id, ProgrammeAward.programme == code
            )
        )
        if award is None:
            award = ProgrammeAward(
                user_id=observation.candidate_id,
                programme=code,
                observation_id=observation.id,
                warnings=status.warnings,
            )
            db.session.add(award)
            db.session.flush()
        _issue(award, observation)
        awards.append(award)
    return awards


def _registry():  # type: ignore[no-untyped-def]
    """The certificate registry's issue function, or None while it is not installed."""
    try:
        from certificates.operations import issue_certificate
    except ImportError:
        return None
    return issue_certificate


def _issue(award: ProgrammeAward, observation: Observation) -> None:
    issue = _registry()
    if issue is None or award.certificate_number:
        return
    certificate = issue(
        observation.candidate,
        award.programme,
        issued_on=observation.observed_on,
        source_ref=f"practical:{observation.public_id}",
    )
    award.certificate_number = certificate.number
    db.session.flush()


def issue_pending_awards() -> int:
    """Issue awards that waited for the registry; return how many were issued."""
    count = 0
    for award in db.session.scalars(
        select(ProgrammeAward).where(ProgrammeAward.certificate_number.is_(None))
    ):
        observation = db.session.get(Observation, award.observation_id)
        _issue(award, observation)  # type: ignore[arg-type]
        count += bool(award.certificate_number)
    return count


def awards_of(user: User) -> list[ProgrammeAward]:
    return list(db.session.scalars(select(ProgrammeAward).where(ProgrammeAward.user_id == user.id)))


def record_theory_pass(user: User, passed_on: date, actor: User, reference: str = "") -> TheoryPass:
    """Register a theory pass (fallback source) and award what it completes."""
    row = TheoryPass(
        user_id=user.id, passed_on=passed_on, reference=reference.strip(), recorded_by_id=actor.id
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "practical.theory_registered",
        actor=actor,
        subject=audit.subject_of(user),
        details={"passed_on": passed_on.isoformat(), "reference": row.reference},
    )
    for kind in PracticalKind:
        found = practical_passed_on(user, kind.value)[1]
        if found is not None:
            award_after(found)
    return row
