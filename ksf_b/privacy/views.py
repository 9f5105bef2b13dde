"""Privacy pages: the candidate's own data, the admin's dry run, settings and erasure."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select
from werkzeug.wrappers import Response

from ksf_b import audit
from ksf_b.accounts.models import Role, User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.journey.states import STATE_LABELS, state_label
from ksf_b.privacy import operations as ops
from ksf_b.privacy.export import stream_export
from ksf_b.privacy.forms import EraseForm, RetentionSettingsForm
from ksf_b.privacy.material import material_of
from ksf_b.privacy.models import ConsentRecord
from ksf_b.security import roles_required

bp = Blueprint("privacy", __name__)


def _candidate_or_404(public_id: str) -> Candidate:
    candidate = db.session.scalar(select(Candidate).where(Candidate.public_id == public_id))
    if candidate is None:
        abort(404)
    return candidate


@bp.get("/mijn-gegevens/")
@roles_required(Role.CANDIDATE)
def my_data() -> str:
    """Explain what is kept and for how long; offer the download of everything."""
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == current_user.id))
    consents = db.session.scalars(
        select(ConsentRecord)
        .where(ConsentRecord.user_id == current_user.id)
        .order_by(ConsentRecord.given_at)
    ).all()
    settings = ops.get_settings()
    db.session.commit()
    return render_template(
        "privacy/my_data.html", candidate=candidate, consents=consents, settings=settings
    )


@bp.get("/mijn-gegevens/<public_id>/gegevens.zip")
@roles_required(Role.CANDIDATE, Role.ADMIN)
def export(public_id: str) -> Response:
    """Stream the zip of a candidate's data: to that candidate, or to an admin."""
    candidate = _candidate_or_404(public_id)
    if current_user.role is Role.CANDIDATE and candidate.user_id != current_user.id:
        abort(404)
    audit.record("privacy.exported", actor=current_user, subject=audit.subject_of(candidate))
    db.session.commit()
    response = Response(stream_export(candidate), mimetype="application/zip")
    response.headers["Content-Disposition"] = 'attachment; filename="mijn-gegevens-ksf.zip"'
    return response


@bp.get("/admin/privacy/")
@roles_required(Role.ADMIN)
def overview() -> str:
    """The dry run: what the retention job deletes, and when; settings; find a candidate."""
    now = utcnow()
    plan = ops.retention_plan()
    stale = ops.stale_uploads(now)
    settings = ops.get_settings()
    form = RetentionSettingsForm(obj=settings)
    query = request.args.get("zoek", "").strip()[:100]
    found = _search(query) if query else []
    db.session.commit()
    return render_template(
        "privacy/overview.html",
        plan=plan,
        stale=stale,
        now=now,
        form=form,
        query=query,
        found=found,
        labels={state: state_label(state, "staff") for state in STATE_LABELS},
    )


def _search(query: str) -> list[Candidate]:
    pattern = f"%{query.lower()}%"
    return list(
        db.session.scalars(
            select(Candidate)
            .join(Candidate.user)
            .where(
                or_(func.lower(User.full_name).like(pattern), func.lower(User.email).like(pattern))
            )
            .order_by(User.full_name)
            .limit(25)
        )
    )


@bp.post("/admin/privacy/instellingen")
@roles_required(Role.ADMIN)
def settings() -> Response | tuple[str, int]:
    """Change the retention period and the age of abandoned uploads."""
    form = RetentionSettingsForm()
    if not form.validate_on_submit():
        now = utcnow()
        html = render_template(
            "privacy/overview.html",
            plan=ops.retention_plan(),
            stale=ops.stale_uploads(now),
            now=now,
            form=form,
            query="",
            found=[],
            labels={state: state_label(state, "staff") for state in STATE_LABELS},
        )
        db.session.commit()
        return html, 422
    ops.update_settings(current_user, form.retention_months.data, form.stale_upload_days.data)
    db.session.commit()
    flash(_("De bewaarinstellingen zijn opgeslagen."), "success")
    return redirect(url_for("privacy.overview"))


@bp.route("/admin/privacy/kandidaten/<public_id>/wissen", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def erase(public_id: str) -> Response | tuple[str, int]:
    """Erase a candidate's personal data on request, after a confirmation step."""
    candidate = _candidate_or_404(public_id)
    form = EraseForm()
    if form.validate_on_submit():
        ops.erase_candidate(candidate, current_user, form.reason.data.strip())
        db.session.commit()
        flash(_("De persoonsgegevens van de kandidaat zijn gewist."), "success")
        return redirect(url_for("privacy.overview"))
    status = 422 if request.method == "POST" else 200
    material = material_of(candidate)
    html = render_template(
        "privacy/erase.html",
        candidate=candidate,
        material=material,
        form=form,
        label=state_label(candidate.state, "staff"),
    )
    db.session.commit()
    return html, status
