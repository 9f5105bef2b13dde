"""Demo candidates in several states of the journey, each with their own login."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ksf_b.accounts.models import Company, Role, User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.journey import states
from ksf_b.journey.models import ACertificateSource, Candidate, CandidateState

S = CandidateState

REASON = (
    "{name} is al jaren de vaste vraagbaak van ons team. Nieuwe collega's lopen met "
    "{name} mee en vragen om raad bij lastige klanten."
)
ROLE_MODEL = (
    "{name} luistert mee met nieuwe medewerkers, geeft na elk gesprek concrete feedback "
    "en bewaakt de kwaliteit van onze e-mails en chats met een wekelijkse steekproef."
)
APPROVED = "Overtuigend dossier met twee sterke STAR-verhalen en een heldere aanbeveling."
REJECTED = (
    "De STAR-verhalen beschrijven vooral wat het team deed; het eigen aandeel en het "
    "resultaat ontbreken. Het dossier toont de competenties daardoor onvoldoende aan."
)


@dataclass(frozen=True)
class DemoCase:
    email: str
    full_name: str
    state: CandidateState
    holds_a: bool = False


# the other candidates of the demo manager, one per early state of the journey
EXTRA_CASES = [
    DemoCase("aangemeld@klantbedrijf.example", "Noor Nieuw", S.NOMINATED),
    DemoCase("dossier@klantbedrijf.example", "Daan Dossier", S.DOSSIER_IN_PROGRESS),
    DemoCase("ingediend@klantbedrijf.example", "Ilse Ingediend", S.PART1_SUBMITTED),
    DemoCase("afgewezen@klantbedrijf.example", "Aziz Afgewezen", S.PART1_REJECTED),
    DemoCase("theorie@klantbedrijf.example", "Tess Theorie", S.THEORY_A_REQUIRED),
]


def seed_candidates(users: dict[Role, User], company: Company) -> None:
    """Give the demo candidate a case ready to record, and add candidates in other states."""

    manager, admin = users[Role.MANAGER], users.get(Role.ADMIN)
    demo = users[Role.CANDIDATE]
    _build_case(demo, manager, admin, company, S.ASSESSMENT_INVITED, holds_a=True)
    for case in EXTRA_CASES:
        demo_case(case.email, case.full_name, users, company, case.state, case.holds_a)


def demo_case(
    email: str,
    full_name: str,
    users: dict[Role, User],
    company: Company,
    target: CandidateState,
    holds_a: bool = True,
) -> Candidate:
    """A further demo candidate (demo password) of the demo manager, walked up to `target`."""
    from ksf_b.demo import demo_password

    user = User(email=email, full_name=full_name, role=Role.CANDIDATE, company=company)
    user.set_password(demo_password())
    db.session.add(user)
    return _build_case(user, users[Role.MANAGER], users.get(Role.ADMIN), company, target, holds_a)


def _build_case(
    user: User,
    manager: User,
    admin: User | None,
    company: Company,
    target: CandidateState,
    holds_a: bool,
) -> Candidate:
    """Walk a new case along the real transitions up to `target` (so the audit is real)."""
    candidate = Candidate(
        user=user,
        company=company,
        manager=manager,
        date_of_birth=date(1987, 9, 14),
        current_role="Senior medewerker klantcontact en coach",
    )
    if holds_a:
        candidate.a_certificate_source = ACertificateSource.REGISTERED
        candidate.a_certificate_number = "A-2022-0815"
        candidate.a_certificate_date = date(2022, 6, 1)
    db.session.add(candidate)
    db.session.flush()
    states.record_nomination(candidate, manager)
    if target is S.NOMINATED:
        return candidate
    _fill_part1(candidate, manager, complete=target is not S.DOSSIER_IN_PROGRESS)
    if target is S.DOSSIER_IN_PROGRESS:
        states.start_dossier(candidate, user)
        return candidate
    states.start_dossier(candidate, user)
    states.complete_part1(candidate, user)
    if target is S.PART1_REJECTED:
        states.reject_part1(candidate, admin, REJECTED)
    elif target is not S.PART1_SUBMITTED:
        states.approve_part1(candidate, admin, APPROVED)
        _open_assessment(candidate, admin)
    return candidate


def _fill_part1(candidate: Candidate, manager: User, complete: bool) -> None:
    """Write the dossier (half or whole) and, for a complete part 1, the endorsement."""
    from ksf_b.dossier.demo import fill_demo_dossier
    from ksf_b.endorsement.models import Endorsement

    fill_demo_dossier(candidate, complete=complete, submitted=complete)
    if not complete:
        return
    name = candidate.user.full_name.split()[0]
    now = utcnow()
    endorsement = Endorsement(
        candidate=candidate,
        manager=manager,
        nomination_reason=REASON.format(name=name),
        role_model_description=ROLE_MODEL.format(name=name),
        role_description_confirmed=True,
        revision=1,
        draft_saved_at=now,
        submitted_at=now,
    )
    db.session.add(endorsement)
    db.session.flush()


def _open_assessment(candidate: Candidate, admin: User | None) -> None:
    """Give an invited demo candidate the assessment window, as the admin's approval does."""
    if candidate.state is S.ASSESSMENT_INVITED:
        from ksf_b.assessment.operations import ensure_assessment

        ensure_assessment(candidate, admin)


def demo_logins() -> list[tuple[str, str]]:
    """Return (e-mail, state label) of the extra demo candidates, for `print_accounts`."""
    from sqlalchemy import select

    rows = []
    for case in EXTRA_CASES:
        candidate = db.session.scalar(
            select(Candidate).join(Candidate.user).where(User.email == case.email)
        )
        if candidate is not None:
            rows.append((case.email, str(states.STATE_LABELS[candidate.state])))
    return rows
