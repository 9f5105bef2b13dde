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
import subprocess
import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

PASSWORD = "bench-wachtwoord-1234"


def _scenarios() -> None:
    from sqlalchemy import func, select

    from ksf_b.assessment.models import SCENARIO_COUNT, Scenario, ScenarioCompetency
    from ksf_b.competencies import COMPETENCY_CODES, ORAL_LANGUAGE
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


def _clip(folder: Path, seconds: int = 20) -> tuple[bytes, bytes]:
    """A processed-like 640x360 H.264/AAC MP4 (faststart) and a JPEG poster, by ffmpeg."""
    video, poster = folder / "clip.mp4", folder / "poster.jpg"
    quiet = ["ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y"]
    subprocess.run(
        [
            *quiet, "-f", "lavfi", "-i", f"testsrc2=s=640x360:r=25:d={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=330:sample_rate=48000:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-b:v", "600k",
            "-c:a", "aac", "-b:a", "64k", "-shortest", "-movflags", "+faststart", str(video),
        ],
        check=True, capture_output=True,
    )  # fmt: skip
    subprocess.run([*quiet, "-i", str(video), "-frames:v", "1", str(poster)], check=True)
    return video.read_bytes(), poster.read_bytes()


def seed_rating_work(assessor_emails: list[str], prefix: str = "bench") -> list[dict]:
    """Give every assessor one handed-in candidate (ten ready takes) to rate.

    Returns, per assessor, the rating pages of that candidate, the draft-save URLs with a
    body that fits the scenario's competencies, and the URL of one take's video.
    """
    from flask import url_for
    from sqlalchemy import select

    from assessors import assignment as assign_ops
    from assessors import operations as ops
    from assessors import rubrics
    from assessors.demo import _submitted_candidate
    from assessors.models import AssignmentKind, RatingAssignment
    from ksf_b.accounts.models import Role, User
    from ksf_b.extensions import db

    admin = db.session.scalar(select(User).where(User.role == Role.ADMIN))
    manager = db.session.scalar(select(User).where(User.email == f"{prefix}-manager@example.nl"))
    company = manager.company
    rubrics.current()
    work = []
    with tempfile.TemporaryDirectory(prefix="ksf-bench-clip-") as folder:
        clip = poster = b""
        for n, email in enumerate(assessor_emails):
            assessor = db.session.scalar(select(User).where(User.email == email))
            assignment = db.session.scalar(
                select(RatingAssignment).where(RatingAssignment.assessor_id == assessor.id)
            )
            if assignment is None:
                if not clip:
                    clip, poster = _clip(Path(folder))
                assign_ops.ensure_profile(assessor).is_calibrated = True
                candidate = _submitted_candidate(
                    f"{prefix}-beoordeling-{n:03d}@example.nl",
                    f"Beoordeling {n:03d}",
                    {Role.MANAGER: manager, Role.ADMIN: admin},
                    company,
                    clip,
                    poster,
                )
                assignment = assign_ops.assign(candidate, assessor, AssignmentKind.FIRST)
                db.session.commit()
            responses = ops.responses_of(assignment.candidate)
            public = assignment.public_id
            drafts = [
                {
                    "url": url_for("rating.save_draft", public_id=public, number=i),
                    "fields": {f"score-{c}": "3" for c in r.scenario.competency_codes},
                }
                for i, r in enumerate(responses, 1)
            ]
            asset = responses[0].confirmed_take.asset
            work.append(
                {
                    "pages": [url_for("rating.home"), url_for("rating.candidate", public_id=public)]
                    + [
                        url_for("rating.response", public_id=public, number=i)
                        for i in range(1, len(responses) + 1)
                    ],
                    "drafts": drafts,
                    "video_url": url_for("media.asset_video", public_id=asset.public_id),
                    "video_size": asset.processed_size,
                }
            )
    return work


def main() -> None:
    from ksf_b.app import create_app

    candidates = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    assessors = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    theory = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    app = create_app()
    with app.app_context(), app.test_request_context(base_url="http://localhost/"):
        accounts = seed_exam_day(candidates, assessors)
        accounts["rating"] = seed_rating_work(accounts["assessors"])
        accounts["theory"] = seed_theory(theory) if theory else []
        accounts["theory_code"] = THEORY_CODE
        print(json.dumps(accounts))


if __name__ == "__main__":
    main()
