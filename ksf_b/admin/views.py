"""The KSF admin pages: candidates per state, the part-1 gate, certificate A, registration."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import BadRequest, Conflict
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from ksf_b.accounts.models import Company, Role, User
from ksf_b.admin import operations
from ksf_b.admin.forms import (
    CertificateAForm,
    DecisionForm,
    RegisterCandidateForm,
    RegisterManagerForm,
)
from ksf_b.endorsement.operations import endorsement_of
from ksf_b.extensions import db
from ksf_b.journey import notifications
from ksf_b.journey.models import Candidate, CandidateState
from ksf_b.journey.operations import part1_rows
from ksf_b.journey.states import STATE_LABELS
from ksf_b.nomination.operations import EmailInUse, nominate
from ksf_b.nomination.views import nominee_from
from ksf_b.security import roles_required

bp = Blueprint("admin", __name__, url_prefix="/admin")

Page = Response | str | tuple[str, int]


def candidate_or_404(public_id: str) -> Candidate:
    candidate = db.session.scalar(select(Candidate).where(Candidate.public_id == public_id))
    if candidate is None:
        abort(404)
    return candidate


def with_status(page: str, form: object) -> tuple[str, int]:
    """A form with errors is a 422, so clients and tests can tell it was refused."""
    return page, 422 if getattr(form, "errors", None) else 200


@bp.get("/")
@roles_required(Role.ADMIN)
def dashboard() -> str:
    """Show how many candidates are in each state and the queue of the KSF gate."""
    return render_template(
        "admin/dashboard.html",
        counts=operations.counts_per_state(),
        labels=STATE_LABELS,
        queue=operations.gate_queue(),
    )


@bp.get("/kandidaten")
@roles_required(Role.ADMIN)
def candidates() -> str:
    """List candidates, optionally of one state (?state=...)."""
    raw = request.args.get("state", "")
    try:
        state = CandidateState(raw) if raw else None
    except ValueError:
        error = BadRequest()
        error.ksf_message = _("Deze status bestaat niet.")  # type: ignore[attr-defined]
        raise error from None
    return render_template(
        "admin/candidates.html",
        candidates=operations.candidates_in(state),
        state=state,
        labels=STATE_LABELS,
    )


@bp.get("/kandidaten/<candidate_id>")
@roles_required(Role.ADMIN)
def candidate_detail(candidate_id: str) -> str:
    """Show a candidate's data and the audit trail of their journey."""
    candidate = candidate_or_404(candidate_id)
    dossier, endorsement = part1_rows(candidate)
    return render_template(
        "admin/candidate.html",
        candidate=candidate,
        dossier=dossier,
        endorsement=endorsement,
        labels=STATE_LABELS,
    )


@bp.route("/kandidaten/<candidate_id>/beoordelen", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def review(candidate_id: str) -> Page:
    """Read dossier and endorsement side by side and approve or reject part 1."""
    candidate = candidate_or_404(candidate_id)
    form = DecisionForm()
    if form.validate_on_submit():
        approve = form.decision.data == "approve"
        operations.decide_part1(candidate, current_user, approve, form.reason.data)
        db.session.commit()
        notifications.send_part1_decision(candidate, form.reason.data)
        flash(
            _("Het besluit is vastgelegd en gemaild naar kandidaat en leidinggevende."), "success"
        )
        return redirect(url_for("admin.dashboard"))
    if request.method == "POST" and candidate.state is not CandidateState.PART1_SUBMITTED:
        abort(409)
    dossier, _endorsement = part1_rows(candidate)
    page = render_template(
        "admin/review.html",
        candidate=candidate,
        dossier=dossier,
        endorsement=endorsement_of(candidate),
        form=form,
        open_for_decision=candidate.state is CandidateState.PART1_SUBMITTED,
        labels=STATE_LABELS,
    )
    return with_status(page, form)


@bp.route("/kandidaten/<candidate_id>/certificaat-a", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def certificate_a(candidate_id: str) -> Page:
    """Register certificate A obtained elsewhere (number and date)."""
    candidate = candidate_or_404(candidate_id)
    form = CertificateAForm()
    if candidate.holds_certificate_a and request.method == "POST":
        error = Conflict()
        error.ksf_message = _("Deze kandidaat heeft certificaat A al.")  # type: ignore[attr-defined]
        raise error
    if form.validate_on_submit():
        event = operations.register_certificate_a(
            candidate, current_user, form.number.data, form.obtained_on.data
        )
        db.session.commit()
        if event is not None:
            notifications.send_assessment_unlocked(candidate)
        flash(_("Certificaat A is geregistreerd."), "success")
        return redirect(url_for("admin.candidate_detail", candidate_id=candidate.public_id))
    page = render_template("admin/certificate_a.html", candidate=candidate, form=form)
    return with_status(page, form)


@bp.route("/kandidaten/nieuw", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def register_candidate() -> Page:
    """Register a candidate for a company, nominated by one of its managers."""
    form = RegisterCandidateForm()
    form.company_id.choices = [SelectChoice(c.id, c.name) for c in operations.companies()]
    form.manager_id.choices = [
        SelectChoice(m.id, f"{m.full_name} ({m.company.name if m.company else '-'})")
        for m in operations.managers()
    ]
    if form.validate_on_submit():
        company = db.session.get(Company, form.company_id.data)
        manager = db.session.get(User, form.manager_id.data)
        if manager.company_id != company.id:
            form.manager_id.errors.append(_("Deze leidinggevende werkt niet bij dit bedrijf."))
        else:
            try:
                candidate = nominate(nominee_from(form), manager, company, current_user)
            except EmailInUse:
                form.email.errors.append(_("Er bestaat al een account met dit e-mailadres."))
            else:
                db.session.commit()
                flash(_("De kandidaat is geregistreerd en uitgenodigd."), "success")
                return redirect(url_for("admin.candidate_detail", candidate_id=candidate.public_id))
    page = render_template("admin/register_candidate.html", form=form)
    return with_status(page, form)


@bp.route("/leidinggevenden/nieuw", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def register_manager() -> Page:
    """Register a manager of a company; they get an invitation."""
    form = RegisterManagerForm()
    form.company_id.choices = [SelectChoice(c.id, c.name) for c in operations.companies()]
    if form.validate_on_submit():
        company = db.session.get(Company, form.company_id.data)
        try:
            operations.register_manager(form.full_name.data, form.email.data, company, current_user)
        except EmailInUse:
            form.email.errors.append(_("Er bestaat al een account met dit e-mailadres."))
        else:
            db.session.commit()
            flash(_("De leidinggevende is geregistreerd en uitgenodigd."), "success")
            return redirect(url_for("admin.dashboard"))
    page = render_template("admin/register_manager.html", form=form)
    return with_status(page, form)
