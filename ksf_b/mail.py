"""Outgoing e-mail: SMTP when configured, otherwise one .eml file per message in the outbox."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app
from flask_babel import gettext as _

from ksf_b.db_types import utcnow

log = logging.getLogger(__name__)


def send_mail(to: list[str] | str, subject: str, body: str) -> EmailMessage:
    """Send a plain-text message now (SMTP) or write it to the outbox folder and the log."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = ", ".join([to] if isinstance(to, str) else to)
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="ksf.example")
    message["Date"] = utcnow().strftime("%a, %d %b %Y %H:%M:%S +0000")
    message.set_content(body.rstrip() + "\n\n-- \n" + _signature())
    if config.get("SMTP_HOST"):
        try:
            _send_smtp(message)
        except (smtplib.SMTPException, OSError):
            # The action that sent it (a decision, an invitation) is already saved; keep the
            # message for a retry by hand instead of failing the request.
            log.exception("SMTP failed; message kept in the outbox's undelivered folder")
            _write_outbox(message, subfolder="undelivered")
    else:
        _write_outbox(message)
    log.info("mail to %s: %s", message["To"], subject)
    return message


def _signature() -> str:
    """Every message says how to reach the KSF (CONTACT_EMAIL, CONTACT_PHONE)."""
    from ksf_b.display import contact_text

    return _("Vragen? Neem contact op met de KSF: %(contact)s.", contact=contact_text())


def _send_smtp(message: EmailMessage) -> None:
    config = current_app.config
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=30) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config.get("SMTP_USER"):
            smtp.login(config["SMTP_USER"], config["SMTP_PASSWORD"])
        smtp.send_message(message)


def _write_outbox(message: EmailMessage, subfolder: str = "") -> None:
    outbox = current_app.config["MAIL_OUTBOX"] / subfolder
    outbox.mkdir(parents=True, exist_ok=True)
    stamp = utcnow().strftime("%Y%m%dT%H%M%S%f")
    msgid = message["Message-ID"].strip("<>").split("@")[0]
    path = outbox / f"{stamp}-{msgid}.eml"
    path.write_bytes(bytes(message))
