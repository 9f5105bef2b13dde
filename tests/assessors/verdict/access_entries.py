"""Access classification of the verdict, feedback and result routes (tests/support/access.py)."""

from __future__ import annotations

from tests.support.access import ADMIN, CANDIDATE, only

ENTRIES = {
    # KSF admin; POSTs on a candidate in the wrong state answer 409/422 (still "allowed")
    "verdict.dashboard": ({}, ADMIN),
    "verdict.screen": ({"candidate_id": "rated_cand"}, ADMIN),
    "verdict.confirm": ({"candidate_id": "cand"}, ADMIN),
    "verdict.override": ({"candidate_id": "cand"}, ADMIN),
    "verdict.confirm_override": ({"candidate_id": "cand"}, ADMIN),
    "verdict.reject_override": ({"candidate_id": "cand"}, ADMIN),
    "verdict.release": ({"candidate_id": "cand"}, ADMIN),
    "verdict.batch": ({}, ADMIN),
    "verdict.reject_appeal": ({"candidate_id": "cand"}, ADMIN),
    "verdict.order_rerating": ({"candidate_id": "cand"}, ADMIN),
    "verdict.letter": ({"candidate_id": "cand"}, ADMIN),
    "verdict.settings": ({}, ADMIN),
    # feedback: admins and lead assessors (the world's assessor is not a lead: 403)
    "verdict_feedback.index": ({}, ADMIN),
    "verdict_feedback.edit": ({"candidate_id": "rated_cand"}, ADMIN),
    "verdict_feedback.save_draft": ({"candidate_id": "rated_cand"}, ADMIN),
    "verdict_feedback.prefill": ({"candidate_id": "rated_cand", "code": "analysis"}, ADMIN),
    # the candidate's own result; the manager's own nominees only
    "results.mine": ({}, CANDIDATE),
    "results.lodge_appeal": ({}, CANDIDATE),
    "results.letter": ({}, only("candidate", cand2="N")),
    "results.for_manager": ({"candidate_id": "cand"}, only("manager", owner="manager")),
}


def extend_world(make, world) -> None:  # type: ignore[no-untyped-def]
    """A released verdict for `cand` and a rated candidate of `mgr` awaiting the verdict."""
    from assessors.verdict_models import Verdict, VerdictStatus
    from ksf_b.db_types import utcnow
    from ksf_b.journey.models import Candidate, CandidateState

    cand = make.db.session.scalar(
        make.db.select(Candidate).where(Candidate.public_id == world.ids["cand"])
    )
    now = utcnow()
    make._save(
        Verdict(
            candidate=cand,
            proposed_passed=False,
            passed=False,
            explanation="onderdeel 2 niet behaald",
            competency_scores={"analysis": 2.5},
            status=VerdictStatus.RELEASED,
            confirmed_at=now,
            released_at=now,
        )
    )
    rated = make.candidate(manager=world.users["mgr"], state=CandidateState.RATED, holds_a=True)
    world.ids["rated_cand"] = rated.public_id
