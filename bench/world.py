"""An exam day's world for the load benchmark and the fault tests.

`seed_exam_day(candidates, assessors)` (inside an app context) creates a company with a
manager, `candidates` candidates invited to part 2 whose consent, device check and practice
are done (so they can record at once), and `assessors` assessor accounts. Ten active
scenarios are added when the database has fewer. Everyone has the password `PASSWORD`.

`python -m bench.world N M` does it against the database of the environment (the production
shape of `make run-prod` / the benchmark) and prints the accounts as JSON.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta

PASSWORD = "bench-wachtwoord-1234"


def _scenarios() -> None:
    from sqlalchemy import func, select

    from assessors.competencies import COMPETENCY_CODES, ORAL_LANGUAGE
    from ksf_b.assessment.models import SCENARIO_COUNT, Scenario, ScenarioCompetency
    from ksf_b.extensions import db

    active = db.session.scalar(select(func.count()).select_from(Scenario).where(Scenario.active))
    if active >= SCENARIO_COUNT:
        return
    for position in range(1, SCENARIO_COUNT + 1):
        codes = [COMPETENCY_CODES[(position - 1) % 7], COMPETENCY_CODES[position % 7]]
        scenario = Scenario(
            position=position,
            title=f"Belastingtest-scenario {position}",
            situation="Een collega vraagt je om hulp na een lastig gesprek.",
            instructions="Reageer zoals je dat in het echt zou doen.",
            thinking_seconds=5,
            max_answer_seconds=300,
            allowed_retakes=3,
            max_prompt_plays=5,
            active=True,
        )
        scenario.competencies = [
            ScenarioCompetency(competency_code=c) for c in {*codes, ORAL_LANGUAGE}
        ]
        db.session.add(scenario)
    db.session.flush()


def seed_exam_day(candidates: int, assessors: int = 0, prefix: str = "bench") -> dict:
    """Create the accounts (idempotent per prefix) and return their e-mail addresses."""
    from sqlalchemy import select

    from ksf_b.accounts.models import Company, Role, User
    from ksf_b.assessment.models import Assessment
    from ksf_b.db_types import utcnow
    from ksf_b.extensions import db
    from ksf_b.journey.models import ACertificateSource, Candidate, CandidateState

    _scenarios()
    existing = db.session.scalar(select(User).where(User.email == f"{prefix}-manager@example.nl"))
    result: dict = {"password": PASSWORD, "candidates": [], "assessors": []}
    if existing is None:
        company = Company(name=f"Belastingtest {prefix} BV")
        manager = User(
            email=f"{prefix}-manager@example.nl",
            full_name="Belasting Manager",
            role=Role.MANAGER,
            company=company,
        )
        manager.set_password(PASSWORD)
        db.session.add_all([company, manager])
        hashed = manager.password_hash  # hash once: 200 slow hashes would take minutes
        now = utcnow()
        for n in range(candidates):
            user = User(
                email=f"{prefix}-kandidaat-{n:04d}@example.nl",
                full_name=f"Kandidaat {n:04d}",
                role=Role.CANDIDATE,
                company=company,
            )
            user.password_hash = hashed
            candidate = Candidate(
                user=user,
                company=company,
                manager=manager,
                date_of_birth=date(1990, 1, 1),
                current_role="Medewerker klantcontact",
                state=CandidateState.ASSESSMENT_INVITED,
                a_certificate_source=ACertificateSource.REGISTERED,
                a_certificate_number=f"A-{prefix}-{n:05d}",
                a_certificate_date=date(2024, 3, 1),
            )
            assessment = Assessment(
                candidate=candidate,
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=14),
                consent_at=now,
                device_check_at=now,
                practice_done_at=now,
            )
            db.session.add_all([user, candidate, assessment])
        ksf = Company(name=f"KSF belastingtest {prefix}")
        for n in range(assessors):
            assessor = User(
                email=f"{prefix}-beoordelaar-{n:03d}@example.nl",
                full_name=f"Beoordelaar {n:03d}",
                role=Role.ASSESSOR,
                company=ksf,
            )
            assessor.password_hash = hashed
            db.session.add(assessor)
        db.session.commit()
    result["candidates"] = [f"{prefix}-kandidaat-{n:04d}@example.nl" for n in range(candidates)]
    result["assessors"] = [f"{prefix}-beoordelaar-{n:03d}@example.nl" for n in range(assessors)]
    return result


THEORY_CODE = "BENCHA1"


def seed_theory(candidates: int, prefix: str = "bench") -> list[str]:
    """Candidates enrolled for the A test alone, and an open session with code THEORY_CODE.

    Empty when the theory package is not installed (the A test is another branch's work).
    """
    try:
        from theory.models import Enrolment, TestSession
    except ImportError:
        return []
    from sqlalchemy import select

    from ksf_b.accounts.models import Company, Role, User
    from ksf_b.db_types import utcnow
    from ksf_b.extensions import db

    emails = [f"{prefix}-toets-{n:04d}@example.nl" for n in range(candidates)]
    if db.session.scalar(select(User).where(User.email == emails[0])) if emails else True:
        return emails
    company = Company(name=f"Belastingtest toets {prefix} BV")
    sample = User(email=emails[0], full_name="Toets 0000", role=Role.CANDIDATE, company=company)
    sample.set_password(PASSWORD)
    db.session.add_all([company, sample])
    users = [sample]
    for n, email in enumerate(emails[1:], 1):
        user = User(email=email, full_name=f"Toets {n:04d}", role=Role.CANDIDATE, company=company)
        user.password_hash = sample.password_hash
        users.append(user)
    db.session.add_all(users)
    db.session.add_all(Enrolment(user=user, company=company) for user in users)
    now = utcnow()
    if db.session.scalar(select(TestSession).where(TestSession.access_code == THEORY_CODE)) is None:
        db.session.add(
            TestSession(
                title="Belastingtest toets A",
                starts_at=now - timedelta(hours=1),
                ends_at=now + timedelta(hours=6),
                online=True,
                invigilator_name="Belasting Surveillant",
                access_code=THEORY_CODE,
            )
        )
    db.session.commit()
    return emails


def main() -> None:
    from ksf_b.app import create_app

    candidates = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    assessors = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    theory = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    with create_app().app_context():
        accounts = seed_exam_day(candidates, assessors)
        accounts["theory"] = seed_theory(theory) if theory else []
        accounts["theory_code"] = THEORY_CODE
        print(json.dumps(accounts))


if __name__ == "__main__":
    main()
