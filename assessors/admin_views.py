"""The admin's rating pages: overview, a candidate's assignments and outcome, reassignment,
the rules (settings), assessor profiles and the rubric versions (draft → published)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from assessors import assignment as assign_ops
from assessors import operations as ops
from assessors import rubrics, scoring
from assessors.comparison import compare, competency_table
from assessors.errors import RatingError
from assessors.forms import ProfileForm, RatingSettingsForm
from assessors.models import AssignmentKind, RatingAssignment
from assessors.view_support import run_and_flash
from ksf_b.accounts.models import Company, Role, User
from ksf_b.competencies import COMPETENCIES
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate, CandidateState
from ksf_b.programme_settings import settings_page
from ksf_b.security import roles_required

bp = Blueprint("rating_admin", __name__, url_prefix="/beheer/beoordeling")

STATES = (CandidateState.RATING, CandidateState.MODERATION, *sorted(ops.RATED_STATES))


@bp.context_processor
def _labels() -> dict:
    from ksf_b.journey.states import STATE_LABELS

    return {"state_label": lambda state: str(STATE_LABELS.get(state, state))}


def _candidate_or_404(public_id: str) -> Candidate:
    found = db.session.scalar(select(Candidate).where(Candidate.public_id == public_id))
    if found is None:
        abort(404)
    return found


@bp.get("")
@roles_required(Role.ADMIN)
def overview() -> str:
    """Candidates in rating, moderation and rated, with their assessors and gaps."""
    candidates = db.session.scalars(
        select(Candidate).where(Candidate.state.in_(STATES)).order_by(Candidate.id)
    ).all()
    rows = [(c, ops.active_assignments(c), ops.progress) for c in candidates]
    return render_template("assessors/admin/overview.html", rows=rows)


@bp.get("/kandidaat/<public_id>")
@roles_required(Role.ADMIN)
def candidate(public_id: str) -> str:
    """One candidate's assignments (with reassignment), moderation and outcome."""
    found = _candidate_or_404(public_id)
    every = db.session.scalars(
        select(RatingAssignment)
        .where(RatingAssignment.candidate_id == found.id)
        .order_by(RatingAssignment.id)
    ).all()
    case = ops.case_of(found)
    comparison = compare(found, case)
    assessors = db.session.scalars(
        select(User).where(User.role == Role.ASSESSOR).order_by(User.full_name)
    ).all()
    return render_template(
        "assessors/admin/candidate.html",
        candidate=found,
        assignments=every,
        case=case,
        comparison=comparison,
        table=competency_table(comparison),
        outcome=ops.part2_outcome(found),
        assessors=assessors,
        progress=ops.progress,
        fmt=scoring.fmt,
        missing=_missing_kinds(found),
    )


def _missing_kinds(candidate: Candidate) -> list[AssignmentKind]:
    if candidate.state is not CandidateState.RATING:
        return []
    present = {a.kind for a in ops.active_assignments(candidate)}
    return [k for k in (AssignmentKind.FIRST, AssignmentKind.SECOND) if k not in present]


@bp.post("/kandidaat/<public_id>/toewijzen")
@roles_required(Role.ADMIN)
def assign_missing(public_id: str) -> Response:
    """Assign by load the first/second assessor that could not be assigned automatically."""
    found = _candidate_or_404(public_id)

    def assign_missing() -> None:
        for kind in _missing_kinds(found):
            assign_ops.assign_next(found, kind, current_user)

    return run_and_flash(
        assign_missing,
        _("De beoordelaars zijn toegewezen."),
        url_for(".candidate", public_id=public_id),
    )


@bp.post("/toewijzing/<public_id>/vervangen")
@roles_required(Role.ADMIN)
def reassign(public_id: str) -> Response:
    """Give an open rating to another assessor (chosen, or by load) with a reason."""
    row = db.session.scalar(select(RatingAssignment).where(RatingAssignment.public_id == public_id))
    if row is None:
        abort(404)
    target = None
    chosen = request.form.get("assessor", "")
    if chosen:
        target = db.session.scalar(
            select(User).where(User.public_id == chosen, User.role == Role.ASSESSOR)
        )
        if target is None:
            abort(404)
    return run_and_flash(
        lambda: assign_ops.reassign(row, current_user, request.form.get("reason", ""), to=target),
        _("De beoordeling is opnieuw toegewezen."),
        url_for(".candidate", public_id=row.candidate.public_id),
    )


@bp.route("/instellingen", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def settings() -> ResponseReturnValue:
    """Change the moderation thresholds, the pass rule and the rating deadline."""
    row = ops.get_settings()
    form = RatingSettingsForm(obj=row)
    return settings_page(row, form, "assessors/admin/settings.html", invalid_status=400)


@bp.get("/beoordelaars")
@roles_required(Role.ADMIN)
def assessors() -> str:
    """Every assessor with affiliation, lead role, calibration and open load."""
    users = db.session.scalars(
        select(User).where(User.role == Role.ASSESSOR).order_by(User.full_name)
    ).all()
    rows = [(u, assign_ops.profile_of(u), assign_ops.open_load(u)) for u in users]
    return render_template("assessors/admin/assessors.html", rows=rows)


@bp.route("/beoordelaars/<public_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def profile(public_id: str) -> str | Response:
    """Edit one assessor's profile."""
    user = db.session.scalar(
        select(User).where(User.public_id == public_id, User.role == Role.ASSESSOR)
    )
    if user is None:
        abort(404)
    row = assign_ops.ensure_profile(user)
    form = ProfileForm(obj=row)
    companies = db.session.scalars(select(Company).order_by(Company.name)).all()
    form.company_id.choices = [(0, _("Geen"))] + [(c.id, c.name) for c in companies]
    if request.method == "GET":
        form.company_id.data = row.company_id or 0
    if form.validate_on_submit():
        row.company_id = form.company_id.data or None
        row.is_lead = form.is_lead.data
        row.is_calibrated = form.is_calibrated.data
        row.max_open_candidates = form.max_open_candidates.data
        db.session.commit()
        flash(_("Het profiel is opgeslagen."), "success")
        return redirect(url_for(".assessors"))
    db.session.commit()
    return render_template("assessors/admin/profile.html", form=form, user=user)


@bp.get("/rubriek")
@roles_required(Role.ADMIN)
def rubric_list() -> str:
    """The rubric versions: the one in force, superseded ones, an open draft."""
    rubrics.current()
    db.session.commit()
    return render_template("assessors/admin/rubrics.html", versions=rubrics.versions())


@bp.post("/rubriek/concept")
@roles_required(Role.ADMIN)
def rubric_draft() -> Response:
    """Start a new draft, copied from the version in force (or open the existing draft)."""
    draft = rubrics.start_draft(current_user)
    db.session.commit()
    return redirect(url_for(".rubric_version", number=draft.number))


@bp.route("/rubriek/<int:number>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def rubric_version(number: int) -> str | Response | tuple[str, int]:
    """Show a version; a draft's texts can be edited here, a published one never."""
    version = rubrics.by_number(number)
    if version is None:
        abort(404)
    if request.method == "POST":
        try:
            rubrics.update_draft(version, request.form)
        except RatingError as error:
            db.session.rollback()
            flash(error.message, "error")
            version = rubrics.by_number(number)
            page = render_template(
                "assessors/admin/rubric.html", version=version, competencies=COMPETENCIES
            )
            return page, error.status
        db.session.commit()
        flash(_("Het concept is opgeslagen."), "success")
        return redirect(url_for(".rubric_version", number=number))
    return render_template(
        "assessors/admin/rubric.html", version=version, competencies=COMPETENCIES
    )


@bp.post("/rubriek/<int:number>/publiceren")
@roles_required(Role.ADMIN)
def rubric_publish(number: int) -> Response | tuple[str, int]:
    """Publish a draft: it is in force from now on and never changes again."""
    version = rubrics.by_number(number)
    if version is None:
        abort(404)
    return run_and_flash(
        lambda: rubrics.publish(version, current_user),
        _("Versie %(n)d is gepubliceerd.", n=number),
        url_for(".rubric_version", number=number),
    )
