"""Demo data of the verdict: a released pass with certificate B and an open appeal.

Runs after the rating's seeder, whose rated candidate (Ruben Rated) waits for the admin's
verdict. Two more candidates are rated here by the demo assessors: one passes (verdict
confirmed and released, certificate B issued, feedback written), one fails on flexibility and
has lodged an appeal the admin can decide.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import select

from assessors import operations as rating_ops
from assessors import verdict_appeals, verdict_feedback, verdict_ops
from assessors.models import AssignmentKind
from certificates.models import Certificate
from certificates.programmes import Programme
from certificates.urls import verification_url
from ksf_b.accounts.models import Company, Role, User
from ksf_b.demo import login_lines
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate

PASSED = ("geslaagd@klantbedrijf.example", "Gina Geslaagd")
APPEALED = ("bezwaar@klantbedrijf.example", "Bas Bezwaar")
FEEDBACK = {
    "analysis": "Je vat de kern van elke situatie snel samen en onderbouwt je keuze met "
    "feiten. Vraag nog vaker door naar het belang achter de vraag van je collega.",
    "sensitivity": "Je benoemt wat je ziet bij de ander en laat ruimte voor stilte. Dat "
    "werkt: collega's voelen zich gehoord.",
    "flexibility": "Als het gesprek een andere kant op gaat, schakel je mee. Probeer bij "
    "weerstand eerst te vragen wat er speelt voordat je een nieuw voorstel doet.",
    "persuasiveness": "Je argumenten zijn helder; sluit af met een concrete afspraak, zodat de "
    "ander weet wat er nu gebeurt.",
    "task_leadership": "Je geeft duidelijke opdrachten en checkt of ze begrepen zijn.",
    "reflection": "Je kijkt eerlijk terug op je eigen aandeel. Maak je leerpunten concreet.",
    "organisational_sensitivity": "Je houdt rekening met teamafspraken en de klantbelofte.",
    "oral_language": "Je spreekt rustig, helder en in korte zinnen.",
}
APPEAL_TEXT = (
    "Tijdens scenario 3 viel mijn internetverbinding kort weg en kon ik mijn reactie niet "
    "afmaken. Ik denk dat mijn score voor flexibiliteit daardoor te laag is uitgevallen en "
    "vraag om een nieuwe beoordeling."
)


def _score(assignment, flexibility: int) -> None:  # type: ignore[no-untyped-def]
    for response in rating_ops.responses_of(assignment.candidate):
        values = {"flexibility": flexibility, "oral_language": 4}
        fields = {f"score-{c}": str(values.get(c, 3)) for c in response.scenario.competency_codes}
        fields["notes"] = "[00:01] Vat de vraag samen.\n[00:03] Spreekt een vervolgafspraak af."
        rating_ops.save_draft(assignment, response, fields, None)
    rating_ops.submit(assignment, assignment.assessor)


def _rated(email: str, name: str, users, company: Company, flexibility: int) -> Candidate:  # type: ignore[no-untyped-def]
    from assessors import assignment as assign_ops
    from assessors.demo import _render_clip, _submitted_candidate

    with tempfile.TemporaryDirectory(prefix="ksf-verdict-demo-") as folder:
        clip, poster = _render_clip(Path(folder))
        candidate = _submitted_candidate(email, name, users, company, clip, poster)
    second = db.session.scalar(select(User).where(User.email == "beoordelaar2@ksf.example"))
    first = assign_ops.assign(candidate, users[Role.ASSESSOR], AssignmentKind.FIRST)
    other = assign_ops.assign(candidate, second, AssignmentKind.SECOND)
    _score(first, flexibility)
    _score(other, flexibility)
    return candidate


def _release(candidate: Candidate, admin: User) -> None:
    verdict_feedback.save_draft(
        candidate, admin, {f"feedback_{code}": text for code, text in FEEDBACK.items()}, None
    )
    verdict_ops.confirm_proposal(candidate, admin)
    verdict_ops.release(candidate, admin)


def seed_verdict(users: dict[Role, User], company: Company) -> None:
    """A released pass with certificate B and a released fail with an open appeal."""
    if db.session.scalar(select(User).where(User.email == PASSED[0])):
        return
    if db.session.scalar(select(User).where(User.email == "beoordelaar2@ksf.example")) is None:
        return  # the rating's demo did not run (no scenarios)
    admin = users[Role.ADMIN]
    passed = _rated(*PASSED, users, company, flexibility=3)
    _release(passed, admin)
    appealed = _rated(*APPEALED, users, company, flexibility=2)
    _release(appealed, admin)
    verdict_appeals.lodge(appealed, appealed.user, APPEAL_TEXT)
    db.session.flush()


def demo_lines() -> list[str]:
    """The verdict's demo logins and the link that verifies the demo certificate."""
    certificate = db.session.scalar(
        select(Certificate)
        .join(User, Certificate.holder_id == User.id)
        .where(User.email == PASSED[0], Certificate.programme == Programme.B)
    )
    if certificate is None:
        return []
    return [
        *login_lines(
            "candidate",
            [
                (PASSED[0], "uitslag bekend: geslaagd, certificaat B"),
                (APPEALED[0], "niet geslaagd, bezwaar ingediend"),
            ],
        ),
        f"  Certificaat controleren: {verification_url(certificate)}",
    ]
