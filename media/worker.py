"""`python -m media.worker`: the Huey consumer for media jobs (threads, no extra server).

`make run` starts it next to the web server (see `ksf_b.cli`). Settings from the
environment: QUEUE_URL, WORKER_CONCURRENCY (default 2), JOB_SWEEP_SECONDS (default 30).
"""

from __future__ import annotations

import logging
import os

from huey.consumer import Consumer, Scheduler

import ksf_b.assessment.tasks
import ksf_b.privacy.tasks  # noqa: F401  (registers the nightly retention sweep)
import theory.tasks  # noqa: F401  (registers the closing of overdue A-test sittings)
from media.queue import current_url, huey
from media.tasks import worker_app

log = logging.getLogger("media.worker")


def sweep_scheduler(seconds: int) -> type[Scheduler]:
    """Return a Scheduler class that runs the periodic sweep every `seconds`."""
    return type("SweepScheduler", (Scheduler,), {"periodic_task_seconds": seconds})


def build_consumer(workers: int, sweep_seconds: int) -> Consumer:
    """Create the Huey consumer: worker threads plus a scheduler for retries and the sweep."""
    consumer_class = type(
        "MediaConsumer", (Consumer,), {"scheduler_class": sweep_scheduler(sweep_seconds)}
    )
    return consumer_class(
        huey,
        workers=workers,
        worker_type="thread",
        periodic=True,
        scheduler_interval=1,
        initial_delay=0.1,
        max_delay=1.0,
        check_worker_health=True,
    )


def main() -> None:
    """Start consuming until SIGTERM/SIGINT."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    workers = int(os.environ.get("WORKER_CONCURRENCY", "2"))
    sweep_seconds = int(os.environ.get("JOB_SWEEP_SECONDS", "30"))
    worker_app()  # fail fast on a bad configuration, before taking any work
    log.info(
        "media worker: %s threads, queue %s, sweep every %ss", workers, current_url(), sweep_seconds
    )
    build_consumer(workers, sweep_seconds).run()


if __name__ == "__main__":
    main()
