"""Huey tasks: thin wrappers that take ids and call plain functions inside the Flask app.

The app is built once per worker process (not per task) and each task runs in its own
app context, so every task gets a fresh database session.
"""

from __future__ import annotations

import logging
import os
import socket
import threading

from flask import Flask

from media.queue import huey

log = logging.getLogger(__name__)

_app: Flask | None = None
_app_lock = threading.Lock()


def worker_app() -> Flask:
    """Return this process's Flask app, created on first use."""
    global _app
    with _app_lock:
        if _app is None:
            from ksf_b.app import create_app

            _app = create_app()
        return _app


def use_app(app: Flask) -> None:
    """Run tasks in the given app (a process that already has one, e.g. the test runner)."""
    global _app
    _app = app


def worker_id() -> str:
    """Name this worker thread so a job row says who holds it."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.current_thread().name}"


@huey.task(name="media.run_job")
def run_job(job_id: int) -> None:
    """Claim and run one job; a delivery for a job someone else holds is ignored."""
    from media.jobs import execute
    from media.observe import observed_run

    with worker_app().app_context():
        observed_run(job_id, lambda: execute(job_id, worker_id()))


def on_every_check(_now: object) -> bool:
    """Run at every scheduler check (every JOB_SWEEP_SECONDS in `media.worker`)."""
    return True


@huey.periodic_task(on_every_check, name="media.sweep")
def sweep() -> None:
    """Re-queue jobs of dead workers and re-dispatch queued jobs nobody picked up."""
    from media.jobs import sweep as sweep_jobs

    with worker_app().app_context():
        reaped, dispatched = sweep_jobs()
        if reaped or dispatched:
            log.info("sweep: reaped %s, re-dispatched %s", reaped, dispatched)
