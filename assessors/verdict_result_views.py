"""The result for the candidate (chart, feedback, certificate, appeal) and for the manager."""

from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from assessors import verdict_appeals as appeals
from assessors import verdict_ops as ops
from assessors.verdict_charts import profile_data_uri, profile_rows
from assessors.verdict_feedback import feedback_of
from assessors.verdict_forms import AppealForm
from assessors.verdict_letter import result_letter_pdf, threshold
from ksf_b.accounts.models import Role
from ksf_b.errors import error_response
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.security import roles_required

bp = Blueprint("results", __name__)


@bp.errorhandler(ops.VerdictRefused)
def refused(error: ops.VerdictRefused):  # type: ignore[no-untyped-def]
    db.session.rollback()
    return error_response(error.status, str(error.message))


def _own_case() -> Candidate:
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == current_user.id))
    if candidate is None:
        abort(404)
    return candidate


def _result_context(candidate: Candidate) -> dict:
    verdict = ops.released_verdict(candidate)
    if verdict is None:
        return {"verdict": None, "candidate": candidate}
    scores = dict(verdict.competency_scores or {})
    limit = threshold()
    feedback = feedback_of(candidate)
    allowed, deadline = appeals.appeal_window(candidate)
    return {
        "candidate": candidate,
        "verdict": verdict,
        "rows": profile_rows(scores, limit),
        "chart": profile_data_uri(scores, limit),
        "feedback": (feedback.texts if feedback else {}) or {},
        "appeal_allowed": allowed,
        "appeal_deadline": deadline,
        "appeals": appeals.appeals_of(candidate),
        "open_appeal": appeals.open_appeal(candidate),
    }


@bp.get("/uitslag")
@roles_required(Role.CANDIDATE)
def mine() -> str:
    """The candidate's released result: verdict, profile chart, feedback, certificate."""
    candidate = _own_case()
    return render_template(
        "assessors/verdict/result.html", form=AppealForm(), **_result_context(candidate)
    )


@bp.post("/uitslag/bezwaar")
@roles_required(Role.CANDIDATE)
def lodge_appeal() -> Response | tuple[str, int]:
    """Lodge a written objection within the period after release."""
    candidate = _own_case()
    form = AppealForm()
    if not form.validate_on_submit():
        return error_response(
            422, " ".join(str(e) for errors in form.errors.values() for e in errors)
        )
    appeals.lodge(candidate, current_user, form.text.data)
    db.session.commit()
    flash(_("Je bezwaar is ingediend. De KSF laat je weten wat ermee gebeurt."), "success")
    return redirect(url_for("results.mine"))


@bp.get("/uitslag/uitslagbrief.pdf")
@roles_required(Role.CANDIDATE)
def letter() -> Response:
    candidate = _own_case()
    verdict = ops.released_verdict(candidate)
    if verdict is None:
        abort(404)
    response = make_response(result_letter_pdf(verdict))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = 'attachment; filename="uitslagbrief.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/leidinggevende/uitslag/<candidate_id>")
@roles_required(Role.MANAGER)
def for_manager(candidate_id: str) -> str:
    """The manager sees the released result of their own nominees (not the scores)."""
    candidate = db.session.scalar(select(Candidate).where(Candidate.public_id == candidate_id))
    if candidate is None or candidate.manager_id != current_user.id:
        abort(404)
    return render_template(
        "assessors/verdict/manager_result.html",
        candidate=candidate,
        verdict=ops.released_verdict(candidate),
    )
