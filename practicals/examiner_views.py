"""The examiner's pages: my observations, the checklist with autosave, evidence, sign-off.

Only the assigned examiner (role assessor) fills a checklist; anyone else gets a 404 for it.
"""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ksf_b import autosave
from ksf_b.accounts.models import Role
from ksf_b.autosave import json_error, json_role_required
from ksf_b.extensions import db
from ksf_b.security import roles_required
from practicals import evidence as evidence_ops
from practicals import operations as ops
from practicals.access import assigned_observation, evidence_or_404, visible_observation
from practicals.models import Observation, ObservationStatus
from practicals.pdf import checklist_pdf

bp = Blueprint("practicals", __name__, url_prefix="/praktijk")


def _refuse(error: ops.PracticalError) -> None:
    db.session.rollback()
    raise error.as_http() from error


@bp.get("/")
@roles_required(Role.ASSESSOR)
def home() -> str:
    """The examiner's observations: to do first, then signed off."""
    observations = db.session.scalars(
        select(Observation)
        .where(Observation.examiner_id == current_user.id)
        .order_by(Observation.scheduled_at)
    ).all()
    todo = [o for o in observations if not o.is_locked]
    done = [o for o in observations if o.is_locked]
    return render_template("practicals/examiner_home.html", todo=todo, done=done)


def _render(
    observation: Observation,
    values: dict | None = None,
    errors: dict | None = None,
    status: int = 200,
):  # type: ignore[no-untyped-def]
    return render_template(
        "practicals/fill.html",
        observation=observation,
        checklist=observation.definition.checklist(),
        values=values if values is not None else ops.values_of(observation),
        errors=errors or {},
        outcome=ops.outcome_of(observation),
        editable=observation.can_fill(current_user),
    ), status


@bp.get("/<public_id>")
@roles_required(Role.ASSESSOR)
def fill(public_id: str):  # type: ignore[no-untyped-def]
    """The checklist as the examiner fills it (read-only once signed off)."""
    return _render(assigned_observation(public_id))


@bp.post("/<public_id>")
@roles_required(Role.ASSESSOR)
def save(public_id: str):  # type: ignore[no-untyped-def]
    """Save the whole form (without JavaScript); bad fields are shown next to the field."""
    observation = assigned_observation(public_id)
    values = _form_values(observation)
    try:
        outcome = ops.save_marks(observation, current_user, values, revision=None)
    except ops.Locked as error:
        _refuse(error)
    except ops.StaleRevision:
        db.session.rollback()
        flash(_("Er is intussen een nieuwere versie opgeslagen; controleer je invoer."), "warning")
        return redirect(url_for(".fill", public_id=public_id))
    db.session.commit()
    if outcome.errors:
        return _render(observation, {**ops.values_of(observation), **values}, outcome.errors, 422)
    flash(_("De checklist is opgeslagen."), "success")
    return redirect(url_for(".fill", public_id=public_id))


def _form_values(observation: Observation) -> dict[str, object]:
    """Read a plain form post into the autosave's field values (checkboxes as lists)."""
    values: dict[str, object] = {}
    for name in request.form:
        if name in ("csrf_token", "action"):
            continue
        items = request.form.getlist(name)
        values[name] = (
            items if observation.kind.value == "phone" and name.startswith("mark-") else items[-1]
        )
    if observation.kind.value == "phone":  # unchecked boxes are not posted at all
        for entry in observation.entries:
            for code in observation.definition.checklist().codes:
                values.setdefault(f"mark-{entry.position}-{code}", [])
    return values


@bp.post("/<public_id>/concept")
@json_role_required(Role.ASSESSOR)
def save_draft(public_id: str):  # type: ignore[no-untyped-def]
    """Autosave endpoint (docs/autosave.md): store the good fields, compare-and-set."""
    observation = assigned_observation(public_id)
    parsed = autosave.parse_draft_body()
    if parsed is None:
        return autosave.bad_body()
    fields, revision = parsed
    try:
        outcome = ops.save_marks(observation, current_user, fields, revision)
    except ops.StaleRevision as stale:
        db.session.rollback()
        return autosave.stale(stale.current, stale.message)
    except ops.PracticalError as error:
        db.session.rollback()
        return json_error(error.status, error.message, code=error.code)
    except IntegrityError:  # a parallel save (the keepalive send) created the same mark first
        db.session.rollback()
        return autosave.stale(assigned_observation(public_id).revision)
    db.session.commit()
    result = ops.outcome_of(observation)
    body = {
        "revision": observation.revision,
        "saved": outcome.saved,
        "saved_at": autosave.iso_or_none(observation.draft_saved_at),
        "outcome": {"status": result.status, "total": result.total, "maximum": result.maximum},
    }
    return autosave.saved(body, outcome.errors)


@bp.post("/<public_id>/onderdeel")
@roles_required(Role.ASSESSOR)
def add_entry(public_id: str) -> Response:
    """Add one more chat or call."""
    observation = assigned_observation(public_id)
    try:
        entry = ops.add_entry(observation, current_user)
    except ops.PracticalError as error:
        _refuse(error)
    db.session.commit()
    return redirect(url_for(".fill", public_id=public_id, _anchor=f"entry-{entry.position}"))


@bp.post("/<public_id>/onderdeel/<int:position>/bewijs")
@roles_required(Role.ASSESSOR)
def upload_evidence(public_id: str, position: int) -> Response:
    """Attach a transcript (text, PDF or image) to one chat or call."""
    observation = assigned_observation(public_id)
    entry = next((e for e in observation.entries if e.position == position), None)
    if entry is None:
        return _not_found()
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        _refuse(ops.PracticalError(_("Kies een bestand.")))
    try:
        evidence_ops.store(entry, current_user, upload.filename, upload.read())  # type: ignore[union-attr]
    except ops.PracticalError as error:
        _refuse(error)
    db.session.commit()
    flash(_("Het bewijsstuk is bewaard."), "success")
    return redirect(url_for(".fill", public_id=public_id, _anchor=f"entry-{position}"))


def _not_found():  # type: ignore[no-untyped-def]
    from flask import abort

    abort(404)


@bp.get("/bewijs/<public_id>")
@roles_required(Role.ASSESSOR, Role.ADMIN)
def evidence_file(public_id: str) -> Response:
    """Download an evidence file (its examiner and admins)."""
    evidence = evidence_or_404(public_id)
    response = Response(evidence_ops.read(evidence), mimetype=evidence.content_type.split(";")[0])
    response.headers["Content-Type"] = evidence.content_type
    response.headers["Content-Disposition"] = f'attachment; filename="{evidence.filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.post("/<public_id>/aftekenen")
@roles_required(Role.ASSESSOR)
def sign_off(public_id: str) -> Response:
    """Sign the checklist off: the outcome is fixed and the checklist locked."""
    observation = assigned_observation(public_id)
    if request.form.get("confirm") != "y":
        _refuse(ops.PracticalError(_("Vink aan dat je de checklist wilt aftekenen.")))
    try:
        ops.sign_off(observation, current_user)
    except ops.PracticalError as error:
        _refuse(error)
    db.session.commit()
    flash(_("De checklist is afgetekend. De kandidaat krijgt bericht."), "success")
    return redirect(url_for(".fill", public_id=public_id))


@bp.get("/<public_id>/pdf")
@roles_required(Role.ASSESSOR, Role.ADMIN, Role.CANDIDATE)
def pdf(public_id: str) -> Response:
    """The signed-off checklist as PDF (examiner, candidate, admin)."""
    observation = visible_observation(public_id)
    if observation.status is not ObservationStatus.SIGNED_OFF:
        return _not_found()
    body = checklist_pdf(observation)
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = (
        f'inline; filename="checklist-{observation.public_id[:8]}.pdf"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/<public_id>/uitkomst")
@roles_required(Role.ASSESSOR)
def live_outcome(public_id: str) -> str:
    """The outcome panel as an HTML fragment (refreshed after each autosave)."""
    observation = assigned_observation(public_id)
    return render_template(
        "practicals/_live.html",
        outcome=ops.outcome_of(observation),
        kind=observation.kind.value,
        final=observation.is_locked,
        revision=observation.revision,
    )


@bp.app_template_global("mode_label")
def mode_label(mode: object) -> str:
    from practicals.labels import MODE_LABELS

    return str(MODE_LABELS.get(mode, mode))  # type: ignore[call-overload]


@bp.app_template_global("status_label")
def status_label(status: object) -> str:
    from practicals.labels import STATUS_LABELS

    return str(STATUS_LABELS.get(status, status))  # type: ignore[call-overload]


@bp.app_template_global("practical_kind_label")
def practical_kind_label(kind: object) -> str:
    from practicals.labels import KIND_LABELS

    return str(KIND_LABELS.get(kind, kind))  # type: ignore[call-overload]


@bp.app_template_global("outcome_label")
def outcome_label(status: str | None) -> str:
    from practicals.labels import OUTCOME_LABELS

    return str(OUTCOME_LABELS.get(status or "", ""))


@bp.app_template_global("programme_label")
def programme_label(code: str) -> str:
    from practicals.labels import PROGRAMME_LABELS

    return str(PROGRAMME_LABELS.get(code, code))


from practicals import audio_views  # noqa: E402,F401  (its routes live on this blueprint)
