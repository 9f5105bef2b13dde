"""Load the cases of a report from the database (period of nomination, optional company)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ksf_b import outcomes
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate, CandidateState
from ksf_b.periods import Period, as_utc
from ksf_b.reports.rules import Case, Step


def load_cases(period: Period, company_id: int | None = None) -> list[Case]:
    """Every candidate nominated in `period` (of one company, if given), as a plain case."""
    query = select(Candidate).options(
        selectinload(Candidate.events), selectinload(Candidate.company)
    )
    if company_id is not None:
        query = query.where(Candidate.company_id == company_id)
    if period.start_utc():
        query = query.where(Candidate.created_at >= period.start_utc())
    if period.end_utc():
        query = query.where(Candidate.created_at < period.end_utc())
    candidates = list(db.session.scalars(query.order_by(Candidate.id)))
    outcomes = final_outcomes(candidates)
    return [
        Case(
            company=candidate.company.name,
            state=str(candidate.state),
            steps=tuple(
                Step(event.transition, event.to_state, as_utc(event.created_at))
                for event in candidate.events
            ),
            passed=outcomes.get(candidate.id),
        )
        for candidate in candidates
    ]


def final_outcomes(candidates: list[Candidate]) -> dict[int, bool]:
    """Passed or not, for candidates whose result is released (their last released verdict)."""
    released = [c.id for c in candidates if c.state is CandidateState.RESULT_RELEASED]
    if not released:
        return {}
    return outcomes.provider().final_passed(released)
