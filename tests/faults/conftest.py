"""The production shape for the fault tests: PostgreSQL, Redis, the S3 server, gunicorn and a
media worker, each started for real on loopback so a test can kill or stop any of them.

The test process holds its own app on the same database and bucket to seed the world and to
check, at the end of every test, that nothing was lost or doubled (`check_integrity`).
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from flask import Flask

from bench.recorder import RecorderClient, TakeRecord, split
from bench.world import PASSWORD, THEORY_CODE, seed_exam_day, seed_theory
from ksf_b import create_app
from ksf_b.extensions import db
from tests.factories.accounts import PASSWORD as RATER_PASSWORD
from tests.faults.traffic import Rater, SideTraffic, TheorySitter
from tests.support.servers import ROOT, WebServer
from tests.support.services import PostgresServer, RedisServer, S3Server

BUCKET = "ksf-faults"


@dataclass
class Stack:
    app: Flask
    pg: PostgresServer
    redis: RedisServer
    s3: S3Server
    web: WebServer
    env: dict[str, str]
    accounts: list[str]
    sitters: list[str] = field(default_factory=list)  # A-test candidates, enrolled
    raters: list[tuple[str, str]] = field(default_factory=list)  # (assessor, assignment)
    workers: list[subprocess.Popen] = field(default_factory=list)
    used: int = 0

    def start_worker(self) -> subprocess.Popen:
        worker = subprocess.Popen(
            [sys.executable, "-m", "media.worker"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.workers.append(worker)
        return worker

    def kill_worker(self, worker: subprocess.Popen) -> None:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)

    def stop_workers(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    self.kill_worker(worker)
        self.workers = [w for w in self.workers if w.poll() is None]

    def client(self, **kwargs) -> RecorderClient:  # type: ignore[no-untyped-def]
        """A logged-in candidate who has not recorded yet (each call: the next account)."""
        email = self.accounts[self.used]
        self.used += 1
        client = RecorderClient(self.web.url, resilient=True, **kwargs)
        client.login(email, PASSWORD)
        return client

    def side_traffic(self, sitters: int = 2, raters: int = 2) -> SideTraffic:
        """Logged-in A-test candidates and assessors who have not answered or rated yet."""
        people: list = []
        for _ in range(sitters):
            client = RecorderClient(self.web.url, resilient=True)
            client.login(self.sitters.pop(0), PASSWORD)
            people.append(TheorySitter(client, THEORY_CODE))
        for _ in range(raters):
            email, assignment = self.raters.pop(0)
            client = RecorderClient(self.web.url, resilient=True)
            client.login(email, RATER_PASSWORD)
            people.append(Rater(client, assignment))
        return SideTraffic(people[:sitters], people[sitters:])


def _seed_side_traffic(rated: int) -> tuple[list[str], list[tuple[str, str]]]:
    """The A test (demo bank, enrolled candidates, an open session) and `rated` candidates
    whose part 2 is handed in, each assigned to both of two assessors."""
    from assessors import assignment as assign_ops
    from tests.factories import Factory

    make = Factory(db)
    make.theory_bank()
    sitters = seed_theory(2 * rated, prefix="fault")
    assessors = [make.assessor(max_open=rated), make.assessor(max_open=rated)]
    emails = {a.id: a.email for a in assessors}
    raters = []
    for _ in range(rated):
        candidate = make.submitted_part2(ready=True)
        raters += [
            (emails[a.assessor_id], a.public_id) for a in assign_ops.active_assignments(candidate)
        ]
    db.session.commit()
    return sitters, raters


@pytest.fixture(scope="package")
def stack() -> Iterator[Stack]:
    pg, redis, s3 = PostgresServer(), RedisServer(), S3Server()
    pg.start()
    redis.start()
    s3.start()
    folder = tempfile.mkdtemp(prefix="ksf-faults-")
    env = {
        **os.environ,
        "KSF_ENV": "production",
        "SECRET_KEY": "fault-tests-secret-key-0123456789abcdef",
        "SESSION_COOKIE_SECURE": "0",
        "KSF_INSTANCE_PATH": folder,
        "DATABASE_URL": pg.url,
        "QUEUE_URL": redis.url,
        "RATELIMIT_STORAGE_URI": redis.url.replace("/0", "/1"),
        "LOGIN_RATE_LIMIT": "100000 per minute",
        "LOGIN_ADDRESS_RATE_LIMIT": "100000 per minute",
        "STORAGE_BACKEND": "s3",
        "S3_ENDPOINT_URL": s3.url,
        "S3_BUCKET": BUCKET,
        "S3_ACCESS_KEY_ID": "testing",
        "S3_SECRET_ACCESS_KEY": "testing",
        "JOB_LEASE_SECONDS": "15",  # generous: heartbeats come late on a busy machine
        "JOB_SWEEP_SECONDS": "2",
        "JOB_REDISPATCH_AFTER_SECONDS": "3",
        "WORKER_CONCURRENCY": "2",
        "MEDIA_X264_PRESET": "slower",  # a transcode long enough to kill a worker mid-way
        "PROMETHEUS_MULTIPROC_DIR": os.path.join(folder, "prometheus"),
    }
    Path(env["PROMETHEUS_MULTIPROC_DIR"]).mkdir()
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=pg.url,
        STORAGE_BACKEND="s3",
        S3_ENDPOINT_URL=s3.url,
        S3_BUCKET=BUCKET,
        S3_ACCESS_KEY_ID="testing",
        S3_SECRET_ACCESS_KEY="testing",
    )
    from media import queue

    previous_queue = queue.current_url()
    queue.configure(redis.url)
    with app.app_context():
        db.create_all()
        accounts = seed_exam_day(40, prefix="fault")["candidates"]
        sitters, raters = _seed_side_traffic(rated=2)
    web = WebServer(env)
    web.start()
    running = Stack(app, pg, redis, s3, web, env, accounts, sitters, raters)
    running.start_worker()
    try:
        yield running
    finally:
        running.stop_workers()
        web.stop()
        queue.configure(previous_queue)
        redis.stop()
        s3.stop()
        pg.destroy()


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *args], check=True)


@pytest.fixture(scope="package")
def recordings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """A short H.264 fragmented MP4 (Chrome's MP4 mode: remux) and a VP8 WebM (transcoded;
    the stack's workers use a slow x264 preset, so a worker can be killed while its ffmpeg
    runs)."""
    folder = tmp_path_factory.mktemp("recordings")
    video = "testsrc2=size=320x240:rate=30:duration={s}"
    audio = "sine=frequency=440:sample_rate=48000:duration={s}"
    _ffmpeg(
        "-f", "lavfi", "-i", video.format(s=6), "-f", "lavfi", "-i", audio.format(s=6),
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-g", "30",
        "-c:a", "libopus", "-movflags", "frag_keyframe+empty_moov", str(folder / "chrome.mp4"),
    )  # fmt: skip
    _ffmpeg(
        "-f", "lavfi", "-i", video.format(s=10),
        "-f", "lavfi", "-i", audio.format(s=10),
        "-c:v", "libvpx", "-b:v", "400k", "-deadline", "realtime", "-cpu-used", "16",
        "-c:a", "libopus", str(folder / "long.webm"),
    )  # fmt: skip
    return {
        "mp4": (folder / "chrome.mp4").read_bytes(),
        "webm": (folder / "long.webm").read_bytes(),
    }


MP4_MIME = "video/mp4;codecs=avc1,opus"


def mp4_chunks(recordings: dict[str, bytes]) -> list[bytes]:
    return split(recordings["mp4"], 6)


def ffmpeg_running_in(group: int) -> bool:
    """Whether an ffmpeg process of this process group (a worker's) is running now."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # it ended meanwhile
            continue
        name, rest = text[text.find("(") + 1 : text.rfind(")")], text[text.rfind(")") + 2 :]
        if name == "ffmpeg" and int(rest.split()[2]) == group:  # state, ppid, pgrp
            return True
    return False


def wait_until(condition, timeout: float = 90.0, every: float = 0.25) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def check_integrity(stack: Stack, takes: list[TakeRecord], timeout: float = 120.0) -> None:
    """Every recorded take complete, processed and verified; nothing lost, nothing doubled."""
    from sqlalchemy import func, select

    from ksf_b.assessment.models import Response, Take
    from media.models.asset import AssetStatus
    from media.models.job import Job, JobStatus
    from media.storage import get_storage

    ids = [t.take_id for t in takes]
    with stack.app.app_context():

        def all_ready() -> bool:
            db.session.expire_all()
            rows = db.session.scalars(select(Take).where(Take.public_id.in_(ids))).all()
            return len(rows) == len(ids) and all(
                r.asset.status in (AssetStatus.READY, AssetStatus.FAILED) for r in rows
            )

        assert wait_until(all_ready, timeout), "not every take was processed in time"
        storage = get_storage()
        for record in takes:
            take = db.session.scalar(select(Take).where(Take.public_id == record.take_id))
            asset = take.asset
            assert asset.status is AssetStatus.READY, (record.take_id, asset.failure_reason)
            assert (asset.original_sha256, asset.original_size) == (record.sha256, record.size)
            with storage.open(asset.original_key) as original:
                assert hashlib.sha256(original.read()).hexdigest() == record.sha256
            assert storage.size(asset.processed_key) == asset.processed_size
            keys = [f"process_media:{asset.id}", f"process_media:{asset.id}:silent"]
            jobs = db.session.scalars(select(Job).where(Job.idempotency_key.in_(keys))).all()
            assert len(jobs) == 1 and jobs[0].status is JobStatus.SUCCEEDED, jobs
            processed = storage.client.list_objects_v2(
                Bucket=storage.bucket, Prefix=f"processed/{asset.public_id}"
            )
            assert processed.get("KeyCount") == 1, processed.get("Contents")
            if record.confirmed:
                response = db.session.get(Response, take.response_id)
                assert response.confirmed_take_id == take.id
        # nothing doubled: one take per number per response, one job per asset
        doubled = db.session.execute(
            select(Take.response_id, Take.number, func.count())
            .group_by(Take.response_id, Take.number)
            .having(func.count() > 1)
        ).all()
        assert not doubled
