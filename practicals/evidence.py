"""Evidence per chat or call: a transcript as text, PDF or image, kept in object storage.

The type is read from the bytes (never the browser's word); the key is made from ids.
"""

from __future__ import annotations

import hashlib
import io
import re

from flask import current_app
from flask_babel import lazy_gettext as _l

from ksf_b.accounts.models import User
from ksf_b.extensions import db
from media.storage import get_storage
from practicals.models import Evidence, ObservationEntry
from practicals.operations import Locked, PracticalError

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


def sniff(data: bytes) -> str | None:
    """Return the content type of a PDF, PNG, JPEG or UTF-8 text, else None."""
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if b"\x00" in data:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain; charset=utf-8"


def store(entry: ObservationEntry, actor: User, filename: str, data: bytes) -> Evidence:
    """Keep one file as evidence of this chat or call."""
    if entry.observation.is_locked:
        raise Locked
    limit = current_app.config.get("PRACTICAL_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES)
    if not data:
        raise PracticalError(_l("Het bestand is leeg."))
    if len(data) > limit:
        raise PracticalError(
            _l("Het bestand is te groot (max. %(n)d MB).", n=limit // 1024 // 1024)
        )
    content_type = sniff(data)
    if content_type is None:
        raise PracticalError(_l("Alleen tekst, PDF, PNG of JPEG kan als bewijs worden bewaard."))
    evidence = Evidence(
        entry=entry,
        filename=(SAFE_NAME.sub("_", filename).strip() or "bewijs")[:200],
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by_id=actor.id,
        storage_key="",
    )
    db.session.add(evidence)
    db.session.flush()
    evidence.storage_key = f"practicals/{entry.observation.public_id}/{evidence.public_id}"
    get_storage().save(evidence.storage_key, io.BytesIO(data), expected_sha256=evidence.sha256)
    db.session.flush()
    return evidence


def read(evidence: Evidence) -> bytes:
    with get_storage().open(evidence.storage_key) as stream:
        return stream.read()
