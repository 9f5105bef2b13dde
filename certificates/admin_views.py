"""KSF admin: the certificate registry, one certificate's details, revocation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import BadRequest, Conflict
from werkzeug.wrappers import Response

from certificates import operations
from certificates.forms import RevokeForm
from certificates.models import Certificate
from certificates.programmes import TITLES, Programme
from certificates.urls import verification_path
from ksf_b.accounts.models import Role
from ksf_b.extensions import db
from ksf_b.security import roles_required

bp = Blueprint("certificates_admin", __name__, url_prefix="/admin/certificaten")


def _certificate_or_404(number: str) -> Certificate:
    certificate = operations.by_number(number)
    if certificate is None:
        abort(404)
    return certificate


def _programme_arg() -> Programme | None:
    raw = request.args.get("programma", "")
    if not raw:
        return None
    try:
        return Programme(raw)
    except ValueError:
        error = BadRequest()
        error.ksf_message = _("Dit certificaattype bestaat niet.")  # type: ignore[attr-defined]
        raise error from None


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> str:
    """Every certificate, newest first; filter by type, search by name or number."""
    programme = _programme_arg()
    query = request.args.get("q", "")[:100]
    return render_template(
        "certificates/admin/list.html",
        certificates=operations.registry(programme, query),
        programme=programme,
        query=query,
        titles=TITLES,
    )


@bp.get("/<number>")
@roles_required(Role.ADMIN)
def detail(number: str) -> str:
    """One certificate: holder, source, status, the public link and the revoke form."""
    certificate = _certificate_or_404(number)
    return render_template(
        "certificates/admin/detail.html",
        certificate=certificate,
        form=RevokeForm(),
        titles=TITLES,
        public_link=verification_path(certificate),
    )


@bp.post("/<number>/intrekken")
@roles_required(Role.ADMIN)
def revoke(number: str) -> Response | tuple[str, int]:
    """Revoke with a mandatory reason; the verification page then shows it as revoked."""
    certificate = _certificate_or_404(number)
    if not certificate.is_valid:
        error = Conflict()
        error.ksf_message = _("Dit certificaat is al ingetrokken.")  # type: ignore[attr-defined]
        raise error
    form = RevokeForm()
    if not form.validate_on_submit():
        page = render_template(
            "certificates/admin/detail.html",
            certificate=certificate,
            form=form,
            titles=TITLES,
            public_link=verification_path(certificate),
        )
        return page, 422
    operations.revoke_certificate(certificate, current_user, form.reason.data)
    db.session.commit()
    flash(_("Het certificaat is ingetrokken."), "success")
    return redirect(url_for("certificates_admin.detail", number=certificate.number))
