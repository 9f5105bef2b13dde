"""Job life cycle on the database row: create, claim, heartbeat, complete, fail, reap, redispatch.

The job row is the source of truth. The queue only carries job ids; a delivery is acted on
only by the worker whose conditional UPDATE claims the row, so a queue that delivers twice
(or a sweeper that re-dispatches a job already delivered) cannot run a job twice at once.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session

from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from media.models.job import LOG_MAX_CHARS, Job, JobStatus

log = logging.getLogger(__name__)

PENDING_KEY = "ksf_jobs_to_dispatch"
BACKOFF_BASE_SECONDS = 10.0
BACKOFF_MAX_SECONDS = 3600.0


class JobError(Exception):
    """A job failed; `transient` says whether trying again later can help."""

    transient = True

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class TransientJobError(JobError):
    """Worth retrying with back-off: a killed process, a storage hiccup, a timeout."""

    transient = True


class PermanentJobError(JobError):
    """Deterministic: the same input fails the same way, so never retry."""

    transient = False


def create_job(kind: str, payload: dict, idempotency_key: str) -> Job:
    """Return the job for this key, creating it (dispatched after the commit) if new."""
    existing = db.session.scalar(select(Job).where(Job.idempotency_key == idempotency_key))
    if existing is not None:
        return existing
    job = Job(
        kind=kind,
        payload=payload,
        idempotency_key=idempotency_key,
        status=JobStatus.QUEUED,
        attempts=0,
        max_attempts=current_app.config["JOB_MAX_ATTEMPTS"],
        run_after=utcnow(),
        log="",
    )
    # No savepoint around the insert: pysqlite turns a first SAVEPOINT into the outer
    # transaction and would commit it on release. A racing duplicate makes the unique
    # key fail the whole transaction instead, and the caller's retry finds this row.
    db.session.add(job)
    db.session.flush()
    dispatch_after_commit(job.id)
    return job


def dispatch_after_commit(job_id: int, eta: datetime | None = None) -> None:
    """Remember a job id; it is pushed to the queue only once the transaction commits."""
    db.session.info.setdefault(PENDING_KEY, []).append((job_id, eta))


def _dispatch(job_id: int, eta: datetime | None = None) -> None:
    from media.queue import enqueue_job

    enqueue_job(job_id, eta=eta)


@event.listens_for(Session, "after_commit")
def _dispatch_committed(session: Session) -> None:
    """Push the jobs created or re-queued in the committed transaction to the queue."""
    pending = session.info.pop(PENDING_KEY, [])
    for job_id, eta in pending:
        try:
            _dispatch(job_id, eta)
        except Exception:  # the sweeper re-dispatches queued jobs, so log and go on
            log.exception("could not dispatch job %s; the sweeper will retry", job_id)


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back(session: Session, previous_transaction) -> None:  # type: ignore[no-untyped-def]
    """Drop pending dispatches when the outermost transaction rolls back."""
    if previous_transaction.parent is None:
        session.info.pop(PENDING_KEY, None)


def claim(job_id: int, worker_id: str) -> Job | None:
    """Atomically take a queued, due job for this worker; None when someone else has it."""
    now = utcnow()
    lease = timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
    result = db.session.execute(
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.QUEUED, Job.run_after <= now)
        .values(
            status=JobStatus.RUNNING,
            worker_id=worker_id,
            heartbeat_at=now,
            lease_expires_at=now + lease,
            progress=0.0,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    if result.rowcount != 1:
        return None
    job = db.session.get(Job, job_id, populate_existing=True)
    return job


def heartbeat(job_id: int, worker_id: str, progress: float | None = None) -> bool:
    """Extend the lease of a running job; False when this worker lost it (reaped).

    Runs on its own connection and commits at once, so it never commits (or waits on)
    the work the job's session has in progress.
    """
    now = utcnow()
    lease = timedelta(seconds=current_app.config["JOB_LEASE_SECONDS"])
    values: dict = {"heartbeat_at": now, "lease_expires_at": now + lease, "updated_at": now}
    if progress is not None:
        values["progress"] = max(0.0, min(1.0, progress))
    statement = (
        update(Job)
        .where(Job.id == job_id, Job.status == JobStatus.RUNNING, Job.worker_id == worker_id)
        .values(**values)
    )
    with db.engine.begin() as connection:
        return connection.execute(statement).rowcount == 1


def complete(job: Job) -> bool:
    """Mark a job succeeded if this worker still holds it (the caller commits)."""
    now = utcnow()
    result = db.session.execute(
        update(Job)
        .where(Job.id == job.id, Job.status == JobStatus.RUNNING, Job.worker_id == job.worker_id)
        .values(
            status=JobStatus.SUCCEEDED,
            finished_at=now,
            updated_at=now,
            lease_expires_at=None,
            progress=1.0,
            last_error=None,
            attempts=Job.attempts + 1,
            log=_appended(job.log, f"{_stamp()} succeeded on attempt {job.attempts + 1}"),
        )
        .execution_options(synchronize_session=False)
    )
    db.session.expire(job)
    return result.rowcount == 1


def _appended(log_text: str | None, line: str) -> str:
    return ((log_text or "") + line.rstrip("\n") + "\n")[-LOG_MAX_CHARS:]


def backoff_seconds(attempts: int, rng: Callable[[], float] = random.random) -> float:
    """Exponential back-off with full jitter in its upper half: base·2^(n-1) · [0.5, 1)."""
    ceiling = min(BACKOFF_MAX_SECONDS, BACKOFF_BASE_SECONDS * 2 ** max(0, attempts - 1))
    return ceiling * (0.5 + 0.5 * rng())


def fail_transient(job: Job, error: str) -> None:
    """Count the attempt; queue again after a back-off, or fail for good at max_attempts."""
    job.attempts += 1
    job.last_error = error[-4000:]
    job.lease_expires_at = None
    job.worker_id = None
    job.append_log(f"{_stamp()} attempt {job.attempts} failed (transient): {error}")
    if job.attempts >= job.max_attempts:
        job.status = JobStatus.FAILED
        job.finished_at = utcnow()
        job.append_log(f"{_stamp()} giving up after {job.attempts} attempts")
    else:
        job.status = JobStatus.QUEUED
        job.run_after = utcnow() + timedelta(seconds=backoff_seconds(job.attempts))
        dispatch_after_commit(job.id, eta=job.run_after)
    db.session.flush()


def fail_permanent(job: Job, error: str) -> None:
    """Fail a job for good: a deterministic error would fail the same way again."""
    job.attempts += 1
    job.status = JobStatus.FAILED
    job.last_error = error[-4000:]
    job.finished_at = utcnow()
    job.lease_expires_at = None
    job.append_log(f"{_stamp()} attempt {job.attempts} failed (permanent): {error}")
    db.session.flush()


def reap_expired_leases(now: datetime | None = None) -> list[int]:
    """Queue again the running jobs whose worker stopped heartbeating (counts an attempt)."""
    now = now or utcnow()
    expired = db.session.scalars(
        select(Job.id).where(Job.status == JobStatus.RUNNING, Job.lease_expires_at < now)
    ).all()
    reaped = []
    for job_id in expired:
        # Conditional again: a heartbeat may have arrived since the SELECT.
        result = db.session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.RUNNING, Job.lease_expires_at < now)
            .values(
                status=JobStatus.QUEUED,
                attempts=Job.attempts + 1,
                worker_id=None,
                lease_expires_at=None,
                run_after=now,
                last_error="lease expired: the worker stopped without finishing",
                updated_at=now,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            reaped.append(job_id)
            job = db.session.get(Job, job_id, populate_existing=True)
            job.append_log(f"{_stamp()} lease expired (worker gone); queued again")
            dispatch_after_commit(job_id)
    _fail_exhausted(reaped, now)
    db.session.commit()
    if reaped:
        log.warning("reaped jobs with expired leases: %s", reaped)
    return reaped


def _fail_exhausted(job_ids: list[int], now: datetime) -> None:
    """Jobs that used their last attempt dying are failed rather than queued again."""
    if not job_ids:
        return
    exhausted = db.session.scalars(
        select(Job).where(Job.id.in_(job_ids), Job.attempts >= Job.max_attempts)
    ).all()
    for job in exhausted:
        db.session.refresh(job)
        job.status = JobStatus.FAILED
        job.finished_at = now
        job.append_log(f"{_stamp()} lease expired on the last attempt; giving up")
        _handlers()[job.kind][1](job, None)
    db.session.flush()


def due_job_ids(older_than: datetime, limit: int = 100) -> list[int]:
    """Return ids of queued jobs that were due before `older_than` and still wait."""
    query = (
        select(Job.id)
        .where(
            Job.status == JobStatus.QUEUED,
            or_(Job.run_after <= older_than, Job.run_after.is_(None)),
        )
        .order_by(Job.run_after)
        .limit(limit)
    )
    return list(db.session.scalars(query).all())


def dispatch_pending(now: datetime | None = None) -> list[int]:
    """Push queued jobs that waited too long to the queue again (crash, lost message).

    Jobs due only recently are left alone: their message is normally still in the queue,
    and a duplicate would be harmless but useless.
    """
    now = now or utcnow()
    grace = timedelta(seconds=current_app.config.get("JOB_REDISPATCH_AFTER_SECONDS", 60))
    job_ids = due_job_ids(now - grace)
    db.session.commit()
    for job_id in job_ids:
        _dispatch(job_id)
    return job_ids


def sweep() -> tuple[list[int], list[int]]:
    """Reap expired leases, then re-dispatch queued jobs nobody picked up; the periodic task."""
    return reap_expired_leases(), dispatch_pending()


def _stamp() -> str:
    return utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")


class LeaseLost(Exception):
    """This worker no longer holds the job (it was reaped); stop without writing."""


FailureHook = Callable[[Job, "JobError | None"], None]


def _handlers() -> dict[str, tuple[Callable[[Job], None], FailureHook]]:
    """Map a job kind to (run, on_failed_for_good)."""
    from media import processing

    return {
        processing.JOB_KIND: (processing.run_process_job, processing.process_job_failed),
    }


def execute(job_id: int, worker_id: str) -> JobStatus | None:
    """Claim a job and run its handler; record success, retry or failure on the row."""
    job = claim(job_id, worker_id)
    if job is None:
        return None
    handlers = _handlers()
    if job.kind not in handlers:
        fail_permanent(job, f"no handler for job kind {job.kind!r}")
        db.session.commit()
        return job.status
    run, on_failed = handlers[job.kind]
    try:
        run(job)
    except LeaseLost:
        db.session.rollback()
        log.warning("job %s: lease lost, another worker takes over", job_id)
        return None
    except JobError as error:
        return _record_failure(job_id, worker_id, error, on_failed)
    except Exception as error:  # anything unexpected is treated as transient, with back-off
        log.exception("job %s: unexpected error", job_id)
        wrapped = TransientJobError(f"{type(error).__name__}: {error}")
        return _record_failure(job_id, worker_id, wrapped, on_failed)
    if not complete(job):
        db.session.rollback()
        log.warning("job %s: finished, but the lease was lost; discarding the result", job_id)
        return None
    db.session.commit()
    return JobStatus.SUCCEEDED


def _still_ours(job_id: int, worker_id: str) -> Job | None:
    job = db.session.get(Job, job_id, populate_existing=True)
    if job is None or job.status != JobStatus.RUNNING or job.worker_id != worker_id:
        return None
    return job


def _record_failure(
    job_id: int, worker_id: str, error: JobError, on_failed: FailureHook
) -> JobStatus | None:
    db.session.rollback()
    job = _still_ours(job_id, worker_id)
    if job is None:
        return None
    message = str(error) + (f"\n{error.detail}" if error.detail else "")
    if error.transient:
        fail_transient(job, message)
    else:
        fail_permanent(job, message)
    if job.status == JobStatus.FAILED:
        on_failed(job, error)
    db.session.commit()
    return job.status
