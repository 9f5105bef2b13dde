"""Admin and assessor pages of the online assessment.

Admins manage the ten scenarios (with their actor videos), the programme settings, each
candidate's window and accommodations, and follow progress. The candidate's own pages are in
`candidate_views.py`; the assessors' pages are in the `assessors` package.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

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
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ksf_b.accounts.models import Role
from ksf_b.assessment import operations as ops
from ksf_b.assessment import programme, scenario_admin, timing
from ksf_b.assessment.forms import (
    AccommodationForm,
    ScenarioForm,
    SettingsForm,
    WindowForm,
)
from ksf_b.assessment.models import Assessment, Scenario
from ksf_b.assessment.models import Response as AnswerResponse
from ksf_b.competencies import COMPETENCIES, ORAL_LANGUAGE
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.security import roles_required
from media.models.upload import UploadState

bp = Blueprint("assessment", __name__)

ADMIN = "/beheer/assessment"


# --- helpers ------------------------------------------------------------------------------


def _local_tz() -> ZoneInfo:
    return ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])


def _to_utc(local: datetime) -> datetime:
    """Read a date-time typed in the programme's time zone as UTC."""
    return local.replace(tzinfo=_local_tz()).astimezone(UTC)


def _to_local(moment: datetime) -> datetime:
    return ops.aware(moment).astimezone(_local_tz()).replace(tzinfo=None)


def _scenario_or_404(public_id: str) -> Scenario:
    scenario = db.session.scalar(select(Scenario).where(Scenario.public_id == public_id))
    if scenario is None:
        abort(404)
    return scenario


def _candidate_or_404(public_id: str) -> Candidate:
    candidate = db.session.scalar(select(Candidate).where(Candidate.public_id == public_id))
    if candidate is None:
        abort(404)
    return candidate


def _json_error(status: int, message: str) -> tuple[Response, int]:
    return jsonify(error=message, status=status), status


def _refuse(error: ops.AssessmentError) -> None:
    db.session.rollback()
    raise error.as_http() from error


# --- scenarios ----------------------------------------------------------------------------


@bp.get(f"{ADMIN}/scenarios")
@roles_required(Role.ADMIN)
def scenario_list() -> str:
    """List the scenarios with a warning panel when the set does not cover the competencies."""
    scenarios = db.session.scalars(
        select(Scenario).order_by(Scenario.active.desc(), Scenario.position, Scenario.id)
    ).all()
    return render_template(
        "assessment/admin/scenarios.html",
        scenarios=scenarios,
        warnings=scenario_admin.coverage_warnings(),
        competencies=COMPETENCIES,
    )


def _scenario_fields(form: ScenarioForm) -> dict:
    return {name: getattr(form, name).data for name in scenario_admin.SCENARIO_FIELDS}


def _save_scenario_form(scenario: Scenario | None, form: ScenarioForm) -> Scenario | None:
    """Validate and save; errors from the operation land on the form."""
    if not form.validate_on_submit():
        return None
    fields = _scenario_fields(form)
    fields["title"] = fields["title"].strip()
    fields["captions_vtt"] = (fields["captions_vtt"] or "").strip()
    try:
        saved = scenario_admin.save_scenario(
            scenario, current_user, competency_codes=form.competencies.data, **fields
        )
    except ops.InvalidInput as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return None
    db.session.commit()
    return saved


@bp.route(f"{ADMIN}/scenarios/nieuw", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def scenario_new() -> str | Response:
    """Add a scenario."""
    form = ScenarioForm()
    if request.method == "GET":
        form.competencies.data = [ORAL_LANGUAGE]
        form.active.data = True
        form.thinking_seconds.data = 60
        form.max_answer_seconds.data = 120
        form.allowed_retakes.data = 1
        form.max_prompt_plays.data = 2
    saved = _save_scenario_form(None, form)
    if saved is not None:
        flash(_("Het scenario is opgeslagen."), "success")
        return redirect(url_for(".scenario_edit", public_id=saved.public_id))
    return render_template("assessment/admin/scenario_form.html", form=form, scenario=None)


@bp.route(f"{ADMIN}/scenarios/<public_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def scenario_edit(public_id: str) -> str | Response:
    """Change a scenario's texts, competencies and limits."""
    scenario = _scenario_or_404(public_id)
    form = ScenarioForm(obj=scenario)
    if request.method == "GET":
        form.competencies.data = scenario.competency_codes
    saved = _save_scenario_form(scenario, form)
    if saved is not None:
        flash(_("Het scenario is opgeslagen."), "success")
        return redirect(url_for(".scenario_edit", public_id=saved.public_id))
    return render_template("assessment/admin/scenario_form.html", form=form, scenario=scenario)


@bp.get(f"{ADMIN}/scenarios/<public_id>/video")
@roles_required(Role.ADMIN)
def scenario_video(public_id: str) -> str:
    """The page on which an admin uploads the actor video of a scenario."""
    from media.processing import awaits_silence_decision

    scenario = _scenario_or_404(public_id)
    silent = scenario.video_asset is not None and awaits_silence_decision(scenario.video_asset)
    return render_template(
        "assessment/admin/scenario_video.html", scenario=scenario, awaits_silence=silent
    )


@bp.post(f"{ADMIN}/scenarios/<public_id>/video/zonder-geluid")
@roles_required(Role.ADMIN)
def scenario_video_accept_silent(public_id: str) -> Response:
    """Accept the scenario's actor video without sound: process it again with silent audio."""
    from media.processing import accept_silent, awaits_silence_decision

    scenario = _scenario_or_404(public_id)
    asset = scenario.video_asset
    if asset is None or not awaits_silence_decision(asset):
        flash(_("Deze video wacht niet op een besluit over geluid."), "error")
        return redirect(url_for(".scenario_video", public_id=scenario.public_id))
    accept_silent(asset)
    db.session.commit()
    flash(_("De video wordt zonder geluid verwerkt."), "success")
    return redirect(url_for(".scenario_video", public_id=scenario.public_id))


@bp.post(f"{ADMIN}/scenarios/<public_id>/video/upload")
@roles_required(Role.ADMIN)
def scenario_video_upload(public_id: str) -> tuple[Response, int]:
    """Open an upload session for the scenario's actor video and return where to send it."""
    _scenario_or_404(public_id)
    upload = scenario_admin.open_scenario_upload(current_user)
    db.session.commit()
    return jsonify(
        upload_id=upload.public_id,
        upload_url=url_for("media.upload_status", public_id=upload.public_id),
        max_bytes=upload.max_bytes,
        chunk_max_bytes=current_app.config["UPLOAD_CHUNK_MAX_BYTES"],
    ), 201


@bp.post(f"{ADMIN}/scenarios/<public_id>/video/attach")
@roles_required(Role.ADMIN)
def scenario_video_attach(public_id: str) -> tuple[Response, int]:
    """Make the finalized upload the scenario's video (processing continues in the worker)."""
    from media.uploads import find_upload

    scenario = _scenario_or_404(public_id)
    payload = request.get_json(silent=True) or {}
    upload_id = payload.get("upload_id")
    upload = find_upload(upload_id, current_user) if isinstance(upload_id, str) else None
    if upload is None:
        return _json_error(404, _("Deze upload bestaat niet (meer)."))
    if upload.state is not UploadState.FINALIZED:
        return _json_error(409, _("De upload is nog niet afgerond."))
    try:
        scenario_admin.attach_scenario_video(scenario, upload.asset, current_user)
    except ops.AssessmentError as error:
        db.session.rollback()
        return _json_error(error.status, error.message)
    db.session.commit()
    asset = upload.asset
    return jsonify(
        scenario=scenario.public_id,
        asset={"id": asset.public_id, "status": str(asset.status)},
        message=_("De video is gekoppeld. Hij wordt nu verwerkt."),
    ), 200


# --- settings -----------------------------------------------------------------------------


@bp.route(f"{ADMIN}/instellingen", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def settings() -> str | Response:
    """Change the programme's settings for part 2."""
    current = programme.get_settings()
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        days = sorted({int(p) for p in form.reminder_days.data.split(",") if p.strip()})
        try:
            programme.update_settings(
                current_user,
                window_days=form.window_days.data,
                reminder_days=",".join(str(d) for d in reversed(days)),
                practice_title=form.practice_title.data.strip(),
                practice_text=form.practice_text.data.strip(),
                practice_thinking_seconds=form.practice_thinking_seconds.data,
                practice_answer_seconds=form.practice_answer_seconds.data,
                timing_grace_seconds=form.timing_grace_seconds.data,
            )
        except ops.InvalidInput as error:
            _refuse(error)
        db.session.commit()
        flash(_("De instellingen zijn opgeslagen."), "success")
        return redirect(url_for(".settings"))
    db.session.commit()  # the settings row may just have been created
    return render_template("assessment/admin/settings.html", form=form)


# --- candidates' assessments --------------------------------------------------------------


@bp.get(f"{ADMIN}/kandidaten")
@roles_required(Role.ADMIN)
def assessment_list() -> str:
    """All assessments with progress, and invited candidates who have none yet."""
    assessments = db.session.scalars(
        select(Assessment)
        .options(selectinload(Assessment.responses).selectinload(AnswerResponse.takes))
        .order_by(Assessment.closes_at)
    ).all()
    with_assessment = select(Assessment.candidate_id)
    waiting = db.session.scalars(
        select(Candidate).where(
            Candidate.state.in_(ops.ASSESSMENT_STATES), Candidate.id.not_in(with_assessment)
        )
    ).all()
    total = len(ops.active_scenarios())
    return render_template(
        "assessment/admin/assessments.html",
        assessments=assessments,
        waiting=waiting,
        total=total,
        is_open=ops.window_is_open,
    )


@bp.post(f"{ADMIN}/kandidaten/<public_id>/openen")
@roles_required(Role.ADMIN)
def assessment_open(public_id: str) -> Response:
    """Open the assessment of an invited candidate with the programme's default window."""
    candidate = _candidate_or_404(public_id)
    if candidate.state not in ops.ASSESSMENT_STATES:
        flash(_("Deze kandidaat is (nog) niet uitgenodigd voor het online assessment."), "error")
        return redirect(url_for(".assessment_list"))
    ops.ensure_assessment(candidate, current_user)
    db.session.commit()
    flash(_("Het assessment is geopend met de standaardtermijn."), "success")
    return redirect(url_for(".assessment_detail", public_id=public_id))


def _assessment_or_404(candidate: Candidate) -> Assessment:
    assessment = ops.get_assessment_for(candidate)
    if assessment is None:
        abort(404)
    return assessment


def _detail_page(
    assessment: Assessment,
    window_form: WindowForm | None = None,
    accommodation_form: AccommodationForm | None = None,
) -> str:
    if window_form is None:
        window_form = WindowForm(
            formdata=None,
            opens_at=_to_local(assessment.opens_at),
            closes_at=_to_local(assessment.closes_at),
        )
    if accommodation_form is None:
        accommodation_form = AccommodationForm(
            formdata=None,
            extra_thinking_seconds=0,
            extra_answer_seconds=0,
            extra_retakes=0,
            extra_prompt_plays=0,
        )
    return render_template(
        "assessment/admin/assessment_detail.html",
        assessment=assessment,
        candidate=assessment.candidate,
        rows=_scenario_rows(assessment),
        window_form=window_form,
        accommodation_form=accommodation_form,
        progress=ops.progress(assessment),
        is_open=ops.window_is_open(assessment),
        take_overrun=timing.overrun,
    )


def _scenario_rows(assessment: Assessment) -> list[tuple[Scenario, AnswerResponse | None]]:
    by_scenario = {r.scenario_id: r for r in assessment.responses}
    return [(s, by_scenario.get(s.id)) for s in ops.active_scenarios()]


@bp.get(f"{ADMIN}/kandidaten/<public_id>")
@roles_required(Role.ADMIN)
def assessment_detail(public_id: str) -> str:
    """One candidate's window, accommodations and takes with their processing status."""
    assessment = _assessment_or_404(_candidate_or_404(public_id))
    return _detail_page(assessment)


@bp.post(f"{ADMIN}/kandidaten/<public_id>/termijn")
@roles_required(Role.ADMIN)
def assessment_window(public_id: str) -> str | Response:
    """Move the candidate's window (opening and deadline)."""
    candidate = _candidate_or_404(public_id)
    assessment = _assessment_or_404(candidate)
    form = WindowForm()
    if not form.validate_on_submit():
        return _detail_page(assessment, window_form=form), 400  # type: ignore[return-value]
    try:
        ops.open_assessment(
            candidate, current_user, _to_utc(form.opens_at.data), _to_utc(form.closes_at.data)
        )
    except ops.AssessmentError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return _detail_page(assessment, window_form=form), error.status  # type: ignore[return-value]
    db.session.commit()
    flash(_("De termijn is aangepast."), "success")
    return redirect(url_for(".assessment_detail", public_id=public_id))


@bp.post(f"{ADMIN}/kandidaten/<public_id>/aanpassingen")
@roles_required(Role.ADMIN)
def assessment_accommodation(public_id: str) -> str | Response:
    """Grant extra time, plays or retakes with the reason."""
    assessment = _assessment_or_404(_candidate_or_404(public_id))
    form = AccommodationForm()
    if not form.validate_on_submit():
        return _detail_page(assessment, accommodation_form=form), 400  # type: ignore[return-value]
    try:
        programme.grant_accommodation(
            assessment,
            current_user,
            reason=form.reason.data,
            extra_thinking_seconds=form.extra_thinking_seconds.data,
            extra_answer_seconds=form.extra_answer_seconds.data,
            extra_retakes=form.extra_retakes.data,
            extra_prompt_plays=form.extra_prompt_plays.data,
        )
    except ops.AssessmentError as error:
        db.session.rollback()
        form.form_errors.append(error.message)
        return _detail_page(assessment, accommodation_form=form), error.status  # type: ignore[return-value]
    db.session.commit()
    flash(_("De aanpassing is vastgelegd."), "success")
    return redirect(url_for(".assessment_detail", public_id=public_id))
