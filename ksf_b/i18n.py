"""Locale selection (Dutch by default, English on request) and template helpers."""

from __future__ import annotations

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale


def select_locale() -> str:
    """Use the language the user chose, else Dutch: the platform speaks Dutch first."""
    if not has_request_context():  # CLI commands and jobs (reminder mails) speak Dutch
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("lang")
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def template_context() -> dict:
    return {
        "current_locale": str(get_locale()),
        "languages": current_app.config["LANGUAGES"],
        "next_url": request.full_path if request else "/",
    }
