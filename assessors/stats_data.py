"""Reads the submitted ratings into the plain inputs of `assessors.statistics` and the CSV.

Only submitted ratings count: drafts are not final and two assessors' drafts are never
compared. Nothing here changes a row.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from assessors import scoring, statistics
from assessors.blind import candidate_code
from assessors.models import (
    AssignmentKind,
    AssignmentStatus,
    RaterQualitySettings,
    RatingAssignment,
    Score,
)
from assessors.operations import compute_outcome, ratings_of
from ksf_b.accounts.models import User
from ksf_b.assessment.models import Response
from ksf_b.competencies import COMPETENCY_CODES
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate, CandidateState


def get_quality_settings() -> RaterQualitySettings:
    """Return the settings row, creating it with the defaults on first use."""
    return RaterQualitySettings.load()


def submitted_assignments() -> list[RatingAssignment]:
    return list(
        db.session.scalars(
            select(RatingAssignment)
            .where(RatingAssignment.status == AssignmentStatus.SUBMITTED)
            .options(selectinload(RatingAssignment.scores), joinedload(RatingAssignment.assessor))
            .order_by(RatingAssignment.candidate_id, RatingAssignment.kind)
        )
    )


@dataclass(frozen=True)
class AssessorRow:
    """One assessor on the statistics page: who, and what the calculator found."""

    user: User
    stats: statistics.AssessorStatistics


def _add_versus_integrated(
    rows: list[RatingAssignment], versus: dict[int, list[tuple[float | None, float | None]]]
) -> None:
    """Each assessor's competency scores next to the integrated ones of the same candidate."""
    outcome = compute_outcome(rows[0].candidate) if len(rows) >= 2 else None
    if outcome is None:
        return
    for assignment in rows:
        own = scoring.competency_scores(ratings_of(assignment))
        for code, own_score in own.items():
            versus[assignment.assessor_id].append((own_score, outcome.competency_scores.get(code)))


def _add_pairs(
    rows: list[RatingAssignment], pairs: dict[str, list[tuple[int | None, int | None]]]
) -> None:
    """The first and second assessor's scores of the same scenario × competency."""
    first = next((a for a in rows if a.kind is AssignmentKind.FIRST), None)
    second = next((a for a in rows if a.kind is AssignmentKind.SECOND), None)
    if first is None or second is None:
        return
    other = ratings_of(second)
    for (response_id, code), value in sorted(ratings_of(first).items(), key=str):
        if (response_id, code) in other and code in pairs:
            pairs[code].append((value, other[(response_id, code)]))


def _add_units(
    rows: list[RatingAssignment], units: dict[str, dict[tuple[int, int], dict[str, int | None]]]
) -> None:
    """Every assessor's score (first, second, third, a re-rating) per scenario × competency.

    Keyed by the assignment: alpha compares the scores within an item, whoever gave them.
    """
    for assignment in rows:
        for (response_id, code), value in ratings_of(assignment).items():
            if code in units:
                key = (assignment.candidate_id, response_id)
                units[code].setdefault(key, {})[str(assignment.id)] = value


def build_report(
    settings: RaterQualitySettings,
) -> tuple[list[AssessorRow], list[statistics.CompetencyAgreement]]:
    """Per assessor (count, distribution, leniency) and per competency (kappa, ICC)."""
    assignments = submitted_assignments()
    by_candidate: dict[int, list[RatingAssignment]] = defaultdict(list)
    for assignment in assignments:
        by_candidate[assignment.candidate_id].append(assignment)

    versus: dict[int, list[tuple[float | None, float | None]]] = defaultdict(list)
    pairs: dict[str, list[tuple[int | None, int | None]]] = {c: [] for c in COMPETENCY_CODES}
    units: dict[str, dict[tuple[int, int], dict[str, int | None]]] = {
        c: {} for c in COMPETENCY_CODES
    }
    for rows in by_candidate.values():
        _add_versus_integrated(rows, versus)
        _add_pairs(rows, pairs)
        _add_units(rows, units)

    by_assessor: dict[int, list[RatingAssignment]] = defaultdict(list)
    for assignment in assignments:
        by_assessor[assignment.assessor_id].append(assignment)
    people = []
    for rows in by_assessor.values():
        user = rows[0].assessor
        stats = statistics.assessor_statistics(
            user.public_id,
            candidates_rated=len({a.candidate_id for a in rows}),
            scores=[s.value for a in rows for s in a.scores],
            versus_integrated=versus.get(user.id, []),
            band=settings.leniency_band,
        )
        people.append(AssessorRow(user=user, stats=stats))
    people.sort(key=lambda row: row.user.full_name.lower())
    agreement = statistics.agreement_report(
        pairs,
        warning_below=settings.agreement_warning_below,
        units_by_competency={code: list(found.values()) for code, found in units.items()},
    )
    return people, agreement


# --- CSV ----------------------------------------------------------------------------------

CSV_COLUMNS = (
    "candidate_code",
    "candidate_name",
    "assessor_id",
    "assessor_name",
    "assignment_kind",
    "scenario_position",
    "scenario_title",
    "competency_code",
    "rubric_version",
    "value",
    "not_ratable_reason",
    "submitted_at",
)
DELIMITER = ";"  # Excel in a Dutch locale splits on ';' (the comma is the decimal sign)
BOM = "\ufeff"  # so Excel reads the file as UTF-8
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    """Text for one cell; free text that Excel would run as a formula gets a leading quote."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def _name_if_released(candidate: Candidate) -> str:
    """The name only once the result is released; before that the code is all there is."""
    if candidate.state is CandidateState.RESULT_RELEASED:
        return candidate.user.full_name
    return ""


def csv_rows() -> Iterator[tuple]:
    """One row per assessor × candidate × scenario × competency of every submitted rating."""
    query = (
        select(Score, RatingAssignment)
        .join(RatingAssignment, Score.assignment_id == RatingAssignment.id)
        .join(Response, Score.response_id == Response.id)
        .where(RatingAssignment.status == AssignmentStatus.SUBMITTED)
        .options(
            joinedload(Score.response).joinedload(Response.scenario),
            joinedload(Score.rubric_version),
            joinedload(RatingAssignment.assessor),
            joinedload(RatingAssignment.candidate),
        )
        .order_by(RatingAssignment.candidate_id, RatingAssignment.kind, Score.response_id)
        .execution_options(yield_per=500)
    )
    order = {code: i for i, code in enumerate(COMPETENCY_CODES)}
    batch: list[tuple] = []
    current: tuple | None = None
    for score, assignment in db.session.execute(query):
        key = (assignment.id, score.response_id)
        if key != current and batch:
            yield from sorted(batch, key=lambda row: order.get(row[7], 99))
            batch = []
        current = key
        candidate = assignment.candidate
        scenario = score.response.scenario
        batch.append(
            (
                candidate_code(candidate),
                _name_if_released(candidate),
                assignment.assessor.public_id,
                assignment.assessor.full_name,
                assignment.kind.value,
                scenario.position,
                scenario.title,
                score.competency_code,
                score.rubric_version.number,
                score.value,
                None if score.value is not None else score.not_ratable_reason,
                assignment.submitted_at.isoformat() if assignment.submitted_at else None,
            )
        )
    yield from sorted(batch, key=lambda row: order.get(row[7], 99))


def csv_chunks(rows: Iterator[tuple]) -> Iterator[str]:
    """The CSV text in chunks (BOM and header first), for a streamed response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=DELIMITER, lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield BOM + flush()
    for i, row in enumerate(rows, 1):
        writer.writerow([_cell(v) for v in row])
        if i % 200 == 0:
            yield flush()
    rest = flush()
    if rest:
        yield rest
