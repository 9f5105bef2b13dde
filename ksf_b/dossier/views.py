"""The candidate's pages: dashboard, dossier form with autosave, submission and print view.

Candidates only ever reach their own case (no ids in URLs); other roles get 403.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
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
from flask_wtf.csrf import CSRFError, generate_csrf
from sqlalchemy import select
from werkzeug.exceptions import Conflict, NotFound
from werkzeug.wrappers import Response

from ksf_b import autosave
from ksf_b.accounts.models import Role
from ksf_b.autosave import json_error, json_role_required, session_expired
from ksf_b.competencies import COMPETENCIES, COMPETENCY_CODES, get, is_known
from ksf_b.dossier import forms, operations, rules
from ksf_b.dossier.operations import DossierLocked, StaleRevision
from ksf_b.errors import error_response
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate, CandidateState
from ksf_b.journey.states import STATE_LABELS
from ksf_b.security import roles_required

bp = Blueprint("dossier", __name__, url_prefix="/kandidaat")

ASSESSMENT_STATES = (CandidateState.ASSESSMENT_INVITED, CandidateState.RECORDING)


class NoCase(NotFound):
    """The logged-in candidate has no certificate-B case (yet)."""

    @property
    def ksf_message(self) -> str:
        return _("Er is (nog) geen aanmelding voor certificaat B op je naam.")


class Locked(Conflict):
    @property
    def ksf_message(self) -> str:
        return _("Je dossier is al ingediend en kan niet meer worden gewijzigd.")


def _own_case() -> Candidate:
    """Return the logged-in candidate's own case, or 404."""
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == current_user.id))
    if candidate is None:
        raise NoCase
    return candidate


json_candidate_only = json_role_required(Role.CANDIDATE)


def endorsement_submitted(candidate: Candidate) -> bool | None:
    """Tell whether the manager submitted the endorsement; None if that is not knowable yet."""
    try:
        from ksf_b.endorsement.models import Endorsement
    except ImportError:
        return None
    submitted_at = db.session.scalar(
        select(Endorsement.submitted_at).where(Endorsement.candidate_id == candidate.id)
    )
    return submitted_at is not None


def exam_url(candidate: Candidate) -> str | None:
    """Link to the online assessment, only when it is open and the exam pages exist."""
    if candidate.state not in ASSESSMENT_STATES:
        return None
    if "exam.overview" not in current_app.view_functions:
        return None
    return url_for("exam.overview")


def theory_url(candidate: Candidate) -> str | None:
    """Link to the A online test while the candidate waits for it (when that package exists)."""
    if candidate.state is not CandidateState.THEORY_A_REQUIRED:
        return None
    if "theory.home" not in current_app.view_functions:
        return None
    return url_for("theory.home")


@bp.app_template_global("competency_label")
def competency_label(code: str) -> str:
    """Return the Dutch label of a stored competency code (the code itself if retired)."""
    return str(get(code).label) if is_known(code) else code


@bp.record_once
def _register_token_endpoint(state: Any) -> None:
    """Serve fresh CSRF tokens at /api/csrf-token for every role's autosave forms."""
    state.app.add_url_rule("/api/csrf-token", "csrf_token_json", csrf_token_json)


def csrf_token_json() -> tuple[Response, int] | Response:
    """Give a logged-in user a fresh CSRF token (autosave retries after a 400)."""
    if not current_user.is_authenticated:
        return session_expired()
    response = jsonify(csrf_token=generate_csrf())
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(CSRFError)
def _csrf_error(_error: CSRFError):  # type: ignore[no-untyped-def]
    """JSON callers learn it is the token (code 'csrf') so they fetch a new one and retry."""
    message = _("De beveiligingscode van het formulier is verlopen of ongeldig. Probeer opnieuw.")
    if request.is_json:
        return json_error(400, message, code="csrf")
    return error_response(400, message)


@bp.get("/")
@roles_required(Role.CANDIDATE)
def dashboard() -> str:
    """Show where the candidate is, what comes next and the state of each piece."""
    candidate = _own_case()
    dossier = operations.dossier_of(candidate)
    endorsed = endorsement_submitted(candidate)
    return render_template(
        "dossier/dashboard.html",
        candidate=candidate,
        dossier=dossier,
        state_label=STATE_LABELS.get(candidate.state, candidate.state),
        next_step=rules.next_step(
            candidate.state, bool(dossier and dossier.is_submitted), bool(endorsed)
        ),
        endorsed=endorsed,
        exam_url=exam_url(candidate),
        theory_url=theory_url(candidate),
        editable=operations.is_editable(candidate, dossier),
    )


def _render_form(candidate: Candidate, values: dict, errors: dict, status: int = 200):  # type: ignore[no-untyped-def]
    dossier = operations.dossier_of(candidate)
    return render_template(
        "dossier/form.html",
        candidate=candidate,
        dossier=dossier,
        values=values,
        errors=errors,
        editable=operations.is_editable(candidate, dossier),
        forms=forms,
        competencies=COMPETENCIES,
    ), status


@bp.get("/dossier")
@roles_required(Role.CANDIDATE)
def edit():  # type: ignore[no-untyped-def]
    """Show the dossier form (or the read-only dossier once it is submitted)."""
    candidate = _own_case()
    return _render_form(candidate, operations.values_of(operations.dossier_of(candidate)), {})


@bp.post("/dossier")
@roles_required(Role.CANDIDATE)
def save():  # type: ignore[no-untyped-def]
    """Save the whole form as a draft, or submit it; errors are shown next to each field."""
    candidate = _own_case()
    fields = forms.parse_form(request.form)
    submitting = request.form.get("action") == "submit"
    try:
        if submitting:
            outcome = operations.submit(candidate, current_user, fields)
        else:
            outcome = operations.save_draft(candidate, current_user, fields, revision=None)
    except DossierLocked:
        db.session.rollback()
        raise Locked from None
    db.session.commit()
    if outcome.errors:
        shown = {**operations.values_of(outcome.dossier), **fields}
        return _render_form(candidate, shown, outcome.errors, 422)
    if submitting:
        flash(_("Je dossier is ingediend. Dank je wel!"), "success")
        return redirect(url_for("dossier.dashboard"))
    flash(_("Je concept is opgeslagen."), "success")
    return redirect(url_for("dossier.edit"))


@bp.post("/dossier/concept")
@json_candidate_only
def save_draft():  # type: ignore[no-untyped-def]
    """Autosave endpoint: store the good fields of a partial draft (see docs/autosave.md)."""
    candidate = _own_case()
    parsed = autosave.parse_draft_body()
    if parsed is None:
        return autosave.bad_body()
    fields, revision = parsed
    try:
        outcome = operations.save_draft(candidate, current_user, fields, revision)
    except DossierLocked:
        db.session.rollback()
        return json_error(409, Locked().ksf_message, code="locked")
    except StaleRevision as stale:
        db.session.rollback()
        return autosave.stale(stale.current)
    db.session.commit()
    dossier = outcome.dossier
    body = {
        "revision": dossier.revision,
        "saved": outcome.saved,
        "saved_at": autosave.iso_or_none(dossier.draft_saved_at),
    }
    return autosave.saved(body, outcome.errors)


@bp.get("/dossier/afdrukken")
@roles_required(Role.CANDIDATE)
def print_view() -> str:
    """A printable, read-only rendering of the candidate's own dossier."""
    candidate = _own_case()
    return render_template(
        "dossier/print.html", candidate=candidate, dossier=operations.dossier_of(candidate)
    )


@bp.app_template_global("dossier_competency_codes")
def dossier_competency_codes() -> tuple[str, ...]:
    """Return the competency codes in the seed's order (for the read-only dossier view)."""
    return COMPETENCY_CODES
