"""Periodic work of the A test, run by the media worker's Huey scheduler."""

from __future__ import annotations

import logging

from media.queue import huey
from media.tasks import on_every_check

log = logging.getLogger(__name__)


def close_overdue_now() -> int:
    """Close and score the overdue sittings in the current app context; commit."""
    from ksf_b.extensions import db
    from theory.operations import close_overdue

    closed = close_overdue()
    db.session.commit()
    return len(closed)


@huey.periodic_task(on_every_check, name="theory.close_overdue")
def close_overdue_sittings() -> None:
    """At every scheduler check (30 s): sittings past deadline plus grace are closed and scored."""
    from media.tasks import worker_app

    with worker_app().app_context():
        closed = close_overdue_now()
        if closed:
            log.info("closed %s overdue theory sittings", closed)
