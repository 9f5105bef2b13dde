"""Real Huey consumers (`python -m media.worker` subprocesses) on SQLite and on Redis."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from ksf_b.config import ROOT
from ksf_b.extensions import db
from media import queue as media_queue
from media.models.asset import AssetStatus, MediaAsset
from media.models.job import Job, JobStatus
from media.processing import request_processing
from tests.media.samples import make_long_webm, store_original
from tests.support.services import redis_server

WAIT_LIMIT = 120.0  # a hang guard only; nothing is asserted about time


def wait_for(condition: Callable[[], bool], what: str, interval: float = 0.05) -> None:
    deadline = time.monotonic() + WAIT_LIMIT
    while time.monotonic() < deadline:
        db.session.expire_all()
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.fixture
def start_worker(database_url: str, tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen]]:
    """Start `python -m media.worker` processes on the test database; stop them afterwards."""
    started: list[subprocess.Popen] = []

    def start(**env: str) -> subprocess.Popen:
        environment = (
            os.environ
            | {
                "KSF_ENV": "testing",
                "DATABASE_URL": database_url,
                "QUEUE_URL": media_queue.current_url(),
                "WORKER_CONCURRENCY": "2",
                "JOB_SWEEP_SECONDS": "1",
            }
            | env
        )
        log = (tmp_path / f"worker-{len(started)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "media.worker"],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def empty_queue(app_ctx: Flask) -> Iterator[None]:
    media_queue.huey.flush()
    yield
    media_queue.huey.flush()


def enqueue(path: Path) -> tuple[MediaAsset, Job]:
    asset = store_original(path)
    job = request_processing(asset)
    db.session.commit()  # the commit dispatches the job to the queue
    return asset, job


def test_an_embedded_sqlite_worker_processes_a_job(
    empty_queue: None, start_worker, media_samples: dict[str, Path]
) -> None:  # type: ignore[no-untyped-def]
    assert media_queue.current_url().startswith("sqlite:///")
    worker = start_worker()
    asset, job = enqueue(media_samples["vp8_opus.webm"])
    wait_for(lambda: asset.status in (AssetStatus.READY, AssetStatus.FAILED), "the asset")
    assert asset.status is AssetStatus.READY, job.log
    assert job.status is JobStatus.SUCCEEDED
    assert f":{worker.pid}:" in job.worker_id


@pytest.mark.redis
def test_a_worker_on_redis_processes_a_job(
    empty_queue: None, start_worker, media_samples: dict[str, Path]
) -> None:  # type: ignore[no-untyped-def]
    sqlite_url = media_queue.current_url()
    with redis_server() as redis_url:
        media_queue.configure(redis_url)
        try:
            assert media_queue.queue_health()[0] is True
            worker = start_worker(QUEUE_URL=redis_url)
            asset, job = enqueue(media_samples["safari.mp4"])
            wait_for(lambda: asset.status in (AssetStatus.READY, AssetStatus.FAILED), "asset")
            assert asset.status is AssetStatus.READY, job.log
            assert asset.processing_path == "remux"
            assert f":{worker.pid}:" in job.worker_id
        finally:
            media_queue.configure(sqlite_url)


@pytest.mark.slow
def test_a_job_of_a_killed_worker_is_reaped_and_finished_by_another(
    empty_queue: None, start_worker, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    long_webm = make_long_webm(tmp_path / "long.webm", seconds=15, size="320x240")
    settings = {"JOB_LEASE_SECONDS": "2", "WORKER_CONCURRENCY": "1"}
    first = start_worker(**settings)
    asset, job = enqueue(long_webm)
    wait_for(lambda: job.status is JobStatus.RUNNING, "the first worker to claim the job")
    assert f":{first.pid}:" in job.worker_id
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert db.session.get(Job, job.id).status is JobStatus.RUNNING  # nobody released it
    second = start_worker(**settings)
    wait_for(lambda: asset.status in (AssetStatus.READY, AssetStatus.FAILED), "the asset")
    assert asset.status is AssetStatus.READY, job.log
    assert job.status is JobStatus.SUCCEEDED
    assert f":{second.pid}:" in job.worker_id
    assert job.attempts == 2  # the killed worker's attempt counts
    assert "lease expired" in job.log
    assert asset.duration_seconds == pytest.approx(15, abs=0.2)


def test_worker_nice_lowers_the_priority_of_the_worker_and_its_children() -> None:
    script = (
        "import os, subprocess; from media.worker import lower_priority; "
        "print(lower_priority(int(os.environ['WORKER_NICE']))); "
        "print(subprocess.run(['sh', '-c', 'nice'], capture_output=True, text=True).stdout)"
    )
    base = os.nice(0)
    for asked, expected in ((0, base), (7, base + 7)):
        out = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True,
            env={**os.environ, "WORKER_NICE": str(asked)},
        ).stdout.split()  # fmt: skip
        assert out == [str(expected), str(expected)]  # ffmpeg, a child, inherits it
