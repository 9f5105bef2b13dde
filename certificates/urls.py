"""Absolute links to a certificate's public verification page (printed in the QR code)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import current_app, url_for

from certificates.models import Certificate


def verification_path(certificate: Certificate) -> str:
    return url_for("certificates.verify", number=certificate.number, code=certificate.check_code)


def verification_url(certificate: Certificate) -> str:
    """BASE_URL + /verificatie/<number>?code=<check>: works without a request context too."""
    base = current_app.config["BASE_URL"].rstrip("/")
    query = urlencode({"code": certificate.check_code})
    return f"{base}/verificatie/{certificate.number}?{query}"
