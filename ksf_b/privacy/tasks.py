"""Periodic work of privacy, run by the media worker's Huey scheduler."""

from __future__ import annotations

import logging

from huey import crontab

from media.queue import huey

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(hour="3", minute="20"), name="privacy.retention")
def retention_sweep() -> None:
    """Nightly: delete material past its retention period and abandoned upload chunks."""
    from ksf_b.privacy.operations import run_retention
    from media.tasks import worker_app

    with worker_app().app_context():
        result = run_retention()
        if result.candidates or result.uploads:
            log.info(
                "retention: %s candidates, %s stale uploads", result.candidates, result.uploads
            )
