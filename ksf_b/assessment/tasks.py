"""Periodic work of the assessment, run by the media worker's Huey scheduler."""

from __future__ import annotations

import logging

from huey import crontab

from media.queue import huey

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(minute="5"), name="assessment.reminders")
def send_reminders() -> None:
    """Hourly: e-mail the candidates' deadline reminders that are due (reruns are safe)."""
    from ksf_b.assessment.reminders import send_due_reminders
    from ksf_b.db_types import utcnow
    from ksf_b.extensions import db
    from media.tasks import worker_app

    with worker_app().app_context():
        sent = send_due_reminders(utcnow())
        db.session.commit()
        if sent:
            log.info("sent %s deadline reminders", len(sent))
