"""Tell the administrators when a media file could not be processed."""

from __future__ import annotations

import logging

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from ksf_b.accounts.models import Role, User
from ksf_b.extensions import db
from ksf_b.mail import send_mail
from media.models.asset import MediaAsset
from media.models.job import Job

log = logging.getLogger(__name__)


def active_admin_emails() -> list[str]:
    """Return the addresses of every active administrator."""
    query = select(User.email).where(User.role == Role.ADMIN, User.is_active_account.is_(True))
    return sorted(db.session.scalars(query).all())


def alert_processing_failed(asset: MediaAsset, job: Job) -> bool:
    """E-mail all active admins that an asset failed for good; False when there is nobody."""
    recipients = active_admin_emails()
    if not recipients:
        log.error("asset %s failed and there is no active admin to alert", asset.public_id)
        return False
    subject = _("Verwerking van een video mislukt (%(kind)s)", kind=asset.kind.value)
    body = "\n".join(
        [
            _("Een video kon niet worden verwerkt. Het originele bestand is bewaard."),
            "",
            _("Video: %(public_id)s (%(kind)s)", public_id=asset.public_id, kind=asset.kind.value),
            _("Reden voor de gebruiker: %(reason)s", reason=asset.failure_reason or "-"),
            _("Taak: %(job_id)s, pogingen: %(attempts)s", job_id=job.id, attempts=job.attempts),
            _("Technische fout:"),
            job.last_error or "-",
            "",
            _("Beheer: %(url)s", url=current_app.config["BASE_URL"].rstrip("/") + "/admin"),
        ]
    )
    send_mail(recipients, subject, body)
    return True
