"""PDFs from HTML templates (WeasyPrint), with a QR code to the public verification page."""

from __future__ import annotations

import segno
from flask import current_app, render_template
from flask_babel import force_locale, format_date

from certificates.models import Certificate
from certificates.programmes import DESCRIPTIONS, title
from certificates.urls import verification_url

# PDF/A-3b: the archival variant WeasyPrint writes; it embeds every font it uses.
PDF_VARIANT = "pdf/a-3b"


def qr_svg(url: str) -> str:
    """The URL as an SVG QR code (medium error correction survives a printed stamp)."""
    return segno.make(url, error="m").svg_inline(scale=4, border=0, dark="#0b2545")


def render_pdf(template: str, **context: object) -> bytes:
    """Render a Jinja template to PDF/A bytes; static files resolve from the app's folder."""
    from weasyprint import HTML  # imported here: it loads Pango, which the web pages never need

    html = render_template(template, **context)
    base = current_app.static_folder or "."
    return HTML(string=html, base_url=base).write_pdf(pdf_variant=PDF_VARIANT)


def certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as printed: holder, title, date, number, check code and QR code."""
    url = verification_url(certificate)
    with force_locale("nl"):  # the certificate is a Dutch document whatever the reader's choice
        return render_pdf(
            "certificates/pdf/certificate.html",
            certificate=certificate,
            title=title(certificate.programme),
            description=str(DESCRIPTIONS[certificate.programme]),
            issued_on=format_date(certificate.issued_on, "d MMMM yyyy"),
            verification_url=url,
            qr_svg=qr_svg(url),
        )
