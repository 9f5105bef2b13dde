"""The assessor's pages: their assigned candidates (blind), the rating screen, drafts, submit.

An assessor reaches only their own assignments (by the assignment's public id); anything else
answers 404. Pages show the candidate code, never name, e-mail, company or date of birth.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from assessors import assignment as assign_ops
from assessors import operations as ops
from assessors import rubrics
from assessors.blind import candidate_code
from assessors.errors import RatingError, StaleRevision
from assessors.models import AssignmentStatus, RatingAssignment
from assessors.screen import build_response_view
from assessors.view_support import run_and_flash
from ksf_b import autosave
from ksf_b.accounts.models import Role
from ksf_b.autosave import json_error, json_role_required
from ksf_b.extensions import db
from ksf_b.security import roles_required

bp = Blueprint("rating", __name__, url_prefix="/beoordelen")


json_assessor_only = json_role_required(Role.ASSESSOR)


def own_assignment(public_id: str) -> RatingAssignment:
    """The current assessor's own (not withdrawn) assignment with this id, or 404."""
    found = db.session.scalar(
        select(RatingAssignment).where(
            RatingAssignment.public_id == public_id,
            RatingAssignment.assessor_id == current_user.id,
            RatingAssignment.status != AssignmentStatus.WITHDRAWN,
        )
    )
    if found is None:
        abort(404)
    return found


@bp.app_template_global("candidate_code")
def _candidate_code(candidate) -> str:  # type: ignore[no-untyped-def]
    return candidate_code(candidate)


@bp.app_template_global("score_text")
def _score_text(value: float | None) -> str:
    from assessors.scoring import fmt

    return fmt(value)


@bp.app_template_filter("rubric_text")
def _rubric_text(text: str) -> str:
    """Show a rubric text in the reader's language when the catalogue knows it (seeded texts)."""
    from flask_babel import gettext

    return gettext(text) if text else text


@bp.get("")
@roles_required(Role.ASSESSOR)
def home() -> str:
    """The assessor's assigned candidates with progress and deadline; leads see moderation."""
    rows = db.session.scalars(
        select(RatingAssignment)
        .where(
            RatingAssignment.assessor_id == current_user.id,
            RatingAssignment.status != AssignmentStatus.WITHDRAWN,
        )
        .order_by(RatingAssignment.status, RatingAssignment.deadline_at)
    ).all()
    profile = assign_ops.profile_of(current_user)
    cases = []
    if profile is not None and profile.is_lead:
        cases = [c for c in ops.open_cases() if not ops.involved(c, current_user)]
    return render_template(
        "assessors/home.html",
        rows=[(a, ops.progress(a)) for a in rows],
        profile=profile,
        cases=cases,
    )


@bp.get("/<public_id>")
@roles_required(Role.ASSESSOR)
def candidate(public_id: str) -> str:
    """One assigned candidate: the ten responses with progress, part 1, submit."""
    assignment = own_assignment(public_id)
    responses = ops.responses_of(assignment.candidate)
    return render_template(
        "assessors/candidate.html",
        assignment=assignment,
        responses=[
            (i, r, ops.response_complete(assignment, r)) for i, r in enumerate(responses, 1)
        ],
        progress=ops.progress(assignment),
        **_part1(assignment),
    )


def _part1(assignment: RatingAssignment) -> dict:
    from ksf_b.dossier.operations import dossier_of
    from ksf_b.endorsement.models import Endorsement

    candidate = assignment.candidate
    endorsement = db.session.scalar(
        select(Endorsement).where(Endorsement.candidate_id == candidate.id)
    )
    return {"dossier": dossier_of(candidate), "endorsement": endorsement}


@bp.get("/<public_id>/opname/<int:number>")
@roles_required(Role.ASSESSOR)
def response(public_id: str, number: int) -> str:
    """The rating screen of one response: recording, scenario, limits, rubric, notes."""
    assignment = own_assignment(public_id)
    responses = ops.responses_of(assignment.candidate)
    if not 1 <= number <= len(responses):
        abort(404)
    rubric, seeded = rubrics.current_and_seeded()
    if seeded:  # keep the first version; a commit on every screen would expire what is loaded
        db.session.commit()
    view = build_response_view(assignment, responses, number, rubric)
    return render_template(
        "assessors/response.html",
        assignment=assignment,
        view=view,
        total=len(responses),
        progress=ops.progress(assignment, responses),
        rubric=rubric,
        **_part1(assignment),
    )


@bp.post("/<public_id>/opname/<int:number>/concept")
@json_assessor_only
def save_draft(public_id: str, number: int):  # type: ignore[no-untyped-def]
    """Autosave of one response's scores and notes (docs/autosave.md, compare-and-set)."""
    assignment = own_assignment(public_id)
    responses = ops.responses_of(assignment.candidate)
    if not 1 <= number <= len(responses):
        abort(404)
    parsed = autosave.parse_draft_body()
    if parsed is None:
        return autosave.bad_body(code="bad")
    fields, revision = parsed
    try:
        outcome = ops.save_draft(assignment, responses[number - 1], fields, revision)
    except StaleRevision as stale:
        db.session.rollback()
        return autosave.stale(stale.current, stale.message)
    except RatingError as error:
        db.session.rollback()
        return json_error(error.status, error.message, code=error.code)
    db.session.flush()
    body = {
        "revision": assignment.revision,
        "saved": outcome.saved,
        "saved_at": autosave.iso_or_none(assignment.draft_saved_at),
        "done": ops.progress(assignment, responses).done,
        "complete": ops.response_complete(assignment, responses[number - 1]),
    }
    db.session.commit()  # after reading: a commit expires every loaded row (a reload each)
    return autosave.saved(body, outcome.errors)


@bp.post("/<public_id>/indienen")
@roles_required(Role.ASSESSOR)
def submit(public_id: str) -> Response:
    """Hand in the rating of this candidate once every score is given; then read-only."""
    assignment = own_assignment(public_id)
    return run_and_flash(
        lambda: ops.submit(assignment, current_user),
        _("Je beoordeling is ingediend. Dank je wel!"),
        url_for(".candidate", public_id=public_id),
        after=url_for(".candidate", public_id=public_id, ingediend=1),
    )


@bp.post("/<public_id>/belangenconflict")
@roles_required(Role.ASSESSOR)
def conflict(public_id: str) -> Response | tuple[str, int]:
    """The assessor declares a conflict of interest: the candidate goes to someone else."""
    assignment = own_assignment(public_id)
    return run_and_flash(
        lambda: assign_ops.declare_conflict(
            assignment, current_user, request.form.get("reason", "")
        ),
        _("Je melding is verwerkt; de kandidaat is aan een andere beoordelaar gegeven."),
        url_for(".candidate", public_id=public_id),
        after=url_for(".home"),
    )
