"""Faults that will happen on an exam day, injected into the real production shape.

Each test ends with `check_integrity`: every recorded take complete, processed and verified
(original hash as sent, one processed file, one job), confirmed answers still confirmed, no
take doubled. During the web server crash and the database outage, candidates also sit the
A test and assessors save rating scores (tests/faults/traffic.py); `check_side_traffic` then
finds every acknowledged answer and score stored with the value sent, none doubled.
"""

from __future__ import annotations

import threading
import time

import pytest
import requests

from tests.faults.conftest import (
    MP4_MIME,
    check_integrity,
    ffmpeg_running_in,
    mp4_chunks,
    wait_until,
)
from tests.faults.traffic import check_side_traffic

pytestmark = [
    pytest.mark.faults,
    pytest.mark.slow,
    pytest.mark.s3,
    pytest.mark.redis,
    pytest.mark.timeout(900),
]


def _job_of(stack, take_id: str):  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from ksf_b.assessment.models import Take
    from ksf_b.extensions import db
    from media.models.job import Job

    db.session.expire_all()
    take = db.session.scalar(select(Take).where(Take.public_id == take_id))
    return db.session.scalar(
        select(Job).where(Job.idempotency_key == f"process_media:{take.asset_id}")
    )


def _record_in_threads(stack, clients, chunks, every: float, during=None, traffic=None):  # type: ignore[no-untyped-def]
    """Each client records one take in its own thread; `during()` runs while they send (and
    while the side traffic, if any, answers and rates)."""
    takes, errors = [None] * len(clients), []

    def run(position: int) -> None:
        try:
            takes[position] = clients[position].record(chunks, MP4_MIME, every=every)
        except Exception as error:  # reported below, with the fault's context
            errors.append(repr(error))

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(clients))]
    for thread in threads:
        thread.start()
    if traffic is not None:
        traffic.start()
    try:
        if during is not None:
            during()
    finally:  # a failing check must not leave clients running into the next test
        for thread in threads:
            thread.join(timeout=300)
        if traffic is not None:
            traffic.join()
    assert not errors, errors
    return takes


def test_worker_killed_mid_transcode_finishes_after_restart_with_one_file(stack, recordings):
    client = stack.client()
    webm = recordings["webm"]
    parts = [webm[i : i + 100_000] for i in range(0, len(webm), 100_000)]
    take = client.record(parts, "video/webm;codecs=vp8,opus")
    with stack.app.app_context():
        # mid-transcode: the job is running and the worker's ffmpeg is at work (progress alone
        # comes with the heartbeat, every JOB_LEASE_SECONDS / 5 = 3 s: later than a short
        # transcode on an idle machine ends)
        assert wait_until(
            lambda: (
                (job := _job_of(stack, take.take_id)) is not None
                and job.status.value == "running"
                and any(ffmpeg_running_in(w.pid) for w in stack.workers)
            ),
            timeout=120,
            every=0.05,
        ), "the transcode did not start"
        for worker in list(stack.workers):
            stack.kill_worker(worker)
        stack.workers.clear()
        job = _job_of(stack, take.take_id)
        assert job.status.value == "running"  # the dead worker still holds the lease
        stack.start_worker()
        assert wait_until(lambda: _job_of(stack, take.take_id).status.value == "succeeded", 180)
        assert _job_of(stack, take.take_id).attempts >= 2  # the killed run counted
    check_integrity(stack, [take])


def test_web_server_killed_and_restarted_during_uploads_loses_nothing(stack, recordings):
    # two send their chunks through the app (a page loaded before direct mode), one straight
    # to S3 (direct mode: its chunks flow on while the web server is down)
    clients = [stack.client(app_route=True), stack.client(app_route=True), stack.client()]
    traffic = stack.side_traffic()

    def crash_and_restart() -> None:
        time.sleep(1.0)
        stack.web.kill()
        time.sleep(2.0)
        stack.web.start()

    takes = _record_in_threads(
        stack, clients, mp4_chunks(recordings), 0.4, crash_and_restart, traffic
    )
    assert sum(c.retries for c in clients) > 0, "the crash did not hit any request"
    assert traffic.retries > 0, "the crash did not hit any answer or score"
    for client, take in zip(clients, takes, strict=True):
        assert client.wait_processed(take) == "ready"
        client.confirm(take)
    check_integrity(stack, takes)
    check_side_traffic(stack.app, traffic)


def test_storage_down_gives_retryable_503_and_health_says_so(stack, recordings):
    chunks = mp4_chunks(recordings)
    client = stack.client()
    take = client.open_take()
    client.put_chunk(take, 0, chunks[0])
    assert take.direct is True  # S3 storage: chunks go straight to the store
    stack.s3.stop()
    try:
        health = requests.get(f"{stack.web.url}/healthz", timeout=30)
        assert health.status_code == 503
        assert health.json()["checks"]["storage"] == {
            **health.json()["checks"]["storage"],
            "backend": "s3",
            "ok": False,
        }
        plain = client.http.put(
            f"{stack.web.url}{take.upload_url}/chunks/1",
            data=chunks[1],
            headers={
                "X-CSRFToken": client.token,
                "Content-Type": "application/octet-stream",
                "X-Chunk-Sha256": __import__("hashlib").sha256(chunks[1]).hexdigest(),
            },
            timeout=60,
        )
        assert plain.status_code == 503  # the app route (an old page) says so
        assert "opslag is tijdelijk niet beschikbaar" in plain.json()["error"]
        take.targets.clear()  # presigned URLs are signed locally: the app hands them out still
        assert client._target(take, 1)["url"].startswith(stack.s3.url)
        restart = threading.Timer(3.0, stack.s3.start)
        restart.start()
        retries = client.retries
        for index in range(1, len(chunks)):  # the recorder keeps the chunks and retries
            client.put_chunk(take, index, chunks[index])
        restart.join()
        assert client.retries > retries  # the store was unreachable for a while
    finally:
        if stack.s3.server is None:
            stack.s3.start()
    client.finalize(take, chunks, MP4_MIME)
    assert requests.get(f"{stack.web.url}/healthz", timeout=30).status_code == 200
    assert client.wait_processed(take) == "ready"
    check_integrity(stack, [take])


def test_database_down_gives_dutch_503_and_no_corruption(stack, recordings):
    clients = [stack.client() for _ in range(3)]
    traffic = stack.side_traffic()
    seen: list[tuple[int, str]] = []

    def stop_database_for_a_while() -> None:
        time.sleep(0.8)
        stack.pg.stop("fast")
        try:
            for _ in range(3):
                answer = requests.get(f"{stack.web.url}/accounts/login", timeout=30)
                page = clients[0].http.get(f"{stack.web.url}/assessment/api/current", timeout=30)
                seen.append((page.status_code, page.text))
                seen.append((requests.get(f"{stack.web.url}/healthz", timeout=30).status_code, ""))
                del answer
                time.sleep(1)
        finally:  # whatever this test finds, the next fault test gets its database back
            stack.pg.start()

    # The checks below use plain requests on connections the recorders share: a refused chunk
    # PUT once left gunicorn closing such a connection after a keep-alive answer
    # (tests/faults/test_keepalive.py); they must not need a retry.
    takes = _record_in_threads(
        stack, clients, mp4_chunks(recordings), 0.4, stop_database_for_a_while, traffic
    )
    statuses = [s for c in clients for s in c.statuses] + [s for s, _ in seen]
    assert 503 in statuses and 500 not in statuses, statuses
    assert 503 in traffic.statuses and 500 not in traffic.statuses, traffic.statuses
    assert any("database is even niet bereikbaar" in text for _status, text in seen)
    for client, take in zip(clients, takes, strict=True):
        assert client.wait_processed(take) == "ready"
        client.confirm(take)
    check_integrity(stack, takes)
    check_side_traffic(stack.app, traffic)


def test_redis_down_while_jobs_are_queued_loses_no_job(stack, recordings):
    chunks = mp4_chunks(recordings)
    clients = [stack.client() for _ in range(3)]
    stack.redis.stop()
    try:
        takes = [c.record(chunks, MP4_MIME) for c in clients]  # finalize queues the jobs
        health = requests.get(f"{stack.web.url}/healthz", timeout=30).json()
        assert health["checks"]["queue"]["ok"] is False
        with stack.app.app_context():
            assert all(_job_of(stack, t.take_id).status.value == "queued" for t in takes)
        time.sleep(2)
    finally:
        stack.redis.start()
    for client, take in zip(clients, takes, strict=True):
        assert client.wait_processed(take, timeout=120) == "ready"
    check_integrity(stack, takes)
