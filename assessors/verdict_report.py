"""What the verdict pages show, gathered in one place (read-only)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from assessors import verdict as rule
from assessors.verdict_appeals import appeals_of, open_appeal
from assessors.verdict_ops import (
    current_verdict,
    part1_decision,
    proposal_of,
    rules,
    verdicts_of,
)
from certificates.models import Certificate
from certificates.programmes import Programme
from ksf_b.competencies import COMPETENCIES, COMPETENCY_CODES
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate, CandidateState, JourneyEvent

S = CandidateState
KIND_LABELS = {"first": _l("eerste"), "second": _l("tweede"), "third": _l("derde")}
STATUS_LABELS = {
    "assigned": _l("toegewezen"),
    "submitted": _l("ingediend"),
    "withdrawn": _l("teruggetrokken"),
}
IN_PROGRESS = (
    S.PART2_SUBMITTED,
    S.RATING,
    S.MODERATION,
    S.RATED,
    S.VERDICT_PROPOSED,
    S.VERDICT_CONFIRMED,
)


@dataclass
class AssessorTable:
    """One assessor's scores: a row per scenario, a column per competency."""

    label: str
    name: str
    kind: str
    status: str
    rows: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    means: dict[str, float | None] = field(default_factory=dict)


def part2_submitted_at(candidate: Candidate):  # type: ignore[no-untyped-def]
    """When part 2 was handed in (the last submit_part2 event)."""
    return db.session.scalar(
        select(JourneyEvent.created_at)
        .where(JourneyEvent.candidate_id == candidate.id, JourneyEvent.transition == "submit_part2")
        .order_by(JourneyEvent.id.desc())
        .limit(1)
    )


def service_row(candidate: Candidate, now=None) -> dict:  # type: ignore[no-untyped-def]
    """Days since part 2 against the service level, for the dashboard."""
    submitted = part2_submitted_at(candidate)
    settings = rules()
    now = now or utcnow()
    days = rule.working_days_between(submitted.date(), now.date()) if submitted else 0
    return {
        "candidate": candidate,
        "submitted_at": submitted,
        "days": days,
        "level": rule.service_level(days, settings) if submitted else "ok",
        "limit": settings.service_level_working_days,
        "verdict": current_verdict(candidate),
        "appeal": open_appeal(candidate),
    }


def dashboard_rows() -> list[dict]:
    """Every candidate between part 2 and release, and released ones with an open appeal."""
    candidates = db.session.scalars(
        select(Candidate).where(Candidate.state.in_([*IN_PROGRESS, S.RESULT_RELEASED]))
    ).all()
    rows = []
    for candidate in candidates:
        row = service_row(candidate)
        if candidate.state is S.RESULT_RELEASED and row["appeal"] is None:
            continue
        rows.append(row)
    return sorted(rows, key=lambda r: -r["days"])


def assessor_tables(candidate: Candidate) -> list[AssessorTable]:
    """Per assessor, per scenario, per competency: what was scored (names for admins)."""
    from assessors import operations, scoring
    from assessors.models import RatingAssignment

    responses = operations.responses_of(candidate)
    assignments = db.session.scalars(
        select(RatingAssignment)
        .where(RatingAssignment.candidate_id == candidate.id)
        .order_by(RatingAssignment.id)
    ).all()
    tables = []
    for number, assignment in enumerate(assignments, start=1):
        cells = operations.scores_by_cell(assignment)
        table = AssessorTable(
            label=f"{number}",
            name=assignment.assessor.full_name,
            kind=str(KIND_LABELS.get(str(assignment.kind), assignment.kind)),
            status=str(STATUS_LABELS.get(str(assignment.status), assignment.status)),
        )
        for response in responses:
            row = {}
            for code in COMPETENCY_CODES:
                score = cells.get((response.id, code))
                row[code] = None if score is None else (score.value if score.value else "n")
            table.rows.append((f"{response.scenario.position}. {response.scenario.title}", row))
        if assignment.is_submitted:
            table.means = scoring.competency_scores(operations.ratings_of(assignment))
        tables.append(table)
    return tables


def certificate_a_status(candidate: Candidate) -> dict:
    """Certificate A as registered on the case, and any A certificate in the registry."""
    registry = db.session.scalar(
        select(Certificate)
        .where(Certificate.holder_id == candidate.user_id, Certificate.programme == Programme.A)
        .order_by(Certificate.id.desc())
        .limit(1)
    )
    return {
        "held": candidate.holds_certificate_a,
        "source": candidate.a_certificate_source,
        "number": candidate.a_certificate_number or (registry.number if registry else None),
        "date": candidate.a_certificate_date or (registry.issued_on if registry else None),
    }


def verdict_screen(candidate: Candidate) -> dict:
    """Everything the admin reads before deciding."""
    from assessors.operations import case_of

    proposal, outcome = proposal_of(candidate)
    return {
        "candidate": candidate,
        "part1": part1_decision(candidate),
        "outcome": outcome,
        "proposal": proposal,
        "tables": assessor_tables(candidate),
        "case": case_of(candidate),
        "certificate_a": certificate_a_status(candidate),
        "verdicts": verdicts_of(candidate),
        "current": current_verdict(candidate),
        "appeals": appeals_of(candidate),
        "service": service_row(candidate),
        "competencies": COMPETENCIES,
        "competency_labels": {c.code: str(c.label) for c in COMPETENCIES},
        "settings": rules(),
    }
