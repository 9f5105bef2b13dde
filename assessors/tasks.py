"""Periodic work of the rating, run by the media worker's Huey scheduler."""

from __future__ import annotations

import logging

from huey import crontab

from media.queue import huey

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(minute="5"), name="assessors.rating_reminders")
def send_rating_reminders_task() -> None:
    """Hourly: e-mail raters whose rating deadline is near (each is sent once, reruns are safe)."""
    from assessors.assignment import send_rating_reminders
    from ksf_b.db_types import utcnow
    from ksf_b.extensions import db
    from media.tasks import worker_app

    with worker_app().app_context():
        rating = send_rating_reminders(utcnow())
        db.session.commit()
        if rating:
            log.info("sent %s rating deadline reminders", len(rating))
