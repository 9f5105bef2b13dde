"""The public verification page and the holder's certificates (list and PDF download)."""

from __future__ import annotations

import hmac

from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import Gone
from werkzeug.wrappers import Response

from certificates import operations
from certificates.forms import VerifyForm
from certificates.models import Certificate
from certificates.numbering import normalise_check_code
from certificates.pdf import certificate_pdf
from certificates.programmes import TITLES, title
from ksf_b.extensions import limiter

bp = Blueprint("certificates", __name__)

# Guessing check codes is slow by design (31^8 codes) and throttled as well.
VERIFY_RATE_LIMIT = "60 per minute"


def _certificate_for(number: str, code: str) -> Certificate:
    certificate = operations.by_number(number)
    if certificate is None or not hmac.compare_digest(
        certificate.check_code, normalise_check_code(code)
    ):
        abort(404)
    return certificate


def _private(response: Response) -> Response:
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/verificatie")
@limiter.limit(VERIFY_RATE_LIMIT)
def lookup() -> Response | tuple[str, int] | str:
    """A form for the number and check code printed on a certificate."""
    form = VerifyForm(request.args)
    if request.args and form.validate():
        number = form.number.data.strip().upper()
        return redirect(url_for("certificates.verify", number=number, code=form.code.data.strip()))
    page = render_template("certificates/lookup.html", form=form)
    return (page, 422) if form.errors else page


@bp.get("/verificatie/<number>")
@limiter.limit(VERIFY_RATE_LIMIT)
def verify(number: str) -> Response:
    """Public: name, certificate, date and status, for the right number and check code only."""
    certificate = _certificate_for(number, request.args.get("code", ""))
    page = render_template(
        "certificates/verify.html", certificate=certificate, title=title(certificate.programme)
    )
    return _private(make_response(page))


@bp.get("/certificaten")
@login_required
def mine() -> str:
    """The signed-in person's certificates with a download link each."""
    return render_template(
        "certificates/mine.html",
        certificates=operations.certificates_of(current_user),
        titles=TITLES,
    )


@bp.get("/certificaten/<number>.pdf")
@login_required
def download(number: str) -> Response:
    """The certificate PDF, for its holder and KSF admins; anyone else gets a 404."""
    certificate = operations.by_number(number)
    if certificate is None or not certificate.can_download(current_user):
        abort(404)
    if not certificate.is_valid and certificate.holder_id == current_user.id:
        error = Gone()
        error.ksf_message = _("Dit certificaat is ingetrokken en kan niet meer worden gedownload.")  # type: ignore[attr-defined]
        raise error
    response = make_response(certificate_pdf(certificate))
    response.headers["Content-Type"] = "application/pdf"
    response.headers["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    return _private(response)
