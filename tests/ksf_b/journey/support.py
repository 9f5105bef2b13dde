"""Helpers for the part-1 and gate tests: sign in without the login form, post forms."""

from __future__ import annotations

from flask.testing import FlaskClient

from ksf_b.accounts.models import User
from tests.conftest import csrf_token


def sign_in(client: FlaskClient, user: User) -> FlaskClient:
    """Put `user` in the client's session as Flask-Login does (the login form has its own tests).

    Many requests as many users would otherwise trip the login rate limit.
    """
    with client.session_transaction() as session:
        session.clear()
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
    return client


def post_form(client: FlaskClient, path: str, data: dict, token_from: str | None = None):  # type: ignore[no-untyped-def]
    """Post a form with a real CSRF token taken from the page that shows it."""
    token = csrf_token(client, token_from or path)
    return client.post(path, data={**data, "csrf_token": token})


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.get_data(as_text=True)


def mails_to(app, address: str) -> list:  # type: ignore[no-untyped-def]
    """Return the outbox messages that have `address` among their recipients, oldest first."""
    from email import policy
    from email.parser import BytesParser

    outbox = app.config["MAIL_OUTBOX"]
    if not outbox.exists():
        return []
    found = []
    for path in sorted(outbox.glob("*.eml")):
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        recipients = [part.strip() for part in str(message["To"]).split(",")]
        if address in recipients:
            found.append(message)
    return found
