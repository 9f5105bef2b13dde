"""The demo world has a verdict to decide, a released certificate to verify and an open appeal."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assessors.verdict_appeals import open_appeal
from assessors.verdict_demo import APPEALED, PASSED
from assessors.verdict_ops import released_verdict
from ksf_b.accounts.models import User
from ksf_b.journey.models import Candidate, CandidateState


def _case(db, email: str) -> Candidate:  # type: ignore[no-untyped-def]
    user = db.session.scalar(select(User).where(User.email == email))
    return db.session.scalar(select(Candidate).where(Candidate.user_id == user.id))


@pytest.mark.slow
def test_demo_seeds_awaiting_released_and_appealed_candidates(app, db, client) -> None:
    from ksf_b.demo import seed_demo

    seed_demo()
    awaiting = _case(db, "beoordeeld@klantbedrijf.example")
    assert awaiting.state is CandidateState.RATED
    passed = _case(db, PASSED[0])
    verdict = released_verdict(passed)
    assert passed.state is CandidateState.RESULT_RELEASED and verdict.passed
    certificate = verdict.certificate
    page = client.get(f"/verificatie/{certificate.number}?code={certificate.check_code}")
    assert page.status_code == 200 and PASSED[1] in page.get_data(as_text=True)
    appealed = _case(db, APPEALED[0])
    assert not released_verdict(appealed).passed
    assert open_appeal(appealed) is not None
