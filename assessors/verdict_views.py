"""KSF admin: the verdict dashboard, the verdict screen, override with four eyes, release."""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from assessors import verdict_appeals as appeals
from assessors import verdict_feedback as feedback
from assessors import verdict_ops as ops
from assessors.verdict_forms import OverrideForm, ReasonForm, VerdictSettingsForm
from assessors.verdict_letter import result_letter_pdf
from assessors.verdict_models import Appeal, Verdict
from assessors.verdict_notifications import send_appeal_decision, send_release
from assessors.verdict_report import dashboard_rows, verdict_screen
from ksf_b.accounts.models import Role, User
from ksf_b.errors import error_response
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.programme_settings import settings_page
from ksf_b.security import roles_required

bp = Blueprint("verdict", __name__, url_prefix="/admin/eindoordeel")


@bp.errorhandler(ops.VerdictRefused)
def refused(error: ops.VerdictRefused):  # type: ignore[no-untyped-def]
    db.session.rollback()
    return error_response(error.status, str(error.message))


def _candidate(public_id: str) -> Candidate:
    candidate = db.session.scalar(select(Candidate).where(Candidate.public_id == public_id))
    if candidate is None:
        abort(404)
    return candidate


def _screen(candidate: Candidate) -> Response:
    return redirect(url_for("verdict.screen", candidate_id=candidate.public_id))


@bp.get("/")
@roles_required(Role.ADMIN)
def dashboard() -> str:
    """Candidates from part 2 to release: days against the service level, batch actions."""
    return render_template(
        "assessors/verdict/dashboard.html",
        rows=dashboard_rows(),
        settings=ops.rules(),
    )


@bp.get("/<candidate_id>")
@roles_required(Role.ADMIN)
def screen(candidate_id: str) -> str:
    """The verdict screen: part 1, part 2, every assessor's scores, proposal and decision."""
    candidate = _candidate(candidate_id)
    return render_template(
        "assessors/verdict/screen.html",
        override_form=OverrideForm(),
        feedback_open=candidate.state in feedback.VISIBLE_STATES,
        reason_form=ReasonForm(),
        **verdict_screen(candidate),
    )


@bp.post("/<candidate_id>/bevestigen")
@roles_required(Role.ADMIN)
def confirm(candidate_id: str) -> Response:
    """Confirm the rule's proposal."""
    candidate = _candidate(candidate_id)
    ops.confirm_proposal(candidate, current_user)
    db.session.commit()
    flash(_("Het eindoordeel is vastgesteld. Maak de uitslag daarna bekend."), "success")
    return _screen(candidate)


@bp.post("/<candidate_id>/afwijken")
@roles_required(Role.ADMIN)
def override(candidate_id: str) -> Response | tuple[str, int]:
    """Decide against the proposal, with a reason; a second admin confirms (four eyes)."""
    candidate = _candidate(candidate_id)
    form = OverrideForm()
    if not form.validate_on_submit():
        return error_response(
            422, " ".join(str(e) for errors in form.errors.values() for e in errors)
        )
    verdict = ops.override(candidate, current_user, form.decision.data == "pass", form.reason.data)
    db.session.commit()
    if verdict.confirmed_at is None:
        flash(
            _("De afwijking is vastgelegd. Een tweede beheerder moet haar bevestigen."), "success"
        )
    else:
        flash(_("Het eindoordeel is vastgesteld."), "success")
    return _screen(candidate)


def _pending_override(candidate: Candidate) -> Verdict:
    verdict = ops.pending_override(candidate)
    if verdict is None:
        raise ops.VerdictRefused(_("Er wacht geen afwijking op bevestiging."))
    return verdict


@bp.post("/<candidate_id>/afwijking-bevestigen")
@roles_required(Role.ADMIN)
def confirm_override(candidate_id: str) -> Response:
    candidate = _candidate(candidate_id)
    ops.confirm_override(_pending_override(candidate), current_user)
    db.session.commit()
    flash(_("De afwijking is bevestigd; het eindoordeel is vastgesteld."), "success")
    return _screen(candidate)


@bp.post("/<candidate_id>/afwijking-afwijzen")
@roles_required(Role.ADMIN)
def reject_override(candidate_id: str) -> Response:
    candidate = _candidate(candidate_id)
    form = ReasonForm()
    verdict = _pending_override(candidate)
    if not form.validate_on_submit():
        raise ops.VerdictRefused(_("Geef een reden waarom je de afwijking niet bevestigt."), 422)
    ops.reject_override(verdict, current_user, form.reason.data)
    db.session.commit()
    flash(_("De afwijking is niet bevestigd; het voorstel is vastgesteld."), "success")
    return _screen(candidate)


@bp.post("/<candidate_id>/vrijgeven")
@roles_required(Role.ADMIN)
def release(candidate_id: str) -> Response:
    """Release one confirmed verdict: mail candidate and manager, certificate B on a pass."""
    candidate = _candidate(candidate_id)
    verdict = ops.release(candidate, current_user)
    db.session.commit()
    send_release(verdict)
    flash(_("De uitslag is bekendgemaakt aan kandidaat en leidinggevende."), "success")
    return _screen(candidate)


def _selected() -> list[Candidate]:
    ids = request.form.getlist("candidate")[:500]
    if not ids:
        raise ops.VerdictRefused(_("Kies minstens één kandidaat."), 422)
    return list(db.session.scalars(select(Candidate).where(Candidate.public_id.in_(ids))))


@bp.post("/batch")
@roles_required(Role.ADMIN)
def batch() -> Response:
    """Confirm the proposals or release the results of the chosen candidates together."""
    action = request.form.get("action")
    if action not in ("confirm", "release"):
        raise ops.VerdictRefused(_("Kies een actie."), 400)
    chosen = _selected()
    if action == "confirm":
        done = ops.confirm_many(chosen, current_user)
        db.session.commit()
        flash(_("%(n)d eindoordelen vastgesteld.", n=len(done)), "success")
    else:
        done = ops.release_many(chosen, current_user)
        db.session.commit()
        for verdict in done:
            send_release(verdict)
        flash(_("%(n)d uitslagen bekendgemaakt.", n=len(done)), "success")
    return redirect(url_for("verdict.dashboard"))


def _appeal(candidate: Candidate) -> Appeal:
    appeal = appeals.open_appeal(candidate)
    if appeal is None:
        raise ops.VerdictRefused(_("Er is geen bezwaar dat op een besluit wacht."))
    return appeal


def _decide_appeal(
    candidate_id: str, decide: Callable[[Appeal, User, str], object], done: str
) -> Response:
    """Decide the open appeal with the admin's reason; the candidate gets the decision by mail."""
    candidate = _candidate(candidate_id)
    appeal = _appeal(candidate)
    form = ReasonForm()
    if not form.validate_on_submit():
        raise ops.VerdictRefused(_("Geef een reden."), 422)
    decide(appeal, current_user, form.reason.data)
    db.session.commit()
    send_appeal_decision(appeal)
    flash(done, "success")
    return _screen(candidate)


@bp.post("/<candidate_id>/bezwaar/afwijzen")
@roles_required(Role.ADMIN)
def reject_appeal(candidate_id: str) -> Response:
    return _decide_appeal(
        candidate_id,
        appeals.reject,
        _("Het bezwaar is afgewezen; de kandidaat krijgt de reden per e-mail."),
    )


@bp.post("/<candidate_id>/bezwaar/herbeoordeling")
@roles_required(Role.ADMIN)
def order_rerating(candidate_id: str) -> Response:
    return _decide_appeal(
        candidate_id,
        appeals.order_rerating,
        _("Een nieuwe beoordelaar is toegewezen; daarna volgt een nieuw eindoordeel."),
    )


@bp.get("/<candidate_id>/uitslagbrief.pdf")
@roles_required(Role.ADMIN)
def letter(candidate_id: str) -> Response:
    candidate = _candidate(candidate_id)
    verdict = ops.current_verdict(candidate)
    if verdict is None:
        abort(404)
    response = make_response(result_letter_pdf(verdict))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/instellingen", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def settings() -> ResponseReturnValue:
    """The programme rules of the verdict (defaults in docs/verdict.md)."""
    row = ops.get_settings()
    return settings_page(row, VerdictSettingsForm(obj=row), "assessors/verdict/settings.html")
