"""The lead assessor's moderation pages: both ratings side by side, consensus or a third rater.

Only a lead assessor who did not rate the candidate reaches a case (others: 404; non-leads:
403). The case exists only once both ratings are submitted, so nothing here can leak a draft.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from assessors import assignment as assign_ops
from assessors import operations as ops
from assessors import scoring
from assessors.comparison import compare, competency_table
from assessors.models import ModerationCase
from assessors.view_support import run_and_flash
from ksf_b.accounts.models import Role
from ksf_b.extensions import db
from ksf_b.security import roles_required

bp = Blueprint("moderation", __name__, url_prefix="/moderatie")


def _lead_case(public_id: str) -> ModerationCase:
    profile = assign_ops.profile_of(current_user)
    if profile is None or not profile.is_lead:
        abort(403)
    case = db.session.scalar(select(ModerationCase).where(ModerationCase.public_id == public_id))
    if case is None or ops.involved(case, current_user):
        abort(404)
    return case


@bp.get("/<public_id>")
@roles_required(Role.ASSESSOR)
def case(public_id: str) -> str:
    """Both (or three) ratings side by side with the notes; the disputed competencies."""
    found = _lead_case(public_id)
    comparison = compare(found.candidate, found)
    return render_template(
        "assessors/moderation.html",
        case=found,
        comparison=comparison,
        table=competency_table(comparison),
        outcome=ops.part2_outcome(found.candidate),
        fmt=scoring.fmt,
        stamp=ops.stamp,
    )


@bp.post("/<public_id>/consensus")
@roles_required(Role.ASSESSOR)
def consensus(public_id: str) -> Response:
    """Record a consensus score with a written justification per disputed competency."""
    found = _lead_case(public_id)
    decisions = {
        code: (request.form.get(f"value-{code}", ""), request.form.get(f"justification-{code}"))
        for code in found.disputed
    }
    return run_and_flash(
        lambda: ops.record_consensus(found, current_user, decisions),
        _("De consensus is vastgelegd; de kandidaat is beoordeeld."),
        url_for(".case", public_id=public_id),
    )


@bp.post("/<public_id>/derde")
@roles_required(Role.ASSESSOR)
def third(public_id: str) -> Response:
    """Ask a third independent assessor instead of deciding now."""
    found = _lead_case(public_id)
    return run_and_flash(
        lambda: ops.request_third(found, current_user),
        _("Er is een derde beoordelaar toegewezen."),
        url_for(".case", public_id=public_id),
    )
