"""The rating domain's results for the core's reports and privacy export (`ksf_b.outcomes`)."""

from __future__ import annotations

from sqlalchemy import select

from assessors.operations import part2_outcome
from assessors.verdict_models import Verdict, VerdictStatus
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.outcomes import OutcomeProvider


def final_passed(candidate_ids: list[int]) -> dict[int, bool]:
    """Passed or not by each candidate's last released verdict (the last round wins)."""
    rows = db.session.execute(
        select(Verdict.candidate_id, Verdict.passed)
        .where(Verdict.status == VerdictStatus.RELEASED, Verdict.candidate_id.in_(candidate_ids))
        .order_by(Verdict.round, Verdict.id)
    )
    return {candidate_id: passed for candidate_id, passed in rows}


def released_verdicts(candidate: Candidate) -> list[Verdict]:
    """The candidate's released verdicts, oldest round first."""
    return list(
        db.session.scalars(
            select(Verdict)
            .where(Verdict.candidate_id == candidate.id, Verdict.status == VerdictStatus.RELEASED)
            .order_by(Verdict.round, Verdict.id)
        )
    )


PROVIDER = OutcomeProvider(
    final_passed=final_passed, released_verdicts=released_verdicts, part2_outcome=part2_outcome
)
