"""Calibration pages: admins build the benchmark set and decide; new assessors calibrate."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from assessors import calibration_operations as ops
from assessors import rubrics
from assessors.assignment import ensure_profile
from assessors.blind import candidate_code
from assessors.errors import RatingError, StaleRevision
from assessors.models import BenchmarkResponse, CalibrationAttempt, CalibrationStatus
from assessors.quality_forms import DecisionForm
from assessors.stats_views import number
from ksf_b import autosave
from ksf_b.accounts.models import Role
from ksf_b.assessment.models import Assessment
from ksf_b.assessment.models import Response as AnswerResponse
from ksf_b.autosave import json_error
from ksf_b.competencies import get as competency
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate, CandidateState
from ksf_b.security import roles_required

bp = Blueprint("calibration", __name__)

ADMIN = "/beheer/kalibratie"
ASSESSOR = "/beoordelen/kalibratie"
RATABLE_STATES = (
    CandidateState.RATING,
    CandidateState.MODERATION,
    CandidateState.RATED,
    CandidateState.VERDICT_PROPOSED,
    CandidateState.VERDICT_CONFIRMED,
    CandidateState.RESULT_RELEASED,
)
STATUS_LABELS = {
    CalibrationStatus.IN_PROGRESS: _l("bezig"),
    CalibrationStatus.PASSED: _l("geslaagd"),
    CalibrationStatus.REFERRED: _l("wacht op besluit"),
    CalibrationStatus.APPROVED: _l("goedgekeurd door een beheerder"),
    CalibrationStatus.DENIED: _l("afgewezen door een beheerder"),
}


@bp.record_once
def _register_policy(_state) -> None:  # type: ignore[no-untyped-def]
    from assessors.calibration_policy import register

    register()


def _labels() -> dict:
    return {status: str(label) for status, label in STATUS_LABELS.items()}


def _render(template: str, status: int = 200, **context) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    context.setdefault("competency", competency)
    context.setdefault("number", number)
    context.setdefault("status_labels", _labels())
    context.setdefault("candidate_code", candidate_code)
    return render_template(f"assessors/calibration/{template}", **context), status


# --- admin --------------------------------------------------------------------------------


def _candidate_responses(limit: int = 40) -> list[AnswerResponse]:
    """Confirmed responses of candidates whose part 2 is handed in, not yet benchmarks."""
    marked = select(BenchmarkResponse.response_id)
    return list(
        db.session.scalars(
            select(AnswerResponse)
            .join(Assessment, AnswerResponse.assessment_id == Assessment.id)
            .join(Candidate, Assessment.candidate_id == Candidate.id)
            .where(
                Candidate.state.in_(RATABLE_STATES),
                AnswerResponse.confirmed_take_id.is_not(None),
                AnswerResponse.id.not_in(marked),
            )
            .order_by(Candidate.id, AnswerResponse.scenario_id)
            .limit(limit)
        )
    )


@bp.get(ADMIN)
@roles_required(Role.ADMIN)
def admin_index() -> tuple[str, int]:
    """The calibration set, attempts waiting for a decision, responses to choose from."""
    benchmarks = list(db.session.scalars(select(BenchmarkResponse).order_by(BenchmarkResponse.id)))
    return _render(
        "admin_index.html",
        benchmarks=benchmarks,
        referred=ops.referred_attempts(),
        recent=ops.recent_attempts(),
        responses=_candidate_responses(),
    )


def _response_or_404(public_id: str) -> AnswerResponse:
    response = db.session.scalar(
        select(AnswerResponse).where(AnswerResponse.public_id == public_id)
    )
    if response is None or not response.is_confirmed:
        abort(404)
    return response


@bp.route(f"{ADMIN}/opname/<public_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def admin_benchmark(public_id: str) -> tuple[str, int] | Response:
    """Mark a response as a benchmark: agreed scores and a rationale."""
    response = _response_or_404(public_id)
    benchmark = ops.benchmark_of(response)
    error = None
    if request.method == "POST":
        agreed = {
            code: request.form.get(f"agreed-{code}") for code in response.scenario.competency_codes
        }
        try:
            ops.mark_benchmark(response, agreed, request.form.get("rationale", ""), current_user)
        except RatingError as refused:
            db.session.rollback()
            error = refused.message
        else:
            db.session.commit()
            flash(_("De ijkopname is opgeslagen."), "success")
            return redirect(url_for(".admin_index"))
    agreed = benchmark.agreed() if benchmark else {}
    if request.method == "POST":
        agreed = {k.removeprefix("agreed-"): v for k, v in request.form.items()}
    return _render(
        "admin_benchmark.html",
        422 if error else 200,
        response=response,
        benchmark=benchmark,
        agreed=agreed,
        rationale=request.form.get("rationale", benchmark.rationale if benchmark else ""),
        error=error,
        rubric=rubrics.current(),
    )


def _benchmark_or_404(public_id: str) -> BenchmarkResponse:
    benchmark = db.session.scalar(
        select(BenchmarkResponse).where(BenchmarkResponse.public_id == public_id)
    )
    if benchmark is None:
        abort(404)
    return benchmark


@bp.post(f"{ADMIN}/ijkopname/<public_id>/actief")
@roles_required(Role.ADMIN)
def admin_toggle(public_id: str) -> Response:
    """Take a benchmark out of the calibration set, or put it back."""
    benchmark = _benchmark_or_404(public_id)
    ops.set_active(benchmark, not benchmark.active)
    db.session.commit()
    flash(
        _("De ijkopname telt weer mee.")
        if benchmark.active
        else _("De ijkopname telt niet meer mee."),
        "success",
    )
    return redirect(url_for(".admin_index"))


def _attempt_by_id(public_id: str) -> CalibrationAttempt:
    attempt = db.session.scalar(
        select(CalibrationAttempt).where(CalibrationAttempt.public_id == public_id)
    )
    if attempt is None:
        abort(404)
    return attempt


@bp.route(f"{ADMIN}/pogingen/<public_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def admin_attempt(public_id: str) -> tuple[str, int] | Response:
    """An attempt's deviations; for a referred one, the admin's decision with a reason."""
    attempt = _attempt_by_id(public_id)
    form = DecisionForm()
    if attempt.status is CalibrationStatus.REFERRED and form.validate_on_submit():
        try:
            ops.decide(attempt, current_user, form.decision.data == "approve", form.reason.data)
        except RatingError as refused:
            db.session.rollback()
            form.reason.errors = [refused.message]
        else:
            db.session.commit()
            flash(_("Het besluit is vastgelegd."), "success")
            return redirect(url_for(".admin_index"))
    elif request.method == "POST" and attempt.status is not CalibrationStatus.REFERRED:
        abort(409)
    return _render(
        "admin_attempt.html",
        422 if form.errors else 200,
        attempt=attempt,
        result=ops.result_of(attempt),
        benchmarks=ops.benchmarks_of(attempt),
        form=form,
    )


# --- assessor -----------------------------------------------------------------------------


@bp.get(ASSESSOR)
@roles_required(Role.ASSESSOR)
def home() -> tuple[str, int]:
    """Where the assessor stands: calibrated, to do, under way, waiting, with results."""
    profile = ensure_profile(current_user)
    latest = ops.latest_attempt(current_user)
    db.session.commit()
    return _render(
        "home.html",
        profile=profile,
        latest=latest,
        result=ops.result_of(latest) if latest and not latest.is_open else None,
        benchmarks=ops.benchmarks_of(latest) if latest and not latest.is_open else [],
        may_start=ops.may_start(current_user),
        set_size=len(ops.calibration_set()),
    )


@bp.post(f"{ASSESSOR}/starten")
@roles_required(Role.ASSESSOR)
def start() -> Response:
    try:
        attempt = ops.start_attempt(current_user)
    except RatingError as refused:
        db.session.rollback()
        flash(refused.message, "error")
        return redirect(url_for(".home"))
    db.session.commit()
    return redirect(url_for(".attempt", public_id=attempt.public_id))


def _own_attempt(public_id: str) -> CalibrationAttempt:
    attempt = db.session.scalar(
        select(CalibrationAttempt).where(
            CalibrationAttempt.public_id == public_id,
            CalibrationAttempt.assessor_id == current_user.id,
        )
    )
    if attempt is None:
        abort(404)
    return attempt


@bp.get(f"{ASSESSOR}/<public_id>")
@roles_required(Role.ASSESSOR)
def attempt(public_id: str) -> tuple[str, int] | Response:
    """Rate the calibration set (one form, autosaved); once submitted, the result page."""
    attempt = _own_attempt(public_id)
    if not attempt.is_open:
        return redirect(url_for(".home"))
    values = {ops.field_name(s.benchmark, s.competency_code): s.value for s in attempt.scores}
    return _render(
        "attempt.html",
        attempt=attempt,
        benchmarks=ops.benchmarks_of(attempt),
        values=values,
        field_name=ops.field_name,
        rubric=rubrics.current(),
    )


@bp.post(f"{ASSESSOR}/<public_id>/concept")
def save_draft(public_id: str) -> autosave.JsonAnswer:
    """Autosave of the attempt (docs/autosave.md): 401/403 JSON, 409 stale or locked."""
    if not current_user.is_authenticated:
        return autosave.session_expired()
    if current_user.role is not Role.ASSESSOR:
        return json_error(403, _("Dit mag je niet."), code="forbidden")
    attempt = _own_attempt(public_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("fields"), dict):
        return autosave.bad_body()
    revision = body.get("revision")
    if revision is not None and not isinstance(revision, int):
        return autosave.bad_body()
    try:
        outcome = ops.save_draft(attempt, body["fields"], revision)
    except StaleRevision as stale:
        db.session.rollback()
        return autosave.stale(stale.current, stale.message)
    except RatingError as refused:
        db.session.rollback()
        return json_error(refused.status, refused.message, code=refused.code)
    db.session.commit()
    reply = {"revision": attempt.revision, "saved": outcome.saved, "saved_at": None}
    return autosave.saved(reply, outcome.errors)


@bp.post(f"{ASSESSOR}/<public_id>/indienen")
@roles_required(Role.ASSESSOR)
def submit(public_id: str) -> tuple[str, int] | Response:
    """Save the posted scores, then hand in; the result shows on the calibration page."""
    attempt = _own_attempt(public_id)
    fields = {k: v for k, v in request.form.items() if k.startswith("score-")}
    try:
        if fields:
            ops.save_draft(attempt, fields, None)
        ops.submit_attempt(attempt, current_user)
    except RatingError as refused:
        db.session.rollback()
        flash(refused.message, "error")
        if refused.status == 422:
            return redirect(url_for(".attempt", public_id=public_id))
        return redirect(url_for(".home"))
    db.session.commit()
    return redirect(url_for(".home", ingediend=attempt.public_id))
