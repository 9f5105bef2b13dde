"""What the rating screen shows for one response, built from the data (not written per page).

`build_response_view` gathers the recording, the scenario, how the candidate used the limits
and, per competency of the scenario, the rubric entry and the assessor's current draft.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessors import operations as ops
from assessors.models import RatingAssignment, RubricVersion
from ksf_b.assessment import operations as exam_ops
from ksf_b.assessment import timing as exam_timing
from ksf_b.assessment.models import Response, Take
from ksf_b.competencies import get


@dataclass(frozen=True)
class LimitUse:
    """How the candidate used the limits of one scenario (numbers for the assessor)."""

    prompt_plays: int
    prompt_plays_allowed: int
    thinking_seconds: int | None
    thinking_allowed: int
    retakes: int
    retakes_allowed: int
    start_after_thinking: int | None  # seconds from the end of thinking to the recording
    answer_seconds: float | None
    # the server's thinking-time rule (ksf_b/assessment/timing.py), flagged for the assessor
    first_take_missed: bool = False  # no take before thinking and answer time ran out
    answer_allowed: int | None = None  # the confirmed take's maximum when it was shortened
    overrun_seconds: int = 0  # the confirmed take ran this much past its maximum plus grace


@dataclass(frozen=True)
class CompetencyRow:
    code: str
    label: str
    definition: str
    anchors: list[tuple[int, str]]
    value: str | None  # "1".."5", "n" or None
    reason: str


@dataclass(frozen=True)
class ResponseView:
    index: int  # 1-based position in the candidate's set
    response: Response
    take: Take
    limits: LimitUse
    rows: list[CompetencyRow]
    notes: str
    complete: bool


def limit_use(response: Response) -> LimitUse:
    """Read prompt plays, thinking time, retakes and the start delay from the stored rows."""
    limits = exam_ops.limits_for(response)
    take = response.confirmed_take
    first = response.takes[0] if response.takes else take
    thinking = delay = None
    missed = response.first_take_missed_at is not None
    if response.thinking_started_at is not None and first is not None and not missed:
        started = exam_ops.aware(response.thinking_started_at)
        recorded = exam_ops.aware(first.created_at)
        used = max(0, int((recorded - started).total_seconds()))
        thinking = min(used, limits.thinking_seconds)
        delay = max(0, used - limits.thinking_seconds)
    return LimitUse(
        prompt_plays=response.prompt_plays,
        prompt_plays_allowed=limits.prompt_plays,
        thinking_seconds=thinking,
        thinking_allowed=limits.thinking_seconds,
        retakes=max(0, len(response.takes) - 1 + (1 if missed else 0)),
        retakes_allowed=max(0, limits.takes_allowed - 1),
        start_after_thinking=delay,
        answer_seconds=take.asset.duration_seconds if take is not None else None,
        first_take_missed=missed,
        answer_allowed=take.allowed_seconds if take is not None and take.late_seconds else None,
        overrun_seconds=exam_timing.overrun(take) if take is not None else 0,
    )


def competency_rows(
    assignment: RatingAssignment, response: Response, rubric: RubricVersion
) -> list[CompetencyRow]:
    cells = ops.scores_by_cell(assignment)
    rows = []
    for code in response.scenario.competency_codes:
        entry = rubric.competency(code)
        score = cells.get((response.id, code))
        value = None
        if score is not None:
            value = ops.NOT_RATABLE if score.value is None else str(score.value)
        rows.append(
            CompetencyRow(
                code=code,
                label=str(get(code).label),
                definition=entry.definition if entry else str(get(code).description),
                anchors=[(a.level, a.text) for a in entry.anchors] if entry else [],
                value=value,
                reason=(score.not_ratable_reason or "") if score is not None else "",
            )
        )
    return rows


def build_response_view(
    assignment: RatingAssignment, responses: list[Response], index: int, rubric: RubricVersion
) -> ResponseView:
    response = responses[index - 1]
    return ResponseView(
        index=index,
        response=response,
        take=response.confirmed_take,  # type: ignore[arg-type]
        limits=limit_use(response),
        rows=competency_rows(assignment, response, rubric),
        notes=ops.notes_text(ops.notes_of(assignment, response)),
        complete=ops.response_complete(assignment, response),
    )
