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

from datetime import datetime
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
from ksf_b.assessment import operations as ops
from ksf_b.assessment import rules
from ksf_b.assessment.models import Assessment, Scenario, Take
from ksf_b.assessment.models import Response as ScenarioResponse
from ksf_b.assessment.receipts import send_part2_receipt
from ksf_b.db_types import utcnow
from ksf_b.display import when
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.privacy import operations as privacy_ops
from ksf_b.security import roles_required
from media.models.asset import AssetKind, AssetStatus, MediaAsset

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


def _seconds_until(moment: datetime | None, now: datetime) -> float | None:
    if moment is None:
        return None
    return max(0.0, (ops.aware(moment) - now).total_seconds())


def _upload_url(upload_id: str | None) -> str | None:
    return url_for("media.upload_status", public_id=upload_id) if upload_id else None


def _asset_json(asset: MediaAsset) -> dict[str, Any]:
    ready = asset.status is AssetStatus.READY and asset.processed_key
    return {
        "id": asset.public_id,
        "status": asset.status.value,
        "saved": asset.status in ops.VERIFIED_STATUSES,
        "failure_reason": asset.failure_reason,
        "video_url": url_for("media.asset_video", public_id=asset.public_id) if ready else None,
    }


def _take_json(take: Take) -> dict[str, Any]:
    return {
        "id": take.public_id,
        "number": take.number,
        "upload_url": _upload_url(take.upload_id),
        "interrupted": take.interrupted_at is not None,
        "automatic": take.started_automatically,
        "asset": _asset_json(take.asset),
        "status_url": url_for("exam.api_take", public_id=take.public_id),
        "confirm_url": url_for("exam.api_confirm", public_id=take.public_id),
    }


def _scenario_json(scenario: Scenario) -> dict[str, Any]:
    asset = scenario.video_asset
    playable = asset is not None and asset.status is AssetStatus.READY
    return {
        "title": scenario.title,
        "situation": scenario.situation,
        "instructions": scenario.instructions,
        "is_placeholder": scenario.is_placeholder,
        "video_url": url_for("media.asset_video", public_id=asset.public_id) if playable else None,
        "captions_url": url_for("exam.captions", public_id=scenario.public_id)
        if scenario.captions_vtt.strip()
        else None,
    }


def _run_state(assessment: Assessment) -> dict[str, Any]:
    """Describe where the candidate is, so the page can continue exactly there."""
    if assessment.is_submitted:
        return {"done": True, "next_url": url_for("exam.done")}
    response = ops.current_response(assessment)
    progress = ops.progress(assessment)
    if response is None:
        return {"done": True, "next_url": url_for("exam.submit")}
    now = utcnow()
    limits = ops.limits_for(response)
    takes = list(response.takes)
    return {
        "done": False,
        "response_id": response.public_id,
        "position": progress.position,
        "total": progress.total,
        "confirmed": progress.confirmed,
        "scenario": _scenario_json(response.scenario),
        "plays": {
            "used": response.prompt_plays,
            "allowed": limits.prompt_plays,
            "remaining": ops.plays_remaining(response),
        },
        "thinking": {
            "seconds": limits.thinking_seconds,
            "started": response.thinking_started_at is not None,
            "remaining_seconds": _seconds_until(ops.thinking_deadline(response), now),
        },
        "answer_seconds": limits.max_answer_seconds,
        "takes": {
            "used": len(takes),
            "allowed": limits.takes_allowed,
            "remaining": ops.takes_remaining(response),
            # the latest take was cut off and is the one free take of this scenario
            "free_retake": bool(takes)
            and takes[-1].interrupted_at is not None
            and sum(1 for t in takes if t.interrupted_at is not None)
            <= rules.FREE_INTERRUPTED_TAKES,
        },
        "latest_take": _take_json(takes[-1]) if takes else None,
        "deadline_seconds": _seconds_until(assessment.closes_at, now),
        "urls": {
            "play": url_for("exam.api_play", public_id=response.public_id),
            "thinking": url_for("exam.api_thinking", public_id=response.public_id),
            "takes": url_for("exam.api_open_take", public_id=response.public_id),
        },
    }


def _steps(assessment: Assessment) -> list[dict[str, Any]]:
    progress = ops.progress(assessment)
    return [
        {
            "label": _("Toestemming"),
            "done": assessment.consent_at is not None,
            "url": url_for("exam.consent"),
        },
        {
            "label": _("Camera en microfoon controleren"),
            "done": assessment.device_check_at is not None,
            "url": url_for("exam.device_check"),
        },
        {
            "label": _("Oefenvraag (telt niet mee)"),
            "done": assessment.practice_done_at is not None,
            "url": url_for("exam.practice"),
        },
        {
            "label": _(
                "Tien scenario's: %(done)d van %(total)d bevestigd",
                done=progress.confirmed,
                total=progress.total,
            ),
            "done": progress.position is None and progress.total > 0,
            "url": url_for("exam.scenario"),
        },
        {"label": _("Indienen"), "done": assessment.is_submitted, "url": url_for("exam.submit")},
    ]


def _next_url(assessment: Assessment) -> str:
    """Return the page where the candidate continues."""
    if assessment.is_submitted:
        return url_for("exam.done")
    if assessment.consent_at is None:
        return url_for("exam.consent")
    if assessment.device_check_at is None:
        return url_for("exam.device_check")
    if assessment.practice_done_at is None and assessment.started_at is None:
        return url_for("exam.practice")
    if ops.progress(assessment).position is None:
        return url_for("exam.submit")
    return url_for("exam.scenario")


def _redirect_unless_prepared(assessment: Assessment) -> Response | None:
    if assessment.is_submitted:
        return redirect(url_for("exam.done"))
    if not ops.is_prepared(assessment):
        return redirect(url_for("exam.overview"))
    return None


def _answers(assessment: Assessment) -> list[dict[str, Any]]:
    """The confirmed answers in exam order, for the submit and done pages."""
    confirmed = [r for r in assessment.responses if r.confirmed_take is not None]
    return [
        {
            "position": r.scenario.position,
            "title": r.scenario.title,
            "take": r.confirmed_take.number,  # type: ignore[union-attr]
            "confirmed_at": r.confirmed_at,
        }
        for r in sorted(confirmed, key=lambda r: r.scenario.position)
    ]


def _deadline_text(assessment: Assessment) -> str:
    return when(assessment.closes_at)


def _js_strings() -> dict[str, str]:
    """Every text the exam scripts show, translated here (no Dutch in .js files)."""
    return {
        "plays_remaining": _("Je kunt de video nog %(n)s keer afspelen."),
        "no_plays_left": _("Je hebt de video zo vaak bekeken als is toegestaan."),
        "video_locked": _("De video is niet meer te bekijken nu je een opname hebt gemaakt."),
        "thinking_remaining": _("Bedenktijd: nog %(time)s"),
        "thinking_over": _("De bedenktijd is voorbij. Start je opname wanneer je klaar bent."),
        "thinking_over_auto": _("De bedenktijd is voorbij; de opname start."),
        "auto_started": _("De bedenktijd was voorbij, dus de opname is vanzelf gestart."),
        "countdown": _("De opname begint over %(n)s"),
        "elapsed": _("Opgenomen: %(elapsed)s · nog %(remaining)s"),
        "auto_stopped": _("De maximale tijd is bereikt; de opname is gestopt."),
        "not_saved": _("De opname is nog niet opgeslagen. Laat deze pagina open."),
        "offline": _(
            "Geen internetverbinding. Je opname wordt op dit apparaat bewaard en verzonden "
            "zodra de verbinding terug is."
        ),
        "online": _("De verbinding is terug; de opname wordt verder verzonden."),
        "recovering": _("Een eerdere opname die nog niet verzonden was, wordt nu verzonden…"),
        "recovered": _("De eerdere opname is alsnog opgeslagen."),
        "takes_remaining": _("Je kunt nog %(n)s keer opnieuw opnemen."),
        "retake_discards": _(
            "De opname die je nu ziet, vervalt dan: alleen de nieuwe opname kun je bevestigen."
        ),
        "retakes_after": _("Na deze keer kun je nog %(n)s keer opnieuw opnemen."),
        "retake_last": _("Dit is je laatste keer opnieuw opnemen."),
        "retake_free": _("Je vorige opname werd onderbroken; deze keer telt niet mee."),
        "interrupted": _(
            "Je opname werd onderbroken (de pagina werd herladen of gesloten). De laatste "
            "seconden kunnen ontbreken; bekijk hem voordat je hem bevestigt."
        ),
        "interrupted_free": _(
            "Je opname werd onderbroken (de pagina werd herladen of gesloten). De laatste "
            "seconden kunnen ontbreken; bekijk hem. Wil je opnieuw opnemen, dan telt dat niet "
            "als extra opname."
        ),
        "interrupted_lost": _(
            "Je vorige opname werd onderbroken voordat er iets van was opgeslagen. Neem opnieuw "
            "op; dat telt niet als extra opname."
        ),
        "sent_share": _("%(percent)s%% verzonden"),
        "sent_waiting": _("%(percent)s%% verzonden; de rest wacht op de verbinding"),
        "no_takes_left": _("Je kunt niet meer opnieuw opnemen; bevestig deze opname."),
        "processing": _("De opname wordt verwerkt; je kunt hem zo terugkijken."),
        "upload_failed": _("Het verzenden is mislukt: %(reason)s"),
        "logged_out": _(
            "Je bent uitgelogd. Log opnieuw in: je opname staat veilig op dit apparaat en "
            "wordt daarna alsnog verzonden."
        ),
        "camera_error": _("De camera of microfoon kon niet worden gestart."),
        "camera_n": _("Camera %(n)s"),
        "microphone_n": _("Microfoon %(n)s"),
        "test_ready": _("Bekijk je testopname hieronder."),
        "test_recording": _("Testopname loopt… (%(n)s s)"),
        "error": _("Er ging iets mis. Probeer het opnieuw."),
    }


def _render(template: str, assessment: Assessment, **context: Any) -> str:
    return render_template(
        f"assessment/exam/{template}",
        assessment=assessment,
        deadline=_deadline_text(assessment),
        js_strings=_js_strings(),
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
        steps=_steps(assessment),
        next_url=_next_url(assessment),
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
    settings = ops.get_settings()
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
    state = _run_state(assessment)
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
    return _render("submit.html", assessment, progress=progress, answers=_answers(assessment))


@bp.get("/klaar")
@candidate_only
def done() -> str | Response:
    """Confirm that part 2 was handed in and say what happens next."""
    assessment = _assessment()
    if not assessment.is_submitted:
        return redirect(url_for("exam.overview"))
    return _render("done.html", assessment, answers=_answers(assessment))


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
    state = _run_state(assessment)
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
    return jsonify(remaining_seconds=_seconds_until(deadline, utcnow()))


@bp.post("/api/responses/<public_id>/takes")
@candidate_only
def api_open_take(public_id: str) -> tuple[Response, int]:
    """Open a new take (within the take limit) with its upload session."""
    response = _own_response(public_id)
    payload = request.get_json(silent=True)
    automatic = isinstance(payload, dict) and payload.get("automatic") is True
    take = ops.open_take(response, _user(), automatic=automatic)
    db.session.commit()
    body = _take_json(take)
    body["max_seconds"] = ops.limits_for(response).max_answer_seconds
    body["takes_remaining"] = ops.takes_remaining(response)
    return jsonify(body), 201


@bp.get("/api/takes/<public_id>")
@candidate_only
def api_take(public_id: str) -> Response:
    """Return a take's upload and processing status (polled while it is processed)."""
    return jsonify(_take_json(_own_take(public_id)))


@bp.post("/api/takes/<public_id>/confirm")
@candidate_only
def api_confirm(public_id: str) -> Response:
    """Choose this take as the answer (only a finalized, verified upload) and move on."""
    take = _own_take(public_id)
    already = take.response.confirmed_take_id == take.id
    ops.confirm_take(take, _user())
    assessment = take.response.assessment
    db.session.commit()
    if not already:  # shown on the next page the candidate sees
        flash(
            _(
                "Je opname voor scenario %(n)d is bevestigd en opgeslagen.",
                n=take.response.scenario.position,
            ),
            "success",
        )
    return jsonify(_run_state(assessment))


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
        "upload_url": _upload_url(upload.public_id),
        "asset": _asset_json(upload.asset),
        "max_seconds": ops.get_settings().practice_answer_seconds,
    }
    db.session.commit()
    return jsonify(body), 201
