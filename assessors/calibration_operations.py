"""Calibration operations: benchmark responses, attempts with autosaved drafts, decisions.

Views parse, authorise and call these; operations change rows and flush, the view commits.
The rule itself (mean absolute deviation within the setting) is `assessors.calibration`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from assessors import calibration
from assessors.assignment import ensure_profile
from assessors.errors import AssignmentClosed, Incomplete, InvalidInput, StaleRevision
from assessors.models import (
    BenchmarkResponse,
    BenchmarkScore,
    CalibrationAttempt,
    CalibrationScore,
    CalibrationStatus,
)
from assessors.stats_data import get_quality_settings
from ksf_b.accounts.models import User
from ksf_b.assessment.models import Response, Scenario
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.revisions import bump_revision

MAX_RATIONALE = 2000
MAX_REASON = 1000
LEVELS = {"1", "2", "3", "4", "5"}


class CalibrationLocked(AssignmentClosed):
    default_message = _l("Deze kalibratie is al ingediend.")


class NoCalibrationSet(InvalidInput):
    status = 409
    code = "no_set"
    default_message = _l("Er zijn nog geen ijkopnames; een beheerder stelt de set samen.")


# --- benchmarks ---------------------------------------------------------------------------


def calibration_set() -> list[BenchmarkResponse]:
    """The active benchmark responses, in scenario order."""
    return list(
        db.session.scalars(
            select(BenchmarkResponse)
            .join(Response, BenchmarkResponse.response_id == Response.id)
            .join(Scenario, Response.scenario_id == Scenario.id)
            .where(BenchmarkResponse.active.is_(True))
            .order_by(Scenario.position, BenchmarkResponse.id)
        )
    )


def benchmark_of(response: Response) -> BenchmarkResponse | None:
    return db.session.scalar(
        select(BenchmarkResponse).where(BenchmarkResponse.response_id == response.id)
    )


def mark_benchmark(
    response: Response, agreed: Mapping[str, object], rationale: str, actor: User
) -> BenchmarkResponse:
    """Make (or update) a benchmark: an agreed 1–5 for each of the scenario's competencies."""
    codes = response.scenario.competency_codes
    values = {}
    for code in codes:
        raw = str(agreed.get(code) or "").strip()
        if raw not in LEVELS:
            raise InvalidInput(_l("Geef voor elke competentie een afgesproken score van 1 tot 5."))
        values[code] = int(raw)
    rationale = (rationale or "").strip()
    if not rationale or len(rationale) > MAX_RATIONALE:
        raise InvalidInput(
            _l("Schrijf een korte onderbouwing (hoogstens %(max)d tekens).", max=MAX_RATIONALE)
        )
    benchmark = benchmark_of(response)
    if benchmark is None:
        benchmark = BenchmarkResponse(response=response, created_by=actor, rationale=rationale)
        db.session.add(benchmark)
    benchmark.rationale = rationale
    benchmark.active = True
    held = {s.competency_code: s for s in benchmark.scores}
    for code, value in values.items():
        if code in held:
            held[code].value = value
        else:
            benchmark.scores.append(BenchmarkScore(competency_code=code, value=value))
    for code, score in held.items():
        if code not in values:
            benchmark.scores.remove(score)
    db.session.flush()
    return benchmark


def set_active(benchmark: BenchmarkResponse, active: bool) -> None:
    """Take a benchmark out of the set (attempts under way keep their copy) or back in."""
    benchmark.active = active
    db.session.flush()


# --- attempts -----------------------------------------------------------------------------


def attempts_of(user: User) -> list[CalibrationAttempt]:
    return list(
        db.session.scalars(
            select(CalibrationAttempt)
            .where(CalibrationAttempt.assessor_id == user.id)
            .order_by(CalibrationAttempt.started_at.desc(), CalibrationAttempt.id.desc())
        )
    )


def latest_attempt(user: User) -> CalibrationAttempt | None:
    attempts = attempts_of(user)
    return attempts[0] if attempts else None


def may_start(user: User) -> bool:
    """Uncalibrated, no attempt under way or waiting for a decision."""
    if ensure_profile(user).is_calibrated:
        return False
    latest = latest_attempt(user)
    return latest is None or latest.status is CalibrationStatus.DENIED


def start_attempt(user: User) -> CalibrationAttempt:
    """Open an attempt over the current calibration set (or return the one under way)."""
    latest = latest_attempt(user)
    if latest is not None and latest.is_open:
        return latest
    if not may_start(user):
        raise AssignmentClosed(_l("Je hoeft nu niet (opnieuw) te kalibreren."))
    benchmarks = calibration_set()
    if not benchmarks:
        raise NoCalibrationSet()
    attempt = CalibrationAttempt(assessor=user)
    for benchmark in benchmarks:
        for code in benchmark.response.scenario.competency_codes:
            attempt.scores.append(CalibrationScore(benchmark=benchmark, competency_code=code))
    db.session.add(attempt)
    db.session.flush()
    return attempt


def benchmarks_of(attempt: CalibrationAttempt) -> list[BenchmarkResponse]:
    """The attempt's benchmarks in the order they were rated (scenario order)."""
    seen: dict[int, BenchmarkResponse] = {}
    for score in attempt.scores:
        seen.setdefault(score.benchmark_id, score.benchmark)
    return sorted(seen.values(), key=lambda b: (b.response.scenario.position, b.id))


def field_name(benchmark: BenchmarkResponse, code: str) -> str:
    return f"score-{benchmark.public_id}-{code}"


@dataclass
class SaveOutcome:
    attempt: CalibrationAttempt
    saved: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def _bump_revision(attempt: CalibrationAttempt, revision: int | None) -> None:
    """Compare-and-set: a save from an older revision than the stored one is refused."""
    bump_revision(
        attempt,
        revision,
        still_open=CalibrationAttempt.status == CalibrationStatus.IN_PROGRESS,
        closed=CalibrationLocked,
        stale=StaleRevision,
    )


def save_draft(
    attempt: CalibrationAttempt, fields: Mapping[str, object], revision: int | None
) -> SaveOutcome:
    """Store the good score fields of a partial draft (docs/autosave.md)."""
    _bump_revision(attempt, revision)
    outcome = SaveOutcome(attempt)
    cells = {field_name(s.benchmark, s.competency_code): s for s in attempt.scores}
    for name, value in fields.items():
        cell = cells.get(name)
        if cell is None:
            outcome.errors[name] = str(_l("Onbekend veld."))
        elif value in (None, ""):
            cell.value = None
            outcome.saved.append(name)
        elif isinstance(value, str) and value in LEVELS:
            cell.value = int(value)
            outcome.saved.append(name)
        else:
            outcome.errors[name] = str(_l("Kies 1 tot en met 5."))
    db.session.flush()
    return outcome


def cells_of(attempt: CalibrationAttempt) -> list[calibration.Cell]:
    """The attempt's cells with the agreed values (stored ones once submitted)."""
    result = []
    for score in attempt.scores:
        agreed = score.agreed_value
        if agreed is None:
            agreed = score.benchmark.agreed().get(score.competency_code)
        if agreed is None:
            continue  # the benchmark no longer rates this competency
        result.append(
            calibration.Cell(score.benchmark_id, score.competency_code, score.value, agreed)
        )
    return result


def result_of(attempt: CalibrationAttempt) -> calibration.CalibrationResult:
    limit = attempt.max_deviation
    if limit is None:
        limit = get_quality_settings().calibration_max_deviation
    return calibration.evaluate(cells_of(attempt), max_deviation=limit)


def submit_attempt(attempt: CalibrationAttempt, actor: User) -> calibration.CalibrationResult:
    """Hand in a complete attempt: calibrated when within the setting, else referred."""
    db.session.refresh(attempt)
    if not attempt.is_open:
        raise CalibrationLocked()
    if any(s.value is None for s in attempt.scores):
        raise Incomplete(_l("Geef elke competentie van elke ijkopname een score."))
    for score in attempt.scores:
        score.agreed_value = score.benchmark.agreed().get(score.competency_code)
    attempt.max_deviation = get_quality_settings().calibration_max_deviation
    result = calibration.evaluate(cells_of(attempt), max_deviation=attempt.max_deviation)
    attempt.mean_absolute_deviation = result.mean_absolute_deviation
    attempt.submitted_at = utcnow()
    if result.passed:
        attempt.status = CalibrationStatus.PASSED
        ensure_profile(attempt.assessor).is_calibrated = True
    else:
        attempt.status = CalibrationStatus.REFERRED
    db.session.flush()
    return result


def referred_attempts() -> list[CalibrationAttempt]:
    return list(
        db.session.scalars(
            select(CalibrationAttempt)
            .where(CalibrationAttempt.status == CalibrationStatus.REFERRED)
            .order_by(CalibrationAttempt.submitted_at)
        )
    )


def recent_attempts(limit: int = 50) -> list[CalibrationAttempt]:
    return list(
        db.session.scalars(
            select(CalibrationAttempt)
            .order_by(CalibrationAttempt.started_at.desc(), CalibrationAttempt.id.desc())
            .limit(limit)
        )
    )


def decide(attempt: CalibrationAttempt, admin: User, approve: bool, reason: str) -> None:
    """An admin's decision on a referred attempt, with a reason."""
    if attempt.status is not CalibrationStatus.REFERRED:
        raise AssignmentClosed(_l("Over deze kalibratie is al beslist."))
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        raise InvalidInput(_l("Geef een reden (hoogstens %(max)d tekens).", max=MAX_REASON))
    attempt.status = CalibrationStatus.APPROVED if approve else CalibrationStatus.DENIED
    attempt.decided_by = admin
    attempt.decided_at = utcnow()
    attempt.decision_reason = reason
    if approve:
        ensure_profile(attempt.assessor).is_calibrated = True
    db.session.flush()
