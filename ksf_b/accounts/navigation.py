"""Where to send a user after logging in: only to a path on this site (no open redirect)."""

from __future__ import annotations

from urllib.parse import urlsplit


def safe_next(target: str | None) -> str | None:
    """Return `target` if it is a local path (like "/dossier/?x=1"), else None."""
    if not target or not target.startswith("/") or len(target) > 2000:
        return None
    # "//evil.example" and "/\\evil.example" are read by browsers as another host
    if target.startswith(("//", "/\\")) or any(ch in target for ch in "\r\n\t\\"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
