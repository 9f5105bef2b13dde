"""Both ratings of a candidate side by side (for the lead and the admin), after both are in."""

from __future__ import annotations

from dataclasses import dataclass

from assessors import operations as ops
from assessors import scoring
from assessors.models import ModerationCase, RatingAssignment
from ksf_b.assessment.models import Response
from ksf_b.competencies import COMPETENCY_CODES, get


@dataclass(frozen=True)
class CellRow:
    code: str
    label: str
    values: list[int | str | None]  # per assessor: 1..5, None (not ratable), "" (missing)
    reasons: list[str]
    differs: bool


@dataclass(frozen=True)
class ResponseComparison:
    response: Response
    rows: list[CellRow]
    notes: list[list[tuple[float | None, str]]]  # per assessor


@dataclass(frozen=True)
class Comparison:
    assignments: list[RatingAssignment]
    responses: list[ResponseComparison]
    competency_scores: list[dict[str, float | None]]
    disputed: list[str]


def compare(candidate, case: ModerationCase | None) -> Comparison:  # type: ignore[no-untyped-def]
    """Gather every submitted rating of the candidate per response and per competency."""
    assignments = [a for a in ops.active_assignments(candidate) if a.is_submitted]
    rules = scoring.Rules.of(ops.get_settings())
    cells = [ops.scores_by_cell(a) for a in assignments]
    result = []
    for response in ops.responses_of(candidate):
        rows = []
        for code in response.scenario.competency_codes:
            scores = [c.get((response.id, code)) for c in cells]
            values = [s.value if s is not None else "" for s in scores]
            numbers = [v for v in values if isinstance(v, int)]
            differs = bool(numbers) and (
                max(numbers) - min(numbers) > rules.scenario_difference
                or len(numbers) != len(values)
            )
            reasons = [(s.not_ratable_reason or "") if s is not None else "" for s in scores]
            rows.append(CellRow(code, str(get(code).label), values, reasons, differs))
        notes = [[(n.at_seconds, n.text) for n in ops.notes_of(a, response)] for a in assignments]
        result.append(ResponseComparison(response, rows, notes))
    per_assessor = [scoring.competency_scores(ops.ratings_of(a)) for a in assignments]
    return Comparison(assignments, result, per_assessor, case.disputed if case else [])


def competency_table(comparison: Comparison) -> list[tuple[str, str, list[float | None]]]:
    return [
        (code, str(get(code).label), [s.get(code) for s in comparison.competency_scores])
        for code in COMPETENCY_CODES
    ]
