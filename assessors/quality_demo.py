"""Demo data of rater statistics and calibration for `make run` (after the rating's seeder).

- three more candidates rated by the demo assessor and the second assessor, with scores that
  vary by scenario and differ by at most one point, so the statistics page shows real kappas,
  ICCs, distributions and leniency;
- a calibration set: three responses of the rated demo candidate, with agreed scores and a
  rationale each;
- "Nina Nieuw", a new assessor who still has to calibrate (not assignable yet), and "Tom
  Twijfel", whose attempt was too far off and waits for an admin's decision.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from flask_babel import force_locale
from sqlalchemy import select

from assessors import assignment as assign_ops
from assessors import calibration_operations as cal_ops
from assessors import operations as ops
from assessors.demo import CANDIDATES as RATING_CANDIDATES
from assessors.demo import _render_clip, _submitted_candidate
from assessors.models import AssignmentKind
from ksf_b.accounts.models import Company, Role, User
from ksf_b.competencies import ORAL_LANGUAGE, get
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate

NEW_ASSESSOR = ("nieuw@ksf.example", "Nina Nieuw (KSF)")
DOUBTFUL_ASSESSOR = ("twijfel@ksf.example", "Tom Twijfel (KSF)")
SECOND = "beoordelaar2@ksf.example"
CANDIDATES = [
    ("statistiek1@klantbedrijf.example", "Sanne Spreiding"),
    ("statistiek2@klantbedrijf.example", "Stijn Steekproef"),
    ("statistiek3@klantbedrijf.example", "Sara Samenhang"),
]
OBSERVED = [
    ("benoemt wat er speelt en vraagt twee keer door", "de afspraak aan het eind blijft vaag"),
    ("legt de belangen van klant en team naast elkaar", "past de aanpak niet aan bij tegenwerking"),
    (
        "kijkt hardop naar de eigen rol in het misverstand",
        "herhaalt één argument steeds opnieuw",
    ),
]


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def _score(k: int, position: int, code: str) -> int:
    return 2 + (position * 3 + len(code) + k) % 4


def _delta(k: int, position: int) -> int:
    return (0, 0, 1, -1, 0)[(position + k) % 5]


def seed_quality(users: dict[Role, User], company: Company) -> None:
    """Rated candidates for the statistics, a calibration set and two new assessors."""
    second = _user(SECOND)
    if second is None or _user(NEW_ASSESSOR[0]) is not None:
        return  # the rating's demo did not run, or this ran before
    from ksf_b.demo import demo_password

    demo = users[Role.ASSESSOR]
    with tempfile.TemporaryDirectory(prefix="ksf-quality-demo-") as folder:
        clip, poster = _render_clip(Path(folder))
        for k, (email, name) in enumerate(CANDIDATES):
            candidate = _submitted_candidate(email, name, users, company, clip, poster)
            first = assign_ops.assign(candidate, demo, AssignmentKind.FIRST)
            other = assign_ops.assign(candidate, second, AssignmentKind.SECOND)
            for assignment, milder in ((first, False), (other, True)):
                for response in ops.responses_of(candidate):
                    position = response.scenario.position
                    fields = {}
                    for code in response.scenario.competency_codes:
                        value = _score(k, position, code) + (_delta(k, position) if milder else 0)
                        fields[f"score-{code}"] = str(min(5, max(1, value)))
                    ops.save_draft(assignment, response, fields, None)
                ops.submit(assignment, assignment.assessor)
    _seed_calibration(users[Role.ADMIN])
    for email, name in (NEW_ASSESSOR, DOUBTFUL_ASSESSOR):
        user = User(email=email, full_name=name, role=Role.ASSESSOR, company=demo.company)
        user.set_password(demo_password())
        db.session.add(user)
        db.session.flush()
        assign_ops.ensure_profile(user).is_calibrated = False
    doubtful = _user(DOUBTFUL_ASSESSOR[0])
    attempt = cal_ops.start_attempt(doubtful)
    fields = {
        cal_ops.field_name(s.benchmark, s.competency_code): ("1" if i % 2 else "5")
        for i, s in enumerate(attempt.scores)
    }
    cal_ops.save_draft(attempt, fields, None)
    cal_ops.submit_attempt(attempt, doubtful)
    db.session.flush()


def _seed_calibration(admin: User) -> None:
    """Three responses of the rated demo candidate become the calibration set."""
    rated_email = next(email for email, _name, step in RATING_CANDIDATES if step == "rated")
    candidate = db.session.scalar(
        select(Candidate).join(Candidate.user).where(User.email == rated_email)
    )
    if candidate is None:
        return
    with force_locale("nl"):
        for index, response in enumerate(ops.responses_of(candidate)[:3]):
            codes = [c for c in response.scenario.competency_codes if c != ORAL_LANGUAGE]
            agreed = dict.fromkeys(response.scenario.competency_codes, "3")
            agreed[ORAL_LANGUAGE] = "4"
            agreed[codes[0]] = "4"
            good, weak = OBSERVED[index]
            rationale = (
                f"{get(codes[0]).label} 4: {good}. {get(codes[-1]).label} 3: {weak}. "
                f"{get(ORAL_LANGUAGE).label} 4: helder, rustig en zonder jargon."
            )
            cal_ops.mark_benchmark(response, agreed, rationale, admin)


def demo_logins() -> list[tuple[str, str]]:
    """(e-mail, what it shows) for `print_accounts`."""
    return [
        (NEW_ASSESSOR[0], "nieuwe beoordelaar, moet nog kalibreren"),
        (DOUBTFUL_ASSESSOR[0], "kalibratie te ver ernaast, wacht op besluit van de beheerder"),
    ]
