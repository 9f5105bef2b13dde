"""KSF admin pages of the A test: test sessions, participants (A alone, extra time), the live
monitor with pause, add time and void (each with a reason), and a sitting's event log."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from ksf_b.accounts.models import Role, User
from ksf_b.accounts.operations import DuplicateEmail
from ksf_b.admin.operations import companies
from ksf_b.errors import error_response
from ksf_b.extensions import db
from ksf_b.security import roles_required
from theory import invigilation, operations
from theory.forms import (
    AccommodationForm,
    AddTimeForm,
    ReasonForm,
    RegisterAOnlyForm,
    SessionForm,
)
from theory.models import Enrolment, Sitting, SittingStatus, TestSession

bp = Blueprint("theory_invigilation", __name__, url_prefix="/beheer/toets-a")
admin_only = roles_required(Role.ADMIN)


def _local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE", "Europe/Amsterdam"))


def _to_utc(local: datetime) -> datetime:
    """A datetime-local field is Amsterdam time; store UTC."""
    return local.replace(tzinfo=_local_zone()).astimezone(UTC)


def _sitting_or_404(public_id: str) -> Sitting:
    sitting = db.session.scalar(select(Sitting).where(Sitting.public_id == public_id))
    if sitting is None:
        abort(404)
    return sitting


def _company_choices() -> list[SelectChoice]:
    return [SelectChoice(None, "—"), *(SelectChoice(c.id, c.name) for c in companies())]


@bp.route("/sessies", methods=["GET", "POST"])
@admin_only
def sessions():  # type: ignore[no-untyped-def]
    """Planned test sessions with their access codes; a form to plan one."""
    form = SessionForm()
    form.company_id.choices = _company_choices()
    status = 200
    if request.method == "POST":
        if form.validate_on_submit() and form.ends_at.data > form.starts_at.data:
            session = TestSession(
                title=form.title.data.strip(),
                starts_at=_to_utc(form.starts_at.data),
                ends_at=_to_utc(form.ends_at.data),
                online=form.online.data,
                location=(form.location.data or "").strip(),
                company_id=form.company_id.data,
                invigilator_name=form.invigilator_name.data.strip(),
                access_code=operations.new_access_code(),
            )
            db.session.add(session)
            db.session.commit()
            flash(
                _("De sessie is gepland. Toegangscode: %(code)s", code=session.access_code),
                "success",
            )
            return redirect(url_for("theory_invigilation.sessions"))
        if form.ends_at.data and form.starts_at.data and form.ends_at.data <= form.starts_at.data:
            form.ends_at.errors = [*form.ends_at.errors, _("Het einde moet na het begin liggen.")]
        status = 422
    rows = list(db.session.scalars(select(TestSession).order_by(TestSession.starts_at.desc())))
    return render_template("theory/admin/sessions.html", form=form, sessions=rows), status


@bp.post("/sessies/<public_id>/annuleren")
@admin_only
def session_cancel(public_id: str) -> Response:
    session = db.session.scalar(select(TestSession).where(TestSession.public_id == public_id))
    if session is None:
        abort(404)
    session.cancelled_at = session.cancelled_at or operations.utcnow()
    db.session.commit()
    flash(_("De sessie is geannuleerd; de code werkt niet meer."), "success")
    return redirect(url_for("theory_invigilation.sessions"))


@bp.route("/deelnemers", methods=["GET", "POST"])
@admin_only
def enrolments():  # type: ignore[no-untyped-def]
    """Everyone registered for the A test; register a person for the A test alone."""
    form = RegisterAOnlyForm()
    form.company_id.choices = [SelectChoice(c.id, c.name) for c in companies()]
    status = 200
    if request.method == "POST":
        if form.validate_on_submit():
            company = next(c for c in companies() if c.id == form.company_id.data)
            try:
                operations.register_a_only(
                    form.full_name.data, form.email.data, company, current_user
                )
            except DuplicateEmail as error:
                db.session.rollback()
                form.email.errors = [str(error)]
            else:
                db.session.commit()
                flash(
                    _(
                        "%(name)s is aangemeld voor de online toets A en krijgt een uitnodiging.",
                        name=form.full_name.data,
                    ),
                    "success",
                )
                return redirect(url_for("theory_invigilation.enrolments"))
        status = 422
    rows = list(db.session.scalars(select(Enrolment).order_by(Enrolment.created_at.desc())))
    return render_template(
        "theory/admin/enrolments.html",
        form=form,
        enrolments=rows,
        accommodation=AccommodationForm(),
    ), status


@bp.post("/deelnemers/<public_id>/extra-tijd")
@admin_only
def accommodation(public_id: str) -> Response | tuple[str, int]:
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.public_id == public_id))
    if enrolment is None:
        abort(404)
    form = AccommodationForm()
    if not form.validate_on_submit() or (
        form.minutes.data and not (form.reason.data or "").strip()
    ):
        db.session.rollback()
        return error_response(422, _("Geef het aantal minuten en, bij extra tijd, de reden."))
    operations.set_accommodation(
        enrolment, form.minutes.data, form.reason.data.strip(), current_user
    )
    db.session.commit()
    flash(_("De extra tijd is vastgelegd."), "success")
    return redirect(url_for("theory_invigilation.enrolments"))


def _monitor_rows() -> list[dict]:
    rows = []
    for sitting in invigilation.running_sittings():
        rows.append(
            {
                "sitting": sitting,
                "remaining": operations.remaining_seconds(sitting),
                "answered": sum(1 for i in sitting.items if operations.is_answered(i)),
                "total": len(sitting.items),
            }
        )
    return rows


@bp.get("/monitor")
@admin_only
def monitor() -> str:
    """Running sittings, refreshed every few seconds by static/js/theory-monitor.js."""
    return render_template(
        "theory/admin/monitor.html", rows=_monitor_rows(), now=operations.utcnow()
    )


@bp.get("/monitor/rijen")
@admin_only
def monitor_rows() -> str:
    """The monitor's table body alone (what the page's auto-refresh fetches)."""
    return render_template(
        "theory/admin/_monitor_rows.html", rows=_monitor_rows(), now=operations.utcnow()
    )


@bp.get("/zittingen/<public_id>")
@admin_only
def sitting_detail(public_id: str) -> str:
    sitting = _sitting_or_404(public_id)
    return render_template(
        "theory/admin/sitting.html",
        sitting=sitting,
        remaining=operations.remaining_seconds(sitting),
        reason_form=ReasonForm(),
        time_form=AddTimeForm(),
        running=sitting.status.running,
        paused=sitting.status is SittingStatus.PAUSED,
    )


def _act(public_id: str, form_class, action) -> Response | tuple[str, int]:  # type: ignore[no-untyped-def]
    sitting = _sitting_or_404(public_id)
    form = form_class()
    if not form.validate_on_submit():
        db.session.rollback()
        message = " ".join(str(e) for errs in form.errors.values() for e in errs)
        return error_response(422, message or None)
    try:
        action(sitting, form)
    except operations.TheoryError as error:
        db.session.rollback()
        return error_response(error.status, error.message)
    db.session.commit()
    flash(_("Vastgelegd."), "success")
    return redirect(url_for("theory_invigilation.sitting_detail", public_id=public_id))


def _act_with_reason(
    public_id: str, action: Callable[[Sitting, User, str], None]
) -> Response | tuple[str, int]:
    """An invigilator's action that needs only a reason: action(sitting, admin, reason)."""
    return _act(public_id, ReasonForm, lambda s, f: action(s, current_user, f.reason.data.strip()))


@bp.post("/zittingen/<public_id>/pauze")
@admin_only
def sitting_pause(public_id: str):  # type: ignore[no-untyped-def]
    return _act_with_reason(public_id, invigilation.pause)


@bp.post("/zittingen/<public_id>/hervatten")
@admin_only
def sitting_resume(public_id: str):  # type: ignore[no-untyped-def]
    return _act_with_reason(public_id, invigilation.resume)


@bp.post("/zittingen/<public_id>/tijd")
@admin_only
def sitting_add_time(public_id: str):  # type: ignore[no-untyped-def]
    return _act(
        public_id,
        AddTimeForm,
        lambda s, f: invigilation.add_time(s, f.minutes.data, current_user, f.reason.data.strip()),
    )


@bp.post("/zittingen/<public_id>/ongeldig")
@admin_only
def sitting_void(public_id: str):  # type: ignore[no-untyped-def]
    return _act_with_reason(public_id, invigilation.void)
