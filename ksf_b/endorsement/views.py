"""The manager's endorsement of one of their own nominees: autosaved draft, then submit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ksf_b.accounts.models import Role
from ksf_b.endorsement import operations
from ksf_b.endorsement.forms import TEXT_RULES, EndorsementForm, clean_draft
from ksf_b.endorsement.models import Endorsement
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.journey.operations import PART1_OPEN, part1_rows
from ksf_b.security import roles_required

bp = Blueprint("endorsement", __name__, url_prefix="/aanbeveling")


def own_candidate(public_id: str) -> Candidate:
    """Return the current manager's nominee, or 404 so others' candidates stay unseen."""
    candidate = db.session.scalar(select(Candidate).where(Candidate.public_id == public_id))
    if candidate is None or candidate.manager_id != current_user.id:
        abort(404)
    return candidate


def is_editable(candidate: Candidate, endorsement: Endorsement | None) -> bool:
    """The endorsement can change until it is submitted and while part 1 is open."""
    submitted = endorsement is not None and endorsement.is_submitted
    return not submitted and candidate.state in PART1_OPEN


@bp.get("/<candidate_id>")
@roles_required(Role.MANAGER)
def edit(candidate_id: str) -> str:
    """Show the endorsement form (autosaved) or, once submitted, the read-only text."""
    candidate = own_candidate(candidate_id)
    endorsement = operations.endorsement_of(candidate)
    form = EndorsementForm(obj=endorsement)
    return render_page(candidate, endorsement, form)


def role_description_of(candidate: Candidate) -> str:
    """The role description the candidate wrote in the dossier ("" until they wrote one)."""
    dossier, _endorsement = part1_rows(candidate)
    return (getattr(dossier, "role_description", None) or "").strip()


def render_page(
    candidate: Candidate, endorsement: Endorsement | None, form: EndorsementForm
) -> str:
    return render_template(
        "endorsement/edit.html",
        candidate=candidate,
        endorsement=endorsement,
        form=form,
        editable=is_editable(candidate, endorsement),
        role_description=role_description_of(candidate),
        limits=TEXT_RULES,
    )


@bp.post("/<candidate_id>/concept")
def save_draft(candidate_id: str) -> tuple[Response, int]:
    """Autosave endpoint: POST JSON {fields, revision}; see docs/autosave.md."""
    if not current_user.is_authenticated:
        return _json_error(
            401, _("Je sessie is verlopen. Log opnieuw in; je tekst blijft bewaard.")
        )
    if current_user.role is not Role.MANAGER:
        return _json_error(403, _("Je hebt geen toegang tot deze pagina."))
    candidate = own_candidate(candidate_id)
    payload = request.get_json(silent=True)
    revision = payload.get("revision") if isinstance(payload, dict) else None
    if not isinstance(payload, dict) or not _is_revision(revision):
        return _json_error(400, _("Het concept kon niet worden gelezen."))
    endorsement = operations.endorsement_of(candidate)
    if not is_editable(candidate, endorsement):
        body = jsonify(
            error=_("De aanbeveling is al ingediend en kan niet meer veranderen."),
            code="locked",
            status=409,
        )
        return body, 409
    values, errors = clean_draft(payload.get("fields"))
    if values.get("role_description_confirmed") and not role_description_of(candidate):
        values["role_description_confirmed"] = False  # nothing to confirm yet
    endorsement = operations.get_or_start(candidate, current_user)
    try:
        operations.save_draft(endorsement, values, revision)
    except operations.StaleRevision as stale:
        db.session.rollback()
        body = jsonify(
            error=_("Deze aanbeveling is intussen elders opgeslagen. Laad de pagina opnieuw."),
            revision=stale.current,
            code="stale",
            status=409,
        )
        return body, 409
    db.session.commit()
    body = {
        "revision": endorsement.revision,
        "saved_at": endorsement.draft_saved_at.isoformat(),
        "saved": sorted(values),
        "errors": errors,
    }
    return jsonify(body), 422 if errors else 200


def _is_revision(value: object) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def _json_error(status: int, message: str) -> tuple[Response, int]:
    return jsonify(error=message, status=status), status


@bp.post("/<candidate_id>/indienen")
@roles_required(Role.MANAGER)
def submit(candidate_id: str) -> Response | tuple[str, int]:
    """Save what was typed, check it, and lock the endorsement when it is complete."""
    candidate = own_candidate(candidate_id)
    endorsement = operations.endorsement_of(candidate)
    if not is_editable(candidate, endorsement):
        abort(409)
    form = EndorsementForm()
    values, _errors = clean_draft(
        {name: form[name].data for name in (*TEXT_RULES, "role_description_confirmed")}
    )
    if not role_description_of(candidate):
        values["role_description_confirmed"] = False
    endorsement = operations.get_or_start(candidate, current_user)
    operations.save_draft(endorsement, values, None)
    valid = form.validate()
    if not role_description_of(candidate):
        form.role_description_confirmed.errors = [
            _(
                "De kandidaat heeft de functieomschrijving nog niet ingevuld. Je kunt hem "
                "bevestigen en de aanbeveling indienen zodra hij in het dossier staat."
            )
        ]
        form.role_description_confirmed.data = False
        valid = False
    if not valid:
        db.session.commit()  # keep every word even when the submission is refused
        return render_page(candidate, endorsement, form), 422
    operations.submit(endorsement, current_user)
    db.session.commit()
    flash(_("Je aanbeveling voor %(name)s is ingediend.", name=candidate.user.full_name), "success")
    return redirect(url_for("nomination.dashboard"))
