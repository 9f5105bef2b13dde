"""The candidate's online assessment: consent, device check, practice and the ten scenarios.

Pages (Dutch, server-rendered) and a small JSON API under /assessment/api/ for the recorder
(static/js/exam.js). Every route needs the candidate role and works only on the candidate's
own assessment (anything else is a 404). Refusals of the assessment operations become JSON
409/403/410 answers with a Dutch message; each request commits once.

The practice question records through the real upload path (docs/upload-protocol.md) into a
`DEVICE_TEST` media asset owned by the candidate and attached to no scenario: it proves the
camera, the microphone and the network, and is never assessed.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.exceptions import HTTPException

from ksf_b import errors
from ksf_b.accounts.models import Role, User
from ksf_b.assessment import exam_state, programme
from ksf_b.assessment import operations as ops
from ksf_b.assessment.models import Assessment, Take
from ksf_b.assessment.models import Response as ScenarioResponse
from ksf_b.assessment.receipts import send_part2_receipt
from ksf_b.db_types import utcnow
from ksf_b.display import when
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.privacy import operations as privacy_ops
from ksf_b.security import roles_required
from media.models.asset import AssetKind, MediaAsset

bp = Blueprint("exam", __name__, url_prefix="/assessment")

API_PREFIX = "/assessment/api/"
PRACTICE_TAKE_LIMIT = 5  # practice uploads per candidate: enough to try again, bounded storage
candidate_only = roles_required(Role.CANDIDATE)


# --- helpers ------------------------------------------------------------------------------


@bp.errorhandler(HTTPException)
def _api_errors(error: HTTPException):  # type: ignore[no-untyped-def]
    """Answer the recorder's API with JSON (pages keep the site's Dutch error page)."""
    status = error.code or 500
    message = getattr(error, "ksf_message", None)
    if request.path.startswith(API_PREFIX):
        db.session.rollback()
        text = message or errors.MESSAGES.get(status, errors.MESSAGES[500])()
        return jsonify(error=text, status=status), status
    return errors.error_response(status, message)


def _user() -> User:
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _candidate() -> Candidate:
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == _user().id))
    if candidate is None:
        abort(404)
    return candidate


def _assessment() -> Assessment:
    """Return the logged-in candidate's assessment (created when invited), else 404."""
    assessment = ops.ensure_assessment(_candidate(), actor=_user())
    if assessment is None:
        abort(404)
    return assessment


def _own_response(public_id: str) -> ScenarioResponse:
    response = db.session.scalar(
        select(ScenarioResponse).where(ScenarioResponse.public_id == public_id)
    )
    if response is None or response.assessment.candidate.user_id != _user().id:
        abort(404)
    return response


def _own_take(public_id: str) -> Take:
    take = db.session.scalar(select(Take).where(Take.public_id == public_id))
    if take is None or take.response.assessment.candidate.user_id != _user().id:
        abort(404)
    return take


@bp.errorhandler(ops.AssessmentError)
def _refuse(error: ops.AssessmentError):  # type: ignore[no-untyped-def]
    """A refused step (limit reached, window closed, ...): nothing is saved, Dutch message."""
    db.session.rollback()
    return _api_errors(error.as_http())


def _redirect_unless_prepared(assessment: Assessment) -> Response | None:
    if assessment.is_submitted:
        return redirect(url_for("exam.done"))
    if not ops.is_prepared(assessment):
        return redirect(url_for("exam.overview"))
    return None


def _deadline_text(assessment: Assessment) -> str:
    return when(assessment.closes_at)


def _render(template: str, assessment: Assessment, **context: Any) -> str:
    return render_template(
        f"assessment/exam/{template}",
        assessment=assessment,
        deadline=_deadline_text(assessment),
        js_strings=exam_state.js_strings(),
        owner_key=_user().public_id,
        **context,
    )


# --- pages --------------------------------------------------------------------------------


@bp.get("/")
@candidate_only
def overview() -> str | Response:
    """Show the steps of part 2, how far the candidate got and where to continue."""
    candidate = _candidate()
    assessment = ops.ensure_assessment(candidate, actor=_user())
    db.session.commit()
    if assessment is None:
        return render_template("assessment/exam/not_open.html", candidate=candidate)
    return _render(
        "overview.html",
        assessment,
        steps=exam_state.steps(assessment),
        next_url=exam_state.next_url(assessment),
        window_open=ops.window_is_open(assessment),
    )


@bp.route("/toestemming", methods=["GET", "POST"])
@candidate_only
def consent() -> str | Response:
    """Explain what is recorded, who sees it and how long it is kept; record consent."""
    assessment = _assessment()
    error = None
    if request.method == "POST":
        if request.form.get("agree") != "yes":
            error = _("Vink aan dat je akkoord gaat om verder te gaan.")
        else:
            ops.give_consent(assessment, _user())
            privacy_ops.record_consent(_user(), "recordings")
            db.session.commit()
            return redirect(url_for("exam.device_check"))
    db.session.commit()
    months = privacy_ops.get_settings().retention_months
    status = 422 if error else 200
    return _render("consent.html", assessment, error=error, retention_months=months), status


@bp.route("/apparaatcontrole", methods=["GET", "POST"])
@candidate_only
def device_check() -> str | Response:
    """Camera preview, microphone level and a test recording played back in the browser."""
    assessment = _assessment()
    if assessment.consent_at is None:
        return redirect(url_for("exam.consent"))
    if request.method == "POST":
        if request.form.get("works") != "yes":
            flash(_("Bevestig dat je jezelf zag en hoorde in de testopname."), "error")
            return redirect(url_for("exam.device_check"))
        ops.record_device_check(assessment, _user())
        db.session.commit()
        return redirect(url_for("exam.practice"))
    db.session.commit()
    return _render("device_check.html", assessment)


@bp.route("/oefenvraag", methods=["GET", "POST"])
@candidate_only
def practice() -> str | Response:
    """A practice question that is recorded and uploaded for real but never assessed."""
    assessment = _assessment()
    early = _redirect_unless_prepared(assessment)
    if early is not None:
        return early
    if request.method == "POST":
        ops.complete_practice(assessment, _user())
        db.session.commit()
        return redirect(url_for("exam.scenario"))
    settings = programme.get_settings()
    db.session.commit()
    return _render("practice.html", assessment, settings=settings)


@bp.get("/scenario")
@candidate_only
def scenario() -> str | Response:
    """The run: always the current scenario as the server sees it (fixed order)."""
    assessment = _assessment()
    early = _redirect_unless_prepared(assessment)
    if early is not None:
        return early
    current = ops.current_response(assessment)
    if current is not None:
        # loading the page while a take's upload is still open means it was cut off
        ops.mark_interrupted(current)
        ops.lapse_first_take(current, _user(), utcnow())
    state = exam_state.run_state(assessment)
    db.session.commit()
    if state["done"]:
        return redirect(state["next_url"])
    return _render("scenario.html", assessment, state=state)


@bp.route("/inleveren", methods=["GET", "POST"])
@candidate_only
def submit() -> str | Response:
    """Hand in part 2 once all ten answers are confirmed."""
    assessment = _assessment()
    early = _redirect_unless_prepared(assessment)
    if early is not None:
        return early
    if request.method == "POST":
        ops.submit_assessment(assessment, _user())
        db.session.commit()
        send_part2_receipt(assessment)
        return redirect(url_for("exam.done"))
    progress = ops.progress(assessment)
    db.session.commit()
    return _render(
        "submit.html", assessment, progress=progress, answers=exam_state.answers(assessment)
    )


@bp.get("/klaar")
@candidate_only
def done() -> str | Response:
    """Confirm that part 2 was handed in and say what happens next."""
    assessment = _assessment()
    if not assessment.is_submitted:
        return redirect(url_for("exam.overview"))
    return _render("done.html", assessment, answers=exam_state.answers(assessment))


@bp.get("/scenarios/<public_id>/captions.vtt")
@candidate_only
def captions(public_id: str) -> Response:
    """The WebVTT captions of the current scenario's prompt video."""
    assessment = _assessment()
    response = ops.current_response(assessment)
    if response is None or response.scenario.public_id != public_id:
        abort(404)
    db.session.commit()
    return Response(response.scenario.captions_vtt, mimetype="text/vtt")


# --- JSON API for static/js/exam.js -------------------------------------------------------


@bp.get("/api/current")
@candidate_only
def api_current() -> Response:
    """Return where the candidate is (scenario, plays, thinking time, takes)."""
    assessment = _assessment()
    current = None if assessment.is_submitted else ops.current_response(assessment)
    if current is not None:
        ops.lapse_first_take(current, _user(), utcnow())
    state = exam_state.run_state(assessment)
    db.session.commit()
    return jsonify(state)


@bp.post("/api/responses/<public_id>/plays")
@candidate_only
def api_play(public_id: str) -> Response:
    """Count one play of the prompt video; refused past the limit whatever the client does."""
    response = _own_response(public_id)
    remaining = ops.register_prompt_play(response, _user())
    db.session.commit()
    return jsonify(plays_remaining=remaining)


@bp.post("/api/responses/<public_id>/thinking")
@candidate_only
def api_thinking(public_id: str) -> Response:
    """Stamp the start of thinking time (once) and say how much is left."""
    response = _own_response(public_id)
    deadline = ops.start_thinking(response, _user())
    db.session.commit()
    return jsonify(remaining_seconds=exam_state.seconds_until(deadline, utcnow()))


@bp.post("/api/responses/<public_id>/takes")
@candidate_only
def api_open_take(public_id: str) -> tuple[Response, int]:
    """Open a new take (within the take limit) with its upload session."""
    response = _own_response(public_id)
    payload = request.get_json(silent=True)
    automatic = isinstance(payload, dict) and payload.get("automatic") is True
    take = ops.open_take(response, _user(), automatic=automatic)
    db.session.flush()
    body = exam_state.take_json(take)  # with the server's max_seconds for this take
    body["takes_remaining"] = ops.takes_remaining(response)
    db.session.commit()  # after reading: a commit expires every loaded row (a reload each)
    return jsonify(body), 201


@bp.get("/api/takes/<public_id>")
@candidate_only
def api_take(public_id: str) -> Response:
    """Return a take's upload and processing status (polled while it is processed)."""
    return jsonify(exam_state.take_json(_own_take(public_id)))


@bp.post("/api/takes/<public_id>/confirm")
@candidate_only
def api_confirm(public_id: str) -> Response:
    """Choose this take as the answer (only a finalized, verified upload) and move on."""
    take = _own_take(public_id)
    already = take.response.confirmed_take_id == take.id
    ops.confirm_take(take, _user())
    position = take.response.scenario.position
    db.session.flush()
    state = exam_state.run_state(take.response.assessment)
    db.session.commit()  # after reading: a commit expires every loaded row (a reload each)
    if not already:  # shown on the next page the candidate sees
        flash(_("Je opname voor scenario %(n)d is bevestigd en opgeslagen.", n=position), "success")
    return jsonify(state)


@bp.post("/api/practice/takes")
@candidate_only
def api_practice_take() -> tuple[Response, int]:
    """Open an upload session for a practice take (a DEVICE_TEST asset, never assessed)."""
    from media.uploads import open_upload  # the media pipeline owns upload sessions

    assessment = _assessment()
    if not ops.is_prepared(assessment):
        raise ops.NotReady()
    if not ops.window_is_open(assessment) or assessment.is_submitted:
        raise ops.WindowClosed()
    user = _user()
    held = db.session.scalar(
        select(func.count(MediaAsset.id)).where(
            MediaAsset.owner_id == user.id, MediaAsset.kind == AssetKind.DEVICE_TEST
        )
    )
    if (held or 0) >= PRACTICE_TAKE_LIMIT:
        raise ops.LimitReached(_("Je hebt de oefenvraag al vaak genoeg opgenomen."))
    upload = open_upload(user, AssetKind.DEVICE_TEST, current_app.config["RECORDING_MAX_BYTES"])
    db.session.commit()
    body = {
        "id": upload.public_id,
        "upload_url": exam_state.upload_url(upload.public_id),
        "asset": exam_state.asset_json(upload.asset),
        "max_seconds": programme.get_settings().practice_answer_seconds,
    }
    db.session.commit()
    return jsonify(body), 201
