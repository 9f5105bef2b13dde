"""Signed, expiring, single-use links for invitations and password resets.

A token carries the user's public id, its purpose, a random token id and the user's security
stamp. It expires after the purpose's configured maximum age, dies once its token id is stored
in `UsedToken`, and dies when the password changes (the security stamp is bumped).
"""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ksf_b.accounts.models import UsedToken, User
from ksf_b.extensions import db


class Purpose(enum.StrEnum):
    INVITATION = "invitation"
    PASSWORD_RESET = "password-reset"  # noqa: S105  (a purpose name, not a secret)


MAX_AGE_SETTING = {
    Purpose.INVITATION: "INVITATION_MAX_AGE",
    Purpose.PASSWORD_RESET: "PASSWORD_RESET_MAX_AGE",
}


class TokenError(Exception):
    """A link that cannot be used; `message` says why in Dutch."""

    message = _l("Deze link is ongeldig.")
    status = 400


class TokenInvalid(TokenError):
    message = _l(
        "Deze link is ongeldig. Controleer of je de volledige link uit de e-mail hebt gebruikt."
    )
    status = 400


class TokenExpired(TokenError):
    message = _l("Deze link is verlopen. Vraag een nieuwe link aan.")
    status = 410


class TokenUsed(TokenError):
    message = _l(
        "Deze link is al gebruikt of vervangen door een nieuwere. Vraag zo nodig een nieuwe aan."
    )
    status = 410


@dataclass(frozen=True)
class VerifiedToken:
    """A token whose signature, age, purpose and owner were checked."""

    user: User
    purpose: Purpose
    token_id: str


def _serializer(purpose: Purpose) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"ksf-b/{purpose.value}")


def make_token(user: User, purpose: Purpose) -> str:
    """Return a signed token for `user`; it is valid until used, expired or the password changes."""
    payload = {
        "u": user.public_id,
        "p": purpose.value,
        "j": secrets.token_urlsafe(16),
        "s": user.security_stamp,
    }
    return _serializer(purpose).dumps(payload)


def verify_token(token: str, purpose: Purpose) -> VerifiedToken:
    """Check `token` for `purpose` without spending it; raise a `TokenError` if it is unusable."""
    max_age = current_app.config[MAX_AGE_SETTING[purpose]]
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise TokenExpired from error
    except BadSignature as error:
        raise TokenInvalid from error
    if not isinstance(payload, dict) or payload.get("p") != purpose.value:
        raise TokenInvalid
    token_id = str(payload.get("j", ""))
    user = db.session.scalar(select(User).where(User.public_id == str(payload.get("u", ""))))
    if user is None or not token_id or not user.is_active:
        raise TokenInvalid
    if payload.get("s") != user.security_stamp or _is_spent(token_id):
        raise TokenUsed
    return VerifiedToken(user=user, purpose=purpose, token_id=token_id)


def spend_token(verified: VerifiedToken) -> None:
    """Mark the token as used (flushes); a second spend of the same token raises `TokenUsed`."""
    try:
        with db.session.begin_nested():
            db.session.add(UsedToken(token_id=verified.token_id))
    except IntegrityError as error:
        raise TokenUsed from error


def _is_spent(token_id: str) -> bool:
    return db.session.scalar(select(UsedToken.id).where(UsedToken.token_id == token_id)) is not None
