"""Helpers for the statistics and calibration tests: rated candidates, benchmarks."""

from __future__ import annotations

from collections.abc import Callable

from assessors import operations, rubrics
from assessors.models import BenchmarkResponse, BenchmarkScore, RatingAssignment, Score
from ksf_b.journey.models import Candidate

# value(assessor index 0/1, scenario position, competency code) -> 1..5 or None
ValueRule = Callable[[int, int, str], int | None]


def rate(db, assignment: RatingAssignment, value: Callable[[int, str], int | None]) -> None:  # type: ignore[no-untyped-def]
    """Give every scenario × competency of the candidate a score, then submit."""
    version = rubrics.current()
    for response in operations.responses_of(assignment.candidate):
        for code in response.scenario.competency_codes:
            v = value(response.scenario.position, code)
            db.session.add(
                Score(
                    assignment=assignment,
                    response=response,
                    competency_code=code,
                    value=v,
                    not_ratable_reason=None if v is not None else "geen geluid",
                    rubric_version=version,
                )
            )
    db.session.flush()
    operations.submit(assignment, assignment.assessor)
    db.session.commit()


def rated_candidate(make, db, rule: ValueRule) -> tuple[Candidate, list[RatingAssignment]]:  # type: ignore[no-untyped-def]
    """A submitted part 2 rated by its two assigned assessors with `rule`."""
    candidate = make.submitted_part2()
    assignments = sorted(
        operations.active_assignments(candidate), key=lambda a: a.kind.value != "first"
    )
    assert len(assignments) == 2, "need two calibrated assessors before submitting part 2"
    for index, assignment in enumerate(assignments):
        rate(db, assignment, lambda pos, code, i=index: rule(i, pos, code))
    return candidate, assignments


def benchmark(
    db, response, agreed: dict[str, int], rationale: str = "Zo afgesproken."
) -> BenchmarkResponse:  # type: ignore[no-untyped-def]
    row = BenchmarkResponse(response=response, rationale=rationale)
    row.scores = [BenchmarkScore(competency_code=c, value=v) for c, v in agreed.items()]
    db.session.add(row)
    db.session.commit()
    return row
