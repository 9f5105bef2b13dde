"""The version of the consent text a candidate agrees to, and its fingerprint.

The fingerprint is the SHA-256 of the consent template's source plus the retention period it
states, so any change of the wording (or of the period) yields a new hash without anyone
having to remember to bump a number. `CONSENT_TEXT_VERSION` is the human-readable label.
"""

from __future__ import annotations

import hashlib

from flask import current_app

CONSENT_TEXT_VERSION = "2026-12"
CONSENT_TEMPLATE = "assessment/exam/consent.html"


def consent_text_sha256(retention_months: int) -> str:
    """Return the SHA-256 of the consent page's source and the retention period it names."""
    loader = current_app.jinja_env.loader
    assert loader is not None
    source, _filename, _uptodate = loader.get_source(current_app.jinja_env, CONSENT_TEMPLATE)
    digest = hashlib.sha256(source.encode("utf-8"))
    digest.update(f"\nretention_months={retention_months}".encode())
    return digest.hexdigest()
