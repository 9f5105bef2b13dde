"""Start page, language switch and the health check."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, g, jsonify, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import text
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers import Response

from ksf_b.accounts.models import Role
from ksf_b.accounts.navigation import safe_next
from ksf_b.extensions import csrf, db
from ksf_b.main.headers import add_security_headers

bp = Blueprint("main", __name__)
bp.after_app_request(add_security_headers)

ROLE_HOME = {
    Role.CANDIDATE: "dossier.dashboard",
    Role.MANAGER: "nomination.dashboard",
    Role.ASSESSOR: "rating.home",
    Role.ADMIN: "admin.dashboard",
}


@bp.get("/")
def home() -> Response:
    """Send each role to its own dashboard; anonymous visitors to the login page."""
    if not current_user.is_authenticated:
        return redirect(url_for("accounts.login"))
    if current_user.role is Role.CANDIDATE and not has_b_case():
        return redirect(url_for(_home_without_b_case(current_user)))
    return redirect(url_for(ROLE_HOME[current_user.role]))


def register_candidate_home(app: Flask, endpoint: str, applies) -> None:  # type: ignore[no-untyped-def]
    """Let a domain offer its page as the start of a candidate without a B case."""
    app.extensions.setdefault("ksf_candidate_homes", []).append((endpoint, applies))


def _home_without_b_case(user) -> str:  # type: ignore[no-untyped-def]
    """A practicals or A-test candidate starts on the page of what they take part in."""
    for endpoint, applies in current_app.extensions.get("ksf_candidate_homes", []):
        if applies(user):
            return endpoint
    if "theory.home" in current_app.view_functions:
        return "theory.home"
    return ROLE_HOME[Role.CANDIDATE]


def has_b_case() -> bool:
    """Whether the logged-in candidate has a certificate B case (dossier, assessment, result)."""
    if "has_b_case" not in g:
        from sqlalchemy import select

        from ksf_b.journey.models import Candidate

        g.has_b_case = current_user.is_authenticated and (
            db.session.scalar(select(Candidate.id).where(Candidate.user_id == current_user.id))
            is not None
        )
    return bool(g.has_b_case)


@bp.app_context_processor
def candidate_menu() -> dict:
    """`has_b_case()` for the menu: the B pages only for candidates with a B case."""
    return {"has_b_case": has_b_case}


@bp.post("/taal")
def set_language() -> Response:
    """Remember the chosen language (nl or en) in the session."""
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        error = BadRequest()
        error.ksf_message = _("Deze taal is niet beschikbaar.")  # type: ignore[attr-defined]
        raise error
    session["lang"] = lang
    return redirect(safe_next(request.form.get("next")) or url_for("main.home"))


def _check_database() -> tuple[bool, str]:
    try:
        db.session.execute(text("SELECT 1"))
        return True, "ok"
    except Exception as error:
        db.session.rollback()
        return False, type(error).__name__


@bp.get("/healthz")
@csrf.exempt
def healthz() -> tuple[Response, int]:
    """Name and check the database engine, storage backend and queue broker; 503 if one is down."""
    from media.queue import current_url, queue_health
    from media.storage import get_storage

    storage = get_storage()
    checks = {
        "database": (db.engine.dialect.name, *_check_database()),
        "storage": (storage.name, *storage.health()),
        "queue": (current_url().split(":", 1)[0], *queue_health()),
    }
    healthy = all(ok for _backend, ok, _detail in checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {
            name: {"backend": backend, "ok": ok, "detail": detail}
            for name, (backend, ok, detail) in checks.items()
        },
    }
    return jsonify(body), 200 if healthy else 503
