"""KSF admin pages of the practicals: schedule observations, follow them, settings, versions."""

from __future__ import annotations

import json
from datetime import UTC
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import BadRequest, Conflict
from wtforms.fields.choices import SelectChoice

from ksf_b.accounts.models import Role, User
from ksf_b.extensions import db
from ksf_b.security import roles_required
from practicals import definition_form, programmes, versions
from practicals import operations as ops
from practicals.access import observation_or_404
from practicals.checklists import DefinitionError
from practicals.forms import CancelForm, DefinitionForm, ScheduleForm, SettingsForm, TheoryPassForm
from practicals.models import ChecklistDefinition, Observation, ObservationMode, PracticalKind

bp = Blueprint("practicals_admin", __name__, url_prefix="/beheer/praktijk")

# the two sentences of seed 001_… that disagree; the settings page quotes both
SEED_CUT_SCORE_LINE = "Cesuur: Eindterm 2 en 3 kritiek, eindterm 1 minimaal 17 punten"
SEED_TEXT = (
    "De score op eindterm 1 moet altijd 2 punten zijn. De score op de eindterm 2 kan maximaal 17 "
    "punt zijn, de score op eindterm 3 moet 1 punt zijn. Als de verplichte score op eindterm 1 "
    "en/of 3 niet wordt gehaald, zakt de kandidaat voor het praktijkexamen."
)
SEED_THREE_CHATS = (
    "Daarom moeten de genoemde toetstermen in ten minste drie chats voorkomen en als goed worden "
    "beoordeeld. In chats waarin de toetstermen niet voorkomen wordt n.v.t. gescoord."
)


def _refuse(message: object, conflict: bool = False) -> None:
    db.session.rollback()
    exc = Conflict() if conflict else BadRequest()
    exc.ksf_message = str(message)  # type: ignore[attr-defined]
    raise exc


def _people(role: Role) -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role == role, User.is_active_account.is_(True))
            .order_by(User.full_name)
        )
    )


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    """Every observation, newest first."""
    observations = db.session.scalars(
        select(Observation).order_by(Observation.scheduled_at.desc())
    ).all()
    return render_template("practicals/admin/index.html", observations=observations)


@bp.route("/plannen", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def schedule():  # type: ignore[no-untyped-def]
    """Plan an observation: candidate, examiner, date, place and mode; the candidate is told."""
    form = ScheduleForm()
    form.candidate.choices = [SelectChoice("", _("Kies…"))] + [
        SelectChoice(u.public_id, f"{u.full_name} ({u.email})") for u in _people(Role.CANDIDATE)
    ]
    form.examiner.choices = [SelectChoice("", _("Kies…"))] + [
        SelectChoice(u.public_id, u.full_name) for u in _people(Role.ASSESSOR)
    ]
    if form.validate_on_submit():
        candidate = db.session.scalar(select(User).where(User.public_id == form.candidate.data))
        examiner = db.session.scalar(select(User).where(User.public_id == form.examiner.data))
        local = form.scheduled_at.data.replace(
            tzinfo=ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
        )
        try:
            observation = ops.schedule(
                current_user,
                kind=PracticalKind(form.kind.data),
                candidate=candidate,  # type: ignore[arg-type]
                examiner=examiner,  # type: ignore[arg-type]
                scheduled_at=local.astimezone(UTC),
                place=form.place.data,
                mode=ObservationMode(form.mode.data),
            )
        except ops.PracticalError as error:
            _refuse(error.message)
        db.session.commit()
        flash(_("De praktijktoets is gepland; de kandidaat heeft een e-mail gekregen."), "success")
        return redirect(url_for(".detail", public_id=observation.public_id))
    status = 422 if form.is_submitted() else 200
    return render_template("practicals/admin/schedule.html", form=form), status


@bp.get("/<public_id>")
@roles_required(Role.ADMIN)
def detail(public_id: str) -> str:
    """One observation: header, outcome with its explanation, evidence, programme status."""
    observation = observation_or_404(public_id)
    settings = ops.get_settings()
    statuses = {
        code: programmes.status_for(observation.candidate, code, settings)
        for code in programmes.PROGRAMMES
    }
    return render_template(
        "practicals/admin/detail.html",
        observation=observation,
        checklist=observation.definition.checklist(),
        outcome=ops.outcome_of(observation),
        statuses=statuses,
        awards=programmes.awards_of(observation.candidate),
        theory_on=programmes.theory_result_for(observation.candidate),
        theory_form=TheoryPassForm(),
        cancel_form=CancelForm(),
    )


@bp.post("/<public_id>/annuleren")
@roles_required(Role.ADMIN)
def cancel(public_id: str) -> Response:
    observation = observation_or_404(public_id)
    form = CancelForm()
    if not form.validate_on_submit():
        _refuse(" ".join(map(str, form.reason.errors)) or _("Vul een reden in."))
    try:
        ops.cancel(observation, current_user, form.reason.data)
    except ops.PracticalError as error:
        _refuse(error.message, conflict=True)
    db.session.commit()
    flash(_("De praktijktoets is geannuleerd."), "success")
    return redirect(url_for(".detail", public_id=public_id))


@bp.post("/<public_id>/theorie")
@roles_required(Role.ADMIN)
def theory_pass(public_id: str) -> Response:
    """Register the candidate's theory pass (until the theory test feeds it)."""
    observation = observation_or_404(public_id)
    form = TheoryPassForm()
    if not form.validate_on_submit():
        _refuse(" ".join(map(str, form.passed_on.errors)) or _("Vul een geldige datum in."))
    programmes.record_theory_pass(
        observation.candidate, form.passed_on.data, current_user, form.reference.data or ""
    )
    db.session.commit()
    flash(_("De theorietoets is geregistreerd."), "success")
    return redirect(url_for(".detail", public_id=public_id))


@bp.route("/instellingen", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def settings():  # type: ignore[no-untyped-def]
    """The programme rules of both practicals, with the seed's two sentences quoted."""
    current = ops.get_settings()
    form = SettingsForm(obj=current)
    if form.validate_on_submit():
        values = {name: getattr(form, name).data for name in form.data if name != "csrf_token"}
        try:
            ops.update_settings(**values)
        except ops.PracticalError as error:
            db.session.rollback()
            form.phone_minimums.errors = [str(error.message)]  # type: ignore[assignment]
            return _settings_page(form, 422)
        db.session.commit()
        flash(_("De instellingen zijn opgeslagen."), "success")
        return redirect(url_for(".settings"))
    db.session.commit()  # the row may just have been created with its defaults
    return _settings_page(form, 422 if form.is_submitted() else 200)


def _settings_page(form: SettingsForm, status: int):  # type: ignore[no-untyped-def]
    return render_template(
        "practicals/admin/settings.html",
        form=form,
        seed_line=SEED_CUT_SCORE_LINE,
        seed_text=SEED_TEXT,
        seed_three=SEED_THREE_CHATS,
        a_requires_phone=programmes.a_requires_phone_practical(),
    ), status


@bp.get("/checklists")
@roles_required(Role.ADMIN)
def definitions() -> str:
    versions.ensure_initial_definitions()
    db.session.commit()
    return render_template("practicals/admin/definitions.html", definitions=versions.all_versions())


@bp.post("/checklists/<kind>/nieuw")
@roles_required(Role.ADMIN)
def new_definition(kind: str) -> Response:
    if kind not in {k.value for k in PracticalKind}:
        abort(404)
    draft = versions.new_draft(PracticalKind(kind), current_user)
    db.session.commit()
    return redirect(url_for(".definition", definition_id=draft.id))


def _definition_or_404(definition_id: int) -> ChecklistDefinition:
    definition = db.session.get(ChecklistDefinition, definition_id)
    if definition is None:
        abort(404)
    return definition


@bp.route("/checklists/<int:definition_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def definition(definition_id: int):  # type: ignore[no-untyped-def]
    """Show a version; a draft is edited here as JSON and checked before it is stored."""
    found = _definition_or_404(definition_id)
    form = DefinitionForm()
    errors: list[str] = []
    if form.validate_on_submit():
        try:
            errors = _update_draft(found, json.loads(form.content.data))
        except json.JSONDecodeError as error:
            errors = [_("Geen geldige JSON: %(e)s", e=str(error))]
        if not errors:
            db.session.commit()
            flash(_("De conceptversie is opgeslagen."), "success")
            return redirect(url_for(".definition", definition_id=definition_id))
    elif form.is_submitted():
        errors = form.content.errors  # type: ignore[assignment]
    if not form.is_submitted():
        form.content.data = json.dumps(found.content, ensure_ascii=False, indent=2)
    return _definition_page(found, form, errors, found.content)


def _update_draft(found: ChecklistDefinition, content: dict) -> list[str]:
    """Store `content` in the draft; the checker's Dutch messages, or 409 when published."""
    try:
        versions.update_draft(found, content)
    except DefinitionError as error:
        return error.messages
    except versions.NotEditable as error:
        _refuse(error.message, conflict=True)
    return []


def _definition_page(found: ChecklistDefinition, form: DefinitionForm, errors, content):  # type: ignore[no-untyped-def]
    settings = ops.get_settings()
    critical = (
        settings.chat_critical_eindterms
        if found.kind is PracticalKind.CHAT
        else settings.phone_critical_eindterms
    )
    return render_template(
        "practicals/admin/definition.html",
        definition=found,
        checklist=_safe_checklist(found),
        form=form,
        errors=errors,
        editor=definition_form.editor_rows(content),
        critical=[code.strip() for code in critical.split(",") if code.strip()],
    ), (422 if errors else 200)


@bp.post("/checklists/<int:definition_id>/structuur")
@roles_required(Role.ADMIN)
def definition_structure(definition_id: int):  # type: ignore[no-untyped-def]
    """Save a draft from the structured editor (rows of eindtermen, parts and items)."""
    found = _definition_or_404(definition_id)
    content, errors = definition_form.content_from_form(request.form, found.kind.value)
    if not errors:
        errors = _update_draft(found, content)
    if not errors:
        db.session.commit()
        flash(_("De conceptversie is opgeslagen."), "success")
        return redirect(url_for(".definition", definition_id=definition_id))
    db.session.rollback()
    form = DefinitionForm()
    form.content.data = json.dumps(found.content, ensure_ascii=False, indent=2)
    return _definition_page(found, form, errors, content)


def _safe_checklist(found: ChecklistDefinition):  # type: ignore[no-untyped-def]
    try:
        return found.checklist()
    except DefinitionError:
        return None


@bp.post("/checklists/<int:definition_id>/publiceren")
@roles_required(Role.ADMIN)
def publish_definition(definition_id: int) -> Response:
    found = _definition_or_404(definition_id)
    try:
        versions.publish(found)
    except versions.NotEditable as error:
        _refuse(error.message, conflict=True)
    except DefinitionError as error:
        _refuse(" ".join(error.messages))
    db.session.commit()
    flash(
        _(
            "Versie %(n)d is gepubliceerd; nieuwe praktijktoetsen gebruiken deze versie.",
            n=found.number,
        ),
        "success",
    )
    return redirect(url_for(".definitions"))
