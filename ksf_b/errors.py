"""Dutch error pages for browsers and JSON errors for the API, never a bare 500."""

from __future__ import annotations

import logging

from flask import Flask, g, jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from ksf_b.dbsession import end_session_quietly
from ksf_b.extensions import db, login_manager
from ksf_b.journey.states import IllegalTransition

log = logging.getLogger(__name__)

MESSAGES = {
    400: lambda: _("Het verzoek kon niet worden verwerkt. Controleer wat je invulde."),
    401: lambda: _("Je moet eerst inloggen."),
    403: lambda: _("Je hebt geen toegang tot deze pagina."),
    404: lambda: _("Deze pagina bestaat niet (meer)."),
    405: lambda: _("Deze actie is hier niet toegestaan."),
    409: lambda: _("Dit kan nu niet: de toestand is inmiddels veranderd."),
    413: lambda: _("Het bestand of verzoek is te groot."),
    415: lambda: _("Dit type inhoud wordt niet geaccepteerd."),
    429: lambda: _("Te veel pogingen. Wacht even en probeer het opnieuw."),
    500: lambda: _("Er ging iets mis aan onze kant. Probeer het later opnieuw."),
    503: lambda: _("De dienst is tijdelijk niet beschikbaar."),
}


TITLES = {
    400: lambda: _("Dit lukte niet"),
    401: lambda: _("Eerst inloggen"),
    403: lambda: _("Geen toegang"),
    404: lambda: _("Pagina niet gevonden"),
    405: lambda: _("Niet toegestaan"),
    409: lambda: _("Inmiddels veranderd"),
    413: lambda: _("Te groot"),
    415: lambda: _("Niet geaccepteerd"),
    429: lambda: _("Te veel pogingen"),
    500: lambda: _("Er ging iets mis"),
    503: lambda: _("Even niet beschikbaar"),
}


def wants_json() -> bool:
    """API clients (the recorder, upload scripts) get JSON; people get a page."""
    if request.path.startswith("/media/") or request.path.startswith("/api/"):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" and not request.accept_mimetypes["text/html"]


def error_response(status: int, message: str | None = None):  # type: ignore[no-untyped-def]
    """Render `status` with a Dutch message as JSON or as the error page."""
    message = message or MESSAGES.get(status, MESSAGES[500])()
    if wants_json():
        return jsonify(error=message, status=status), status
    title = TITLES.get(status, TITLES[500])()
    try:
        page = render_template("errors/error.html", status=status, title=title, message=message)
    except Exception:  # the page needed what failed (the database behind current_user)
        log.warning("the error page could not be rendered; answering in plain text", exc_info=True)
        return message, status, {"Content-Type": "text/plain; charset=utf-8"}
    return page, status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError):  # type: ignore[no-untyped-def]
        return error_response(
            400,
            _("De beveiligingscode van het formulier is verlopen of ongeldig. Probeer opnieuw."),
        )

    @app.errorhandler(IllegalTransition)
    def illegal_transition(_error: IllegalTransition):  # type: ignore[no-untyped-def]
        db.session.rollback()
        return error_response(409)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):  # type: ignore[no-untyped-def]
        status = error.code or 500
        custom = getattr(error, "ksf_message", None)
        return error_response(status, custom)

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):  # type: ignore[no-untyped-def]
        # the database is down, restarting or locked: nothing was saved, the client may retry
        log.error("database unavailable on %s: %s", request.path, error.orig)
        _rollback_quietly()
        # the page must not ask the database who is logged in (the loaded user is expired)
        g._login_user = login_manager.anonymous_user()
        message = _(
            "De database is even niet bereikbaar. Er is niets opgeslagen; "
            "probeer het over een paar seconden opnieuw."
        )
        response = make_response(error_response(503, message))
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):  # type: ignore[no-untyped-def]
        if error.connection_invalidated:  # the connection dropped mid-request
            return database_unavailable(error)  # type: ignore[arg-type]
        return unexpected(error)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):  # type: ignore[no-untyped-def]
        log.exception("unhandled error on %s", request.path)
        _rollback_quietly()
        return error_response(500)


def _rollback_quietly() -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection is gone: drop the session, the pool reconnects later
        log.warning("rollback failed; discarding the session", exc_info=True)
        end_session_quietly()
