"""Rating operations: drafts with compare-and-set, submission, comparison, moderation, outcome.

Views parse, authorise and call these; operations change rows and flush, the view commits.
Assignment itself (and the hook `assign_on_submission`) lives in `assessors.assignment`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from assessors import rubrics, scoring
from assessors.assignment import (  # noqa: F401  (part of this module's interface)
    active_assignments,
    assign_next,
    assign_on_submission,
    get_settings,
)
from assessors.errors import AssignmentClosed, Incomplete, InvalidInput, StaleRevision
from assessors.models import (
    AssignmentKind,
    AssignmentStatus,
    ModerationCase,
    ModerationDecision,
    ModerationStatus,
    ObservationNote,
    RatingAssignment,
    Score,
)
from ksf_b import audit
from ksf_b.accounts.models import User
from ksf_b.assessment.models import Assessment, Response, Scenario
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.journey import states
from ksf_b.journey.models import Candidate, CandidateState
from ksf_b.revisions import bump_revision

NOT_RATABLE = "n"
MAX_REASON = 1000
MAX_NOTES = 10_000
RATED_STATES = frozenset(
    {
        CandidateState.RATED,
        CandidateState.VERDICT_PROPOSED,
        CandidateState.VERDICT_CONFIRMED,
        CandidateState.RESULT_RELEASED,
    }
)
_NOTE_LINE = re.compile(r"^\s*\[(\d{1,3}):([0-5]\d)\]\s?(.*)$")


# --- what is rated ------------------------------------------------------------------------


def responses_of(candidate: Candidate) -> list[Response]:
    """The candidate's confirmed responses in scenario order (what the assessors rate)."""
    confirmed = db.session.scalars(
        select(Response)
        .join(Assessment, Response.assessment_id == Assessment.id)
        .where(Assessment.candidate_id == candidate.id, Response.confirmed_take_id.is_not(None))
        .options(  # what every rating page reads of them: three queries in all, not thirty
            selectinload(Response.scenario).selectinload(Scenario.competencies),
            selectinload(Response.confirmed_take),
        )
    ).all()
    return sorted(confirmed, key=lambda r: r.scenario.position)


def scores_by_cell(assignment: RatingAssignment) -> dict[tuple[int, str], Score]:
    return {(s.response_id, s.competency_code): s for s in assignment.scores}


def notes_of(assignment: RatingAssignment, response: Response) -> list[ObservationNote]:
    return [n for n in assignment.notes if n.response_id == response.id]


def response_complete(assignment: RatingAssignment, response: Response) -> bool:
    cells = scores_by_cell(assignment)
    return all(
        (response.id, code) in cells and cells[(response.id, code)].is_complete
        for code in response.scenario.competency_codes
    )


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


def progress(assignment: RatingAssignment, responses: list[Response] | None = None) -> Progress:
    """How many responses have every score ("7 van 10"); pass `responses_of` if you have it."""
    if responses is None:
        responses = responses_of(assignment.candidate)
    return Progress(sum(1 for r in responses if response_complete(assignment, r)), len(responses))


# --- notes --------------------------------------------------------------------------------


def parse_notes(text: str) -> list[tuple[float | None, str]]:
    """Split notes into lines; a line starting with "[mm:ss]" is tied to that moment."""
    lines = []
    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        match = _NOTE_LINE.match(raw)
        if match:
            lines.append((int(match.group(1)) * 60 + int(match.group(2)), match.group(3)))
        elif raw.strip():
            lines.append((None, raw.rstrip()))
    return lines


def stamp(seconds: float) -> str:
    whole = int(seconds)
    return f"[{whole // 60:02d}:{whole % 60:02d}]"


def notes_text(notes: list[ObservationNote]) -> str:
    """Write stored notes back as the text the assessor typed."""
    return "\n".join(
        f"{stamp(n.at_seconds)} {n.text}".rstrip() if n.at_seconds is not None else n.text
        for n in notes
    )


# --- drafts -------------------------------------------------------------------------------


@dataclass
class SaveOutcome:
    assignment: RatingAssignment
    saved: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def _bump_revision(assignment: RatingAssignment, revision: int | None) -> None:
    """Compare-and-set: only a save from the stored revision (or newer) may store."""
    bump_revision(
        assignment,
        revision,
        still_open=RatingAssignment.status == AssignmentStatus.ASSIGNED,
        closed=AssignmentClosed,
        stale=StaleRevision,
        draft_saved_at=utcnow(),
    )


def save_draft(
    assignment: RatingAssignment,
    response: Response,
    fields: Mapping[str, object],
    revision: int | None,
) -> SaveOutcome:
    """Store the good fields of a partial draft of one response (docs/autosave.md)."""
    _bump_revision(assignment, revision)
    outcome = SaveOutcome(assignment)
    codes = response.scenario.competency_codes
    version = rubrics.current()
    cells = scores_by_cell(assignment)
    ordered = sorted(fields.items(), key=lambda item: not item[0].startswith("score-"))
    for name, value in ordered:
        kind, _sep, code = name.partition("-")
        if name == "notes":
            _save_notes(assignment, response, value, outcome)
        elif kind == "score" and code in codes:
            _save_score(assignment, response, code, value, version, cells, outcome)
        elif kind == "reason" and code in codes:
            _save_reason(code, value, cells.get((response.id, code)), outcome, name)
        else:
            outcome.errors[name] = str(_l("Onbekend veld."))
    db.session.flush()
    return outcome


def _save_score(assignment, response, code, value, version, cells, outcome) -> None:  # type: ignore[no-untyped-def]
    name = f"score-{code}"
    if value is not None and value != NOT_RATABLE and value not in {"1", "2", "3", "4", "5"}:
        outcome.errors[name] = str(_l("Kies 1 tot en met 5 of 'niet te beoordelen'."))
        return
    score = cells.get((response.id, code))
    if value is None:
        if score is not None:
            db.session.delete(score)
            del cells[(response.id, code)]
        outcome.saved.append(name)
        return
    if score is None:
        score = Score(assignment=assignment, response=response, competency_code=code)
        cells[(response.id, code)] = score
        db.session.add(score)
    score.rubric_version = version
    if value == NOT_RATABLE:
        score.value = None
        score.not_ratable_reason = score.not_ratable_reason or ""
    else:
        score.value = int(value)
        score.not_ratable_reason = None
    outcome.saved.append(name)


def _save_reason(code, value, score, outcome, name) -> None:  # type: ignore[no-untyped-def]
    if not isinstance(value, str) or len(value) > MAX_REASON:
        outcome.errors[name] = str(_l("Hoogstens %(max)d tekens.") % {"max": MAX_REASON})
        return
    if score is not None and score.value is None:
        score.not_ratable_reason = value
    outcome.saved.append(name)


def _save_notes(assignment, response, value, outcome) -> None:  # type: ignore[no-untyped-def]
    if not isinstance(value, str) or len(value) > MAX_NOTES:
        outcome.errors["notes"] = str(_l("Hoogstens %(max)d tekens.") % {"max": MAX_NOTES})
        return
    for note in notes_of(assignment, response):
        assignment.notes.remove(note)
    for position, (at, text) in enumerate(parse_notes(value)):
        assignment.notes.append(
            ObservationNote(response=response, position=position, at_seconds=at, text=text)
        )
    outcome.saved.append("notes")


# --- submission and comparison ------------------------------------------------------------


def _lock_candidate(candidate: Candidate) -> None:
    """Serialise submissions of one candidate's assessors (PostgreSQL row lock)."""
    db.session.execute(select(Candidate.id).where(Candidate.id == candidate.id).with_for_update())


def submit(assignment: RatingAssignment, actor: User) -> RatingAssignment:
    """Hand in a complete rating; then compare with the other rating if that is in too."""
    if not assignment.is_open:
        raise AssignmentClosed()
    if not progress(assignment).complete:
        raise Incomplete()
    candidate = assignment.candidate
    _lock_candidate(candidate)
    now = utcnow()
    result = db.session.execute(
        update(RatingAssignment)
        .where(
            RatingAssignment.id == assignment.id,
            RatingAssignment.status == AssignmentStatus.ASSIGNED,
        )
        .values(status=AssignmentStatus.SUBMITTED, submitted_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise AssignmentClosed()
    db.session.refresh(assignment)
    db.session.refresh(candidate)
    audit.record(
        "rating.submitted",
        actor=actor,
        subject=audit.subject_of(candidate),
        details={"assignment": assignment.public_id, "kind": str(assignment.kind)},
    )
    evaluate(candidate, actor)
    return assignment


def ratings_of(assignment: RatingAssignment) -> dict[tuple[object, str], int | None]:
    """The submitted scores as the pure rules read them."""
    return {(s.response_id, s.competency_code): s.value for s in assignment.scores}


def evaluate(candidate: Candidate, actor: User | None) -> None:
    """When every counting rating is in: rated, or moderation if the two disagree."""
    actives = active_assignments(candidate)
    if not actives or any(not a.is_submitted for a in actives):
        return
    if candidate.state is CandidateState.RATING:
        pair = [a for a in actives if a.kind is not AssignmentKind.THIRD]
        if len(pair) != 2:  # the second assessor is not assigned yet
            return
        first, second = pair
        rules = scoring.Rules.of(get_settings())
        scenarios = {r.id: (r.scenario.position, r.scenario.title) for r in responses_of(candidate)}
        found = scoring.compare(ratings_of(first), ratings_of(second), rules, scenarios)
        if found:
            _open_case(candidate, found, actor)
        else:
            states.complete_rating(candidate, actor, _outcome_reason(candidate))
    elif candidate.state is CandidateState.MODERATION:
        case = case_of(candidate)
        if case is not None and case.status is ModerationStatus.THIRD_REQUESTED:
            case.status = ModerationStatus.RESOLVED
            case.resolved_at = utcnow()
            states.complete_rating(candidate, actor, _outcome_reason(candidate))


def _open_case(candidate: Candidate, found: list[scoring.Discrepancy], actor: User | None) -> None:
    codes = scoring.disputed_codes(found)
    case = ModerationCase(
        candidate=candidate,
        disputed_codes=",".join(codes),
        summary="\n".join(dict.fromkeys(d.reason for d in found)),
    )
    db.session.add(case)
    db.session.flush()
    states.require_moderation(candidate, actor, case.summary)


def _outcome_reason(candidate: Candidate) -> str:
    db.session.flush()
    outcome = compute_outcome(candidate)
    return outcome.explanation if outcome else ""


# --- moderation ---------------------------------------------------------------------------


def case_of(candidate: Candidate) -> ModerationCase | None:
    return db.session.scalar(
        select(ModerationCase).where(ModerationCase.candidate_id == candidate.id)
    )


def involved(case: ModerationCase, user: User) -> bool:
    """The user rated (or was asked to rate) this candidate: they cannot moderate it."""
    return any(
        a.assessor_id == user.id
        for a in db.session.scalars(
            select(RatingAssignment).where(RatingAssignment.candidate_id == case.candidate_id)
        )
    )


def open_cases() -> list[ModerationCase]:
    return list(
        db.session.scalars(
            select(ModerationCase)
            .where(ModerationCase.status != ModerationStatus.RESOLVED)
            .order_by(ModerationCase.opened_at)
        )
    )


def record_consensus(
    case: ModerationCase, lead: User, decisions: Mapping[str, tuple[object, object]]
) -> ModerationCase:
    """Store the lead's consensus value and justification for every disputed competency."""
    if case.status is not ModerationStatus.OPEN:
        raise AssignmentClosed(
            _l("Deze moderatie is al afgerond of wacht op een derde beoordelaar.")
        )
    parsed = {}
    for code in case.disputed:
        raw_value, raw_text = decisions.get(code, (None, None))
        try:
            value = float(str(raw_value).replace(",", "."))
        except ValueError:
            value = 0.0
        text = str(raw_text or "").strip()
        if not 1 <= value <= 5 or not text or len(text) > MAX_REASON:
            raise InvalidInput(
                _l(
                    "Geef voor elke besproken competentie een score van 1 tot 5 en een "
                    "onderbouwing."
                )
            )
        parsed[code] = (round(value, 2), text)
    for code, (value, text) in parsed.items():
        case.decisions.append(
            ModerationDecision(
                competency_code=code, value=value, justification=text, decided_by=lead
            )
        )
    case.lead = lead
    case.status = ModerationStatus.RESOLVED
    case.resolved_at = utcnow()
    db.session.flush()
    audit.record(
        "rating.moderated",
        actor=lead,
        subject=audit.subject_of(case.candidate),
        details={code: value for code, (value, _text) in parsed.items()},
    )
    states.complete_rating(case.candidate, lead, _outcome_reason(case.candidate))
    return case


def request_third(case: ModerationCase, lead: User) -> RatingAssignment:
    """Ask a third independent assessor; their scores count as set out in the integration rule."""
    if case.status is not ModerationStatus.OPEN:
        raise AssignmentClosed(
            _l("Deze moderatie is al afgerond of wacht op een derde beoordelaar.")
        )
    assignment = assign_next(case.candidate, AssignmentKind.THIRD, lead, exclude=lead)
    case.lead = lead
    case.status = ModerationStatus.THIRD_REQUESTED
    case.third_requested_at = utcnow()
    db.session.flush()
    audit.record(
        "rating.third_requested",
        actor=lead,
        subject=audit.subject_of(case.candidate),
        details={"assignment": assignment.public_id},
    )
    return assignment


# --- outcome ------------------------------------------------------------------------------


def compute_outcome(candidate: Candidate) -> scoring.Part2Outcome | None:
    """Integrate the submitted ratings (and any consensus) with the settings' rules."""
    submitted = [a for a in active_assignments(candidate) if a.is_submitted]
    if len(submitted) < 2:
        return None
    per_assessor = [scoring.competency_scores(ratings_of(a)) for a in submitted]
    case = case_of(candidate)
    moderated = {d.competency_code: d.value for d in case.decisions} if case else {}
    return scoring.integrate(per_assessor, scoring.Rules.of(get_settings()), moderated)


def part2_outcome(candidate: Candidate) -> scoring.Part2Outcome | None:
    """The outcome of part 2, or None until the candidate is rated."""
    if candidate.state not in RATED_STATES:
        return None
    return compute_outcome(candidate)
