"""`python -m media.worker`: the Huey consumer for media jobs (threads, no extra server).

`make run` starts it next to the web server (see `ksf_b.cli`). Settings from the
environment: QUEUE_URL, WORKER_CONCURRENCY (default 2), JOB_SWEEP_SECONDS (default 30),
WORKER_NICE (default 0: the worker's CPU priority; `make run-prod` sets 10 because there the
worker and its ffmpeg share the cores with the web processes, which must answer first),
KSF_TASK_MODULES (the app config's TASK_MODULES: the modules that register the other
packages' periodic tasks; media/ itself names none of them).
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Iterable

from huey.consumer import Consumer, Scheduler

from media.queue import current_url, huey
from media.tasks import worker_app

log = logging.getLogger("media.worker")


def register_task_modules(names: Iterable[str]) -> list[str]:
    """Import each named module so its Huey tasks are registered; return the names imported.

    A name that does not import raises at once: a worker must not start without work it
    was configured to do.
    """
    imported = []
    for name in names:
        importlib.import_module(name)
        imported.append(name)
    return imported


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


def lower_priority(niceness: int) -> int:
    """Lower this process's CPU priority by `niceness` (ffmpeg children inherit it); return it.

    A transcode may wait; a candidate's chunk PUT may not. On a machine shared with the web
    processes the worker takes the CPU they leave; on its own machine 0 changes nothing.
    """
    if niceness <= 0:
        return os.nice(0)
    return os.nice(niceness)


def main() -> None:
    """Start consuming until SIGTERM/SIGINT."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    niceness = lower_priority(int(os.environ.get("WORKER_NICE", "0")))
    workers = int(os.environ.get("WORKER_CONCURRENCY", "2"))
    sweep_seconds = int(os.environ.get("JOB_SWEEP_SECONDS", "30"))
    app = worker_app()  # fail fast on a bad configuration, before taking any work
    modules = register_task_modules(app.config["TASK_MODULES"])
    log.info(
        "media worker: %s threads, nice %s, queue %s, sweep every %ss, tasks of %s",
        workers,
        niceness,
        current_url(),
        sweep_seconds,
        ", ".join(modules) or "media only",
    )
    build_consumer(workers, sweep_seconds).run()


if __name__ == "__main__":
    main()
