"""The JSON side of autosave (docs/autosave.md), shared by every package's draft endpoints.

The contract: a JSON body `{"fields": {...}, "revision": n}`; answers are JSON with an `error`
message and a `code` (`login_required`, `forbidden`, `bad_request`, `stale`, `invalid`, …),
never a login redirect or an HTML page. Each package keeps its own rules and messages; this
module only holds the request parsing and the response shapes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ksf_b.accounts.models import Role

JsonAnswer = Response | tuple[Response, int]


def json_error(status: int, message: str, **extra: object) -> tuple[Response, int]:
    """A JSON error answer: the message, the status and any extra keys (code, revision, …)."""
    return jsonify(error=message, status=status, **extra), status


def session_expired() -> tuple[Response, int]:
    """401 for a caller whose session has gone (the page keeps its draft and asks to log in)."""
    return json_error(401, _("Je sessie is verlopen. Log opnieuw in."), code="login_required")


def json_role_required(role: Role) -> Callable[[Callable], Callable]:
    """Like roles_required(role) but always JSON: 401 (never a login redirect) or 403."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return session_expired()
            if current_user.role is not role:
                return json_error(403, _("Je hebt geen toegang tot deze pagina."), code="forbidden")
            return view(*args, **kwargs)

        return wrapped

    return decorate


def bad_body(code: str = "bad_request") -> tuple[Response, int]:
    """400 for a body that is not `{"fields": {...}, "revision": int | null}`."""
    return json_error(400, _("Ongeldig verzoek: verwacht JSON met 'fields'."), code=code)


def parse_draft_body() -> tuple[dict, int | None] | None:
    """Return the posted fields and revision, or None when the body breaks the contract.

    The revision is a whole number or absent/null (a boolean is not a revision).
    """
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("fields"), dict):
        return None
    revision = body.get("revision")
    if revision is not None and (isinstance(revision, bool) or not isinstance(revision, int)):
        return None
    return body["fields"], revision


def stale(current: int, message: str | None = None) -> tuple[Response, int]:
    """409 for a draft based on an older revision than the stored one (compare-and-set lost)."""
    message = message or _("Er is intussen een nieuwere versie opgeslagen.")
    return json_error(409, message, code="stale", revision=current)


def saved(body: dict[str, object], errors: dict | None) -> JsonAnswer:
    """The answer after a save: the body, or 422 with the refused fields' messages as well."""
    if errors:
        message = _("Niet alles kon worden opgeslagen.")
        return json_error(422, message, code="invalid", errors=errors, **body)
    return jsonify(body)


def iso_or_none(moment: Any) -> str | None:
    """The ISO text of a timestamp for `saved_at`, or None when nothing is saved yet."""
    return moment.isoformat() if moment else None
