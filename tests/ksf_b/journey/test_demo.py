"""The demo world: the demo candidate can record at once; others show every early state."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from ksf_b.demo import demo_password, print_accounts, seed_demo
from ksf_b.endorsement.models import Endorsement
from ksf_b.journey.demo import EXTRA_CASES
from ksf_b.journey.models import Candidate, CandidateState


def by_email(db, email: str) -> Candidate:  # type: ignore[no-untyped-def]
    from ksf_b.accounts.models import User

    return db.session.scalar(select(Candidate).join(Candidate.user).where(User.email == email))


def test_demo_candidates_in_their_states(app, db) -> None:
    seed_demo()
    demo = by_email(db, "kandidaat@klantbedrijf.example")
    assert demo.state is CandidateState.ASSESSMENT_INVITED and demo.holds_certificate_a
    from ksf_b.assessment.operations import get_assessment_for

    assert get_assessment_for(demo) is not None
    endorsement = db.session.scalar(select(Endorsement).where(Endorsement.candidate_id == demo.id))
    assert endorsement.submitted_at is not None
    assert [e.to_state for e in demo.events][-1] == "assessment_invited"

    for case in EXTRA_CASES:
        candidate = by_email(db, case.email)
        assert candidate.state is case.state, case.email
        assert candidate.manager_id == demo.manager_id
        assert candidate.user.check_password(demo_password())
    rejected = by_email(db, "afgewezen@klantbedrijf.example")
    assert rejected.decision_reason
    half = by_email(db, "dossier@klantbedrijf.example")
    from ksf_b.dossier.models import Dossier

    dossier = db.session.scalar(select(Dossier).where(Dossier.candidate_id == half.id))
    assert dossier is not None and dossier.submitted_at is None


def test_print_accounts_lists_the_extra_candidates(app, db) -> None:
    seed_demo()

    @__import__("click").command()
    def show() -> None:
        print_accounts()

    output = CliRunner().invoke(show).output
    for case in EXTRA_CASES:
        assert case.email in output
    assert "Onderdeel 1 niet goedgekeurd" in output
