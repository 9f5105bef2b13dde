"""Account operations: invitations, password resets, (de)activation.

Called by views of several journeys (admin, nomination). They change state and flush; the
calling view commits once.
"""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import func, select

from ksf_b import audit
from ksf_b.accounts.models import Company, Role, User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.mail import send_mail
from ksf_b.tokens import Purpose, VerifiedToken, make_token, spend_token

log = logging.getLogger(__name__)


class AccountError(Exception):
    """An account operation that cannot be done; `message` is Dutch for the form or page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DuplicateEmail(AccountError):
    """Another account already uses this e-mail address."""


class AlreadyActivated(AccountError):
    """The account has a password already; an invitation makes no sense any more."""


class InactiveAccount(AccountError):
    """The account is deactivated."""


def normalise_email(email: str) -> str:
    """Return the form in which e-mail addresses are stored and compared."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Return the account with this address (case-insensitive), if any."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def invite_user(
    email: str, full_name: str, role: Role, company: Company | None, invited_by: User | None
) -> User:
    """Create an account without a password and e-mail a signed, expiring invitation link.

    Raises `DuplicateEmail` when the address is taken (show its `message` next to the field).
    """
    if find_user_by_email(email) is not None:
        raise DuplicateEmail(_("Er bestaat al een account met dit e-mailadres."))
    user = User(
        email=normalise_email(email), full_name=full_name.strip(), role=role, company=company
    )
    db.session.add(user)
    db.session.flush()
    _send_invitation(user, invited_by)
    details = {"role": role.value, "company": company.name if company else None}
    audit.record(
        "account.invited", actor=invited_by, subject=audit.subject_of(user), details=details
    )
    log.info(
        "invited %s as %s by %s", user.public_id, role.value, invited_by and invited_by.public_id
    )
    return user


def resend_invitation(user: User, sent_by: User | None = None) -> None:
    """Send a fresh invitation link to an account that has not been activated yet."""
    if user.password_hash is not None:
        raise AlreadyActivated(_("Dit account is al geactiveerd; een uitnodiging is niet nodig."))
    if not user.is_active:
        raise InactiveAccount(_("Dit account is gedeactiveerd. Activeer het eerst."))
    _send_invitation(user, sent_by)
    audit.record("account.invitation_resent", actor=sent_by, subject=audit.subject_of(user))
    log.info("invitation resent to %s by %s", user.public_id, sent_by and sent_by.public_id)


def accept_invitation(verified: VerifiedToken, password: str) -> User:
    """Spend the invitation token, set the first password and activate the account."""
    spend_token(verified)
    user = verified.user
    user.set_password(password)
    user.activated_at = user.activated_at or utcnow()
    db.session.flush()
    audit.record("account.activated", actor=user, subject=audit.subject_of(user))
    log.info("invitation accepted by %s", user.public_id)
    return user


def request_password_reset(email: str) -> None:
    """E-mail a reset link if the address belongs to an active account; silently do nothing else.

    An invited account that never set a password gets a fresh invitation instead.
    """
    user = find_user_by_email(email)
    if user is None or not user.is_active:
        log.info("password reset asked for an unknown or inactive address")
        return
    if user.password_hash is None:
        _send_invitation(user, None)
        return
    link = _absolute_link("accounts.reset_password", make_token(user, Purpose.PASSWORD_RESET))
    hours = max(1, current_app.config["PASSWORD_RESET_MAX_AGE"] // 3600)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("Nieuw wachtwoord instellen voor KSF Branchecertificaat B")
        body = _(
            "Beste %(name)s,\n\n"
            "Jij (of iemand anders) vroeg een nieuw wachtwoord aan voor je account bij het "
            "KSF Branchecertificaat B. Via deze link kies je een nieuw wachtwoord:\n\n"
            "%(link)s\n\n"
            "De link werkt één keer en is %(hours)s uur geldig. Vroeg je niets aan? Dan kun je "
            "deze e-mail negeren; je wachtwoord blijft hetzelfde.\n\n"
            "Met vriendelijke groet,\nKlantenservice Federatie",
            name=user.full_name,
            link=link,
            hours=hours,
        )
    send_mail(user.email, subject, body)
    audit.record("account.password_reset_requested", actor=None, subject=audit.subject_of(user))
    log.info("password reset link sent to %s", user.public_id)


def reset_password(verified: VerifiedToken, password: str) -> User:
    """Spend the reset token and set the new password (which ends every other session)."""
    spend_token(verified)
    user = verified.user
    user.set_password(password)
    db.session.flush()
    audit.record("account.password_reset", actor=user, subject=audit.subject_of(user))
    log.info("password reset by %s", user.public_id)
    return user


def deactivate_user(user: User, by: User) -> None:
    """Block the account: it can no longer log in and its sessions and links stop working."""
    if user.id == by.id:
        raise AccountError(_("Je kunt je eigen account niet deactiveren."))
    user.is_active_account = False
    db.session.flush()
    audit.record("account.deactivated", actor=by, subject=audit.subject_of(user))
    log.info("account %s deactivated by %s", user.public_id, by.public_id)


def reactivate_user(user: User, by: User) -> None:
    """Allow the account to log in again."""
    user.is_active_account = True
    db.session.flush()
    audit.record("account.reactivated", actor=by, subject=audit.subject_of(user))
    log.info("account %s reactivated by %s", user.public_id, by.public_id)


def company_named(name: str) -> Company:
    """Return the company with this name (case-insensitive), creating it when new."""
    clean = " ".join(name.split())
    company = db.session.scalar(select(Company).where(func.lower(Company.name) == clean.lower()))
    if company is None:
        company = Company(name=clean)
        db.session.add(company)
        db.session.flush()
    return company


def _send_invitation(user: User, invited_by: User | None) -> None:
    link = _absolute_link("accounts.accept_invitation", make_token(user, Purpose.INVITATION))
    days = max(1, current_app.config["INVITATION_MAX_AGE"] // 86400)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        inviter = invited_by.full_name if invited_by else _("De Klantenservice Federatie")
        subject = _("Uitnodiging voor KSF Branchecertificaat B")
        body = _(
            "Beste %(name)s,\n\n"
            "%(inviter)s heeft een account voor jou aangemaakt op het platform van het "
            "KSF Branchecertificaat B. Via deze link kies je je wachtwoord en activeer je je "
            "account:\n\n"
            "%(link)s\n\n"
            "De link werkt één keer en is %(days)s dagen geldig. Is hij verlopen? Vraag dan via "
            "'Wachtwoord vergeten?' op de inlogpagina een nieuwe aan.\n\n"
            "Met vriendelijke groet,\nKlantenservice Federatie",
            name=user.full_name,
            inviter=inviter,
            link=link,
            days=days,
        )
    send_mail(user.email, subject, body)
    user.invited_at = utcnow()


def _absolute_link(endpoint: str, token: str) -> str:
    # built from the URL map, not url_for: the CLI (demo seeding) has no request context
    path = current_app.url_map.bind("localhost").build(endpoint, {"token": token})
    return current_app.config["BASE_URL"].rstrip("/") + path
