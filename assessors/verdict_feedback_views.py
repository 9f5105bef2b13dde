"""Feedback per competency: the lead assessor drafts (autosave), the admin may edit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from assessors import verdict_feedback as fb
from ksf_b import autosave
from ksf_b.accounts.models import Role
from ksf_b.autosave import json_error
from ksf_b.competencies import COMPETENCIES, COMPETENCY_CODES
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.security import roles_required

bp = Blueprint("verdict_feedback", __name__, url_prefix="/eindoordeel/feedback")


@bp.app_context_processor
def lead_menu() -> dict:
    """`is_lead_assessor()` for the menu: lead assessors get the feedback link."""

    def is_lead_assessor() -> bool:
        return current_user.is_authenticated and fb.is_lead(current_user)

    return {"is_lead_assessor": is_lead_assessor}


def _candidate(public_id: str) -> Candidate:
    if current_user.role is Role.ASSESSOR and not fb.is_lead(current_user):
        abort(403)
    candidate = db.session.scalar(select(Candidate).where(Candidate.public_id == public_id))
    if (
        candidate is None
        or candidate.state not in fb.VISIBLE_STATES
        or not fb.may_write(current_user, candidate)
    ):
        abort(404)
    return candidate


@bp.get("/")
@roles_required(Role.ADMIN, Role.ASSESSOR)
def index() -> str:
    """Candidates whose feedback can be written now."""
    if current_user.role is Role.ASSESSOR and not fb.is_lead(current_user):
        abort(403)
    candidates = db.session.scalars(
        select(Candidate).where(Candidate.state.in_(fb.EDITABLE_STATES))
    ).all()
    from assessors.blind import candidate_code

    rows = [c for c in candidates if fb.may_write(current_user, c)]
    return render_template(
        "assessors/verdict/feedback_list.html",
        candidates=rows,
        codes={c.id: candidate_code(c) for c in rows},
    )


@bp.get("/<candidate_id>")
@roles_required(Role.ADMIN, Role.ASSESSOR)
def edit(candidate_id: str) -> str:
    from assessors.blind import candidate_code

    candidate = _candidate(candidate_id)
    feedback = fb.feedback_of(candidate)
    return render_template(
        "assessors/verdict/feedback.html",
        candidate=candidate,
        code=candidate_code(candidate),
        feedback=feedback,
        texts=(feedback.texts if feedback else {}) or {},
        notes=fb.notes_per_competency(candidate),
        competencies=COMPETENCIES,
        editable=candidate.state in fb.EDITABLE_STATES,
        show_name=current_user.role is Role.ADMIN,
    )


@bp.post("/<candidate_id>/concept")
@roles_required(Role.ADMIN, Role.ASSESSOR)
def save_draft(candidate_id: str) -> autosave.JsonAnswer:
    """Autosave endpoint (docs/autosave.md); a revision that is not a number is left out."""
    candidate = _candidate(candidate_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("fields"), dict):
        return autosave.bad_body(code="bad")
    revision = body.get("revision")
    revision = revision if isinstance(revision, int) else None
    try:
        outcome = fb.save_draft(candidate, current_user, body["fields"], revision)
    except fb.FeedbackLocked:
        db.session.rollback()
        return json_error(409, _("De uitslag is bekend; de feedback ligt vast."), code="locked")
    except fb.FeedbackStale as stale:
        db.session.rollback()
        return autosave.stale(stale.current)
    db.session.commit()
    saved = outcome.feedback
    answer = {
        "revision": saved.revision,
        "saved": outcome.saved,
        "saved_at": autosave.iso_or_none(saved.updated_at),
    }
    return autosave.saved(answer, outcome.errors)


@bp.post("/<candidate_id>/notities/<code>")
@roles_required(Role.ADMIN, Role.ASSESSOR)
def prefill(candidate_id: str, code: str) -> Response:
    """Take the assessors' notes on this competency into its feedback (the lead's choice)."""
    candidate = _candidate(candidate_id)
    if code not in COMPETENCY_CODES:
        abort(404)
    feedback = fb.ensure_feedback(candidate)
    current = (feedback.texts or {}).get(code, "").rstrip()
    addition = fb.prefill_text(candidate, code)
    text = f"{current}\n{addition}".strip() if current else addition
    try:
        fb.save_draft(candidate, current_user, {f"feedback_{code}": text}, feedback.revision)
    except (fb.FeedbackLocked, fb.FeedbackStale):
        db.session.rollback()
        abort(409)
    db.session.commit()
    flash(_("De notities zijn overgenomen; pas de tekst aan waar nodig."), "success")
    return redirect(url_for("verdict_feedback.edit", candidate_id=candidate.public_id))
