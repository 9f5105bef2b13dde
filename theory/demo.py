"""Demo data of the A test for `make run`: the demo bank, settings, sessions and finished
sittings of extra demo candidates (so the item statistics page has data)."""

from __future__ import annotations

import math
import random
from datetime import timedelta

from sqlalchemy import select

from ksf_b.accounts.models import Company, Role, User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from theory import bank, blueprint, operations, results
from theory.demo_bank import DEMO_ITEMS
from theory.models import Enrolment, ItemVersion, Sitting, SittingItem, SittingStatus, TestSession

DEMO_SESSION_CODE = "KSFATEST"
DEMO_SESSION_TITLE = "Demosessie online toets A (open)"
EXTRA_SITTERS = 24


def seed_theory(users: dict[Role, User], company: Company) -> None:
    """Bank, settings, an open session with a known code, a planned one and past sittings."""
    admin = users.get(Role.ADMIN)
    for data in DEMO_ITEMS:
        if bank.item_by_code(data.code) is None:
            bank.create_item(data, admin)
    bank.settings()
    bank.blueprint()
    now = utcnow()
    db.session.add(
        TestSession(
            title=DEMO_SESSION_TITLE,
            starts_at=now - timedelta(hours=1),
            ends_at=now + timedelta(days=60),
            online=True,
            location="Online, toezicht via videoverbinding",
            company=company,
            invigilator_name="Ingrid Toezicht (KSF)",
            access_code=DEMO_SESSION_CODE,
        )
    )
    db.session.add(
        TestSession(
            title="Toetsmiddag Klantbedrijf Demo BV",
            starts_at=now + timedelta(days=7),
            ends_at=now + timedelta(days=7, hours=3),
            location="Utrecht, trainingsruimte 2",
            company=company,
            invigilator_name="Ingrid Toezicht (KSF)",
            access_code=operations.new_access_code(),
        )
    )
    past = TestSession(
        title="Toetsochtend november (afgerond)",
        starts_at=now - timedelta(days=20, hours=3),
        ends_at=now - timedelta(days=20),
        location="Amersfoort, KSF-kantoor",
        company=company,
        invigilator_name="Ingrid Toezicht (KSF)",
        access_code=operations.new_access_code(),
    )
    db.session.add(past)
    db.session.flush()
    _past_sittings(past, company)


def _past_sittings(session: TestSession, company: Company) -> None:
    """Finished sittings with plausible answers: a simple ability-difficulty model (Rasch)."""
    rng = random.Random(2026)  # noqa: S311 (reproducible demo data)
    pool = bank.pool()
    counts = bank.blueprint()
    difficulty = {p.key: rng.gauss(-0.8, 0.9) for p in pool}
    versions = {v.id: v for v in db.session.scalars(select(ItemVersion))}
    for n in range(1, EXTRA_SITTERS + 1):
        user = User(
            email=f"toets-a-{n:02d}@klantbedrijf.example",
            full_name=f"Demodeelnemer {n:02d}",
            role=Role.CANDIDATE,
            company=company,
        )
        db.session.add(user)
        enrolment = Enrolment(user=user, company=company)
        db.session.add(enrolment)
        ability = rng.gauss(0.6, 1.0)
        started = aware_start(session) + timedelta(minutes=rng.randint(0, 20))
        seed = rng.randrange(2**31)
        sitting = Sitting(
            enrolment=enrolment,
            session=session,
            attempt=1,
            seed=seed,
            started_at=started,
            deadline_at=started + timedelta(minutes=45),
            grace_seconds=60,
            cut_score=bank.settings().cut_score,
            status=SittingStatus.SUBMITTED,
            finished_at=started + timedelta(minutes=rng.randint(18, 44)),
            focus_losses=rng.choice([0, 0, 0, 1, 2]),
        )
        db.session.add(sitting)
        for position, drawn in enumerate(blueprint.draw(pool, counts, seed), 1):
            version = versions[drawn.key]
            right = rng.random() < 1 / (1 + math.exp(difficulty[drawn.key] - ability))
            sitting.items.append(
                SittingItem(
                    position=position,
                    item_version_id=drawn.key,
                    display_order=list(drawn.display_order),
                    answer=_answer(version, right, rng),
                    answered_at=started + timedelta(minutes=position),
                    revision=1,
                )
            )
        db.session.flush()
        operations.log(sitting, "start", user)
        operations.log(sitting, "submitted", user)
        results.score_sitting(sitting, None)


def aware_start(session: TestSession):  # type: ignore[no-untyped-def]
    return operations.aware(session.starts_at)


def _answer(version: ItemVersion, right: bool, rng: random.Random):  # type: ignore[no-untyped-def]
    content = version.content
    if version.type.value == "categorise":
        categories = [c["id"] for c in content["categories"]]
        placed = {s["id"]: s["category"] for s in content["statements"]}
        if not right:
            wrong = rng.choice(content["statements"])
            placed[wrong["id"]] = rng.choice([c for c in categories if c != wrong["category"]])
        return placed
    good = [o["id"] for o in content["options"] if o.get("correct")]
    bad = [o["id"] for o in content["options"] if not o.get("correct")]
    if version.type.value == "single":
        return good[0] if right else rng.choice(bad)
    return sorted(good) if right else sorted({*good[:1], rng.choice(bad)})


def demo_lines() -> list[str]:
    """Lines for `print_accounts`: the open session's code and who can sit the test."""
    session = db.session.scalar(
        select(TestSession).where(TestSession.access_code == DEMO_SESSION_CODE)
    )
    if session is None:
        return []
    return [
        f"  Online toets A: toegangscode {DEMO_SESSION_CODE} ({DEMO_SESSION_TITLE}); "
        "maak de toets als theorie@klantbedrijf.example",
    ]
