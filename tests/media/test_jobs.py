"""The job row's life cycle: idempotency, dispatch after commit, atomic claim, retries, leases."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from flask import Flask

from ksf_b.accounts.models import Role
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from media import jobs
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.models.job import Job, JobStatus
from media.queue import huey

KIND = "process_media"


@pytest.fixture
def queue(app_ctx: Flask):  # type: ignore[no-untyped-def]
    """The real (SQLite) Huey queue of the test instance, emptied before and after."""
    huey.flush()
    yield huey
    huey.flush()


def queued_job_ids(queue) -> list[int]:  # type: ignore[no-untyped-def]
    return [task.args[0] for task in queue.pending()]


def new_job(key: str = "k1", **fields: object) -> Job:
    job = jobs.create_job(KIND, {"asset_id": 0}, key)
    for name, value in fields.items():
        setattr(job, name, value)
    db.session.commit()
    return job


def test_the_idempotency_key_gives_back_the_same_job(queue) -> None:  # type: ignore[no-untyped-def]
    first = jobs.create_job(KIND, {"asset_id": 1}, "same")
    second = jobs.create_job(KIND, {"asset_id": 1}, "same")
    db.session.commit()
    assert first.id == second.id
    assert db.session.query(Job).count() == 1
    assert queued_job_ids(queue) == [first.id]


def test_a_job_is_dispatched_only_after_its_commit(queue) -> None:  # type: ignore[no-untyped-def]
    job = jobs.create_job(KIND, {"asset_id": 1}, "k")
    db.session.flush()
    assert queued_job_ids(queue) == []
    db.session.commit()
    assert queued_job_ids(queue) == [job.id]


def test_a_rolled_back_job_is_never_dispatched(queue) -> None:  # type: ignore[no-untyped-def]
    jobs.create_job(KIND, {"asset_id": 1}, "k")
    db.session.rollback()
    db.session.add(MediaAsset(kind=AssetKind.RECORDING))
    db.session.commit()  # a later commit must not carry the rolled-back job along
    assert queued_job_ids(queue) == []
    assert db.session.query(Job).count() == 0


def test_a_second_claim_of_the_same_job_loses(queue) -> None:  # type: ignore[no-untyped-def]
    job = new_job()
    claimed = jobs.claim(job.id, "worker-a")
    assert claimed is not None and claimed.status is JobStatus.RUNNING
    assert claimed.worker_id == "worker-a" and claimed.lease_expires_at is not None
    assert jobs.claim(job.id, "worker-b") is None


def test_racing_claims_from_two_connections_have_one_winner(app: Flask, queue) -> None:  # type: ignore[no-untyped-def]
    job_id = new_job().id
    barrier = threading.Barrier(2)
    winners: list[str] = []

    def race(worker: str) -> None:
        with app.app_context():
            barrier.wait()
            if jobs.claim(job_id, worker) is not None:
                winners.append(worker)
            db.session.remove()

    threads = [threading.Thread(target=race, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1


def test_a_job_is_not_claimed_before_its_back_off_ends(queue) -> None:  # type: ignore[no-untyped-def]
    job = new_job(run_after=utcnow() + timedelta(minutes=5))
    assert jobs.claim(job.id, "w") is None


def test_back_off_grows_exponentially_with_jitter_and_a_ceiling() -> None:
    assert jobs.backoff_seconds(1, rng=lambda: 0.0) == 5.0
    assert jobs.backoff_seconds(1, rng=lambda: 1.0) == 10.0
    assert jobs.backoff_seconds(3, rng=lambda: 1.0) == 40.0
    assert jobs.backoff_seconds(30, rng=lambda: 1.0) == jobs.BACKOFF_MAX_SECONDS


def test_a_transient_failure_queues_again_later_until_max_attempts(queue) -> None:  # type: ignore[no-untyped-def]
    job = new_job(max_attempts=2)
    jobs.claim(job.id, "w")
    jobs.fail_transient(job, "storage timeout")
    db.session.commit()
    assert (job.status, job.attempts) == (JobStatus.QUEUED, 1)
    assert jobs.claim(job.id, "w") is None  # still backing off
    retries = [task for task in queue.pending() if task.eta is not None]
    assert [task.args[0] for task in retries] == [job.id]  # the retry waits on the queue
    job.run_after = utcnow() - timedelta(seconds=1)
    db.session.commit()
    job = jobs.claim(job.id, "w")
    jobs.fail_transient(job, "storage timeout again")
    db.session.commit()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 2)
    assert "giving up" in job.log


def test_a_permanent_failure_is_not_retried(queue) -> None:  # type: ignore[no-untyped-def]
    job = new_job()
    jobs.claim(job.id, "w")
    jobs.fail_permanent(job, "Invalid data found when processing input")
    db.session.commit()
    assert (job.status, job.attempts) == (JobStatus.FAILED, 1)
    assert job.finished_at is not None


def test_a_storage_error_is_transient_and_retried_with_back_off(app_ctx: Flask, queue) -> None:  # type: ignore[no-untyped-def]
    asset = MediaAsset(kind=AssetKind.RECORDING, status=AssetStatus.QUEUED)
    db.session.add(asset)
    db.session.flush()
    asset.original_key = f"originals/{asset.public_id}"  # never stored: the backend fails
    job = jobs.create_job(KIND, {"asset_id": asset.id}, "storage-error")
    db.session.commit()
    assert jobs.execute(job.id, "w") is JobStatus.QUEUED
    db.session.expire_all()
    assert job.attempts == 1 and "storage" in job.last_error
    assert asset.status is not AssetStatus.FAILED


def test_an_expired_lease_is_reaped_and_dispatched_again(queue) -> None:  # type: ignore[no-untyped-def]
    job = new_job()
    jobs.claim(job.id, "dead")
    queue.flush()
    job.lease_expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert jobs.reap_expired_leases() == [job.id]
    db.session.expire_all()
    assert (job.status, job.attempts, job.worker_id) == (JobStatus.QUEUED, 1, None)
    assert queued_job_ids(queue) == [job.id]
    assert jobs.heartbeat(job.id, "dead") is False  # the dead worker cannot come back
    assert jobs.claim(job.id, "alive") is not None


def test_a_live_lease_is_not_reaped_and_heartbeats_extend_it(queue) -> None:  # type: ignore[no-untyped-def]
    job = new_job()
    jobs.claim(job.id, "w")
    assert jobs.heartbeat(job.id, "w", progress=0.5) is True
    assert jobs.reap_expired_leases() == []
    db.session.expire_all()
    assert job.progress == 0.5


def test_reaping_the_last_attempt_fails_the_job_and_the_asset(app: Flask, make, queue) -> None:  # type: ignore[no-untyped-def]
    make.user(Role.ADMIN)
    asset = MediaAsset(kind=AssetKind.RECORDING, status=AssetStatus.PROCESSING)
    db.session.add(asset)
    db.session.flush()
    job = jobs.create_job(KIND, {"asset_id": asset.id}, "last")
    job.max_attempts = 1
    db.session.commit()
    jobs.claim(job.id, "dead")
    job.lease_expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    jobs.reap_expired_leases()
    db.session.expire_all()
    assert job.status is JobStatus.FAILED
    assert asset.status is AssetStatus.FAILED and asset.failure_reason


def test_dispatch_pending_redelivers_only_jobs_left_waiting(queue) -> None:  # type: ignore[no-untyped-def]
    stale = new_job("stale", run_after=utcnow() - timedelta(minutes=10))
    new_job("fresh")
    queue.flush()
    assert jobs.dispatch_pending() == [stale.id]
    assert queued_job_ids(queue) == [stale.id]


def test_the_log_keeps_its_tail() -> None:
    job = Job(kind=KIND, payload={}, idempotency_key="x", log="")
    for number in range(5000):
        job.append_log(f"line {number}")
    assert len(job.log) <= 20_000
    assert job.log.endswith("line 4999\n")


def test_a_job_of_an_unknown_kind_fails_without_retry(queue) -> None:  # type: ignore[no-untyped-def]
    job = jobs.create_job("no-such-kind", {}, "unknown")
    db.session.commit()
    assert jobs.execute(job.id, "w") is JobStatus.FAILED
    assert "no handler" in job.last_error
