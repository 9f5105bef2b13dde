"""Exam-day traffic for locust (run by `bench/load.py`; only ever against 127.0.0.1).

- RecordingCandidate: logs in, opens a take of the current scenario, sends one recording chunk
  every 2 s (a real H.264 fragmented MP4 cut in slices, as Chrome's MediaRecorder makes them),
  finalizes and confirms it, and goes on with the next scenario.
- Assessor: opens the assessor pages (the rating pages once the rating branch is on main:
  every GET route of the `rating`/`assessors` blueprints it may see), saves scores where such
  an API exists, and streams a processed video with HTTP Range requests.
- TheoryCandidate: sits the A test (an answer every 10-20 s) when the theory package exists.

Request names group the statistics per kind of request ("PUT chunk", "POST finalize", ...).
With S3 storage the take's status says `"direct": true` and the candidate does what the
recorder does then: "POST chunk targets (app)" for 32 chunks at a time and "PUT chunk
(storage)" straight to the S3 server with the presigned URL (docs/upload-protocol.md).
The users are FastHttpUsers (geventhttpclient): the load generator shares the 2 cores with
the servers it measures, and costs several times less CPU per request than requests-based
HttpUsers (locust's documentation; bench/cost.py measures the client's share too).
Environment: BENCH_ACCOUNTS (JSON from bench.world), BENCH_CHUNKS (folder of chunk files),
BENCH_ACCOUNTS also carries, per assessor, the rating pages, draft-save URLs and a take video.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import time
from itertools import count
from pathlib import Path

from locust import FastHttpUser, between, constant_pacing, events, task

# what the takes' chunks hold (bench/load.py makes them and says so)
MIME = os.environ.get("BENCH_MIME", "video/mp4;codecs=avc1,opus")

ACCOUNTS = json.loads(Path(os.environ.get("BENCH_ACCOUNTS", "/dev/null")).read_text() or "{}")
CHUNK_DIR = Path(os.environ.get("BENCH_CHUNKS", "."))
CHUNKS = [p.read_bytes() for p in sorted(CHUNK_DIR.glob("chunk-*.bin"))]
WHOLE_SHA = hashlib.sha256(b"".join(CHUNKS)).hexdigest() if CHUNKS else ""
CHUNK_SHAS = [hashlib.sha256(c).hexdigest() for c in CHUNKS]
CHUNK_MD5S = [hashlib.md5(c).hexdigest() for c in CHUNKS]  # as the browser sends them
TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
LATENCIES = os.environ.get("BENCH_LATENCIES", "")
_samples: list[tuple[float, str, float, int]] = []  # (time, name, ms, failed)
_spawned_at: list[float] = []
_candidates = count()
_assessors = count()
_theory = count()


@events.request.add_listener
def _on_request(name: str, response_time: float, exception: object, **_kwargs: object) -> None:
    """Keep every request's latency with its time, so load.py can tell ramp from steady state."""
    _samples.append((time.time(), name, response_time, 1 if exception else 0))


@events.spawning_complete.add_listener
def _on_spawned(**_kwargs: object) -> None:
    _spawned_at.append(time.time())


@events.test_stop.add_listener
def _on_stop(**_kwargs: object) -> None:
    if LATENCIES:
        body = {"spawned_at": _spawned_at[0] if _spawned_at else None, "samples": _samples}
        Path(LATENCIES).write_text(json.dumps(body))


def login(user: FastHttpUser, email: str) -> str:
    page = user.client.get("/accounts/login", name="GET login page")
    token = TOKEN_RE.search(page.text).group(1)  # type: ignore[union-attr]
    user.client.post(
        "/accounts/login",
        data={"email": email, "password": ACCOUNTS["password"], "csrf_token": token},
        name="POST login",
        allow_redirects=False,
    )
    return user.client.get("/api/csrf-token", name="GET csrf token").json()["csrf_token"]


class RecordingCandidate(FastHttpUser):
    weight = int(os.environ.get("BENCH_RECORDING_WEIGHT", "200"))
    # one turn every 2 s however long the last one took: the recorder's timeslice does not
    # wait for the network (with `constant`, a slow server lowered the load it was offered)
    wait_time = constant_pacing(2)

    def on_start(self) -> None:
        n = next(_candidates)
        self.email = ACCOUNTS["candidates"][n % len(ACCOUNTS["candidates"])]
        self.token = login(self, self.email)
        self.take: dict | None = None
        self.index = 0
        self.done = False

    def _headers(self, **extra: str) -> dict:
        return {"X-CSRFToken": self.token, **extra}

    @task
    def record(self) -> None:
        if self.done:
            return
        if self.take is None:
            state = self.client.get("/assessment/api/current", name="GET exam state").json()
            if state.get("done"):
                self.done = True
                return
            answer = self.client.post(
                f"/assessment/api/responses/{state['response_id']}/takes",
                headers=self._headers(),
                name="POST open take",
            )
            self.take, self.index = answer.json(), 0
            status = self.client.get(self.take["upload_url"], name="GET upload status").json()
            self.direct, self.targets = bool(status.get("direct")), {}
            return
        upload = self.take["upload_url"]
        if self.index < len(CHUNKS) and self.direct:
            self._put_to_storage(upload)
            return
        if self.index < len(CHUNKS):
            self.client.put(
                f"{upload}/chunks/{self.index}",
                data=CHUNKS[self.index],
                headers=self._headers(
                    **{
                        "Content-Type": "application/octet-stream",
                        "X-Chunk-Sha256": CHUNK_SHAS[self.index],
                    }
                ),
                name="PUT chunk",
            )
            self.index += 1
            return
        self.client.post(
            f"{upload}/finalize",
            json={
                "chunk_count": len(CHUNKS),
                "sha256": WHOLE_SHA,
                "mime": MIME,
                "chunks": CHUNK_SHAS,
                "chunk_md5": CHUNK_MD5S,
            },
            headers=self._headers(),
            name="POST finalize",
        )
        self.client.post(self.take["confirm_url"], headers=self._headers(), name="POST confirm")
        self.take = None

    def _put_to_storage(self, upload: str) -> None:
        """Direct mode: presigned URLs 32 at a time from the app, the bytes to S3."""
        if self.index not in self.targets:
            answer = self.client.post(
                f"{upload}/chunk-targets",
                json={"indexes": list(range(self.index, self.index + 32))},
                headers=self._headers(),
                name="POST chunk targets (app)",
            )
            self.targets = {int(i): t for i, t in answer.json()["targets"].items()}
        target = self.targets[self.index]
        self.client.request(
            target["method"],
            target["url"],
            data=CHUNKS[self.index],
            headers=target["headers"],
            name="PUT chunk (storage)",
        )
        self.index += 1


class Assessor(FastHttpUser):
    """Rates the candidate assigned to them: pages, draft saves, the take's video in ranges."""

    weight = int(os.environ.get("BENCH_ASSESSOR_WEIGHT", "20"))
    wait_time = between(3, 8)

    def on_start(self) -> None:
        n = next(_assessors)
        self.email = ACCOUNTS["assessors"][n % max(1, len(ACCOUNTS["assessors"]))]
        self.work = ACCOUNTS["rating"][n % max(1, len(ACCOUNTS["rating"]))]
        self.token = login(self, self.email)
        self.revision: int | None = None

    @task(3)
    def open_page(self) -> None:
        path = random.choice(self.work["pages"])
        kind = "rating screen" if "/opname/" in path else "assessor page"
        self.client.get(path, name=f"GET {kind}")

    @task(2)
    def stream_video(self) -> None:
        """The app answers with a presigned S3 URL (302); the player reads it in ranges."""
        size = int(self.work["video_size"])
        start = random.randrange(0, max(1, size - 65536))
        answer = self.client.get(
            self.work["video_url"], name="GET video (app)", allow_redirects=False
        )
        target = answer.headers.get("Location") if answer.status_code == 302 else None
        url = target or self.work["video_url"]
        with self.client.get(
            url,
            headers={"Range": f"bytes={start}-{start + 65535}"},
            name="GET video range (storage)" if target else "GET video range (app)",
            catch_response=True,
        ) as ranged:
            if ranged.status_code != 206:
                ranged.failure(f"expected 206 Partial Content, got {ranged.status_code}")

    @task(2)
    def save_score(self) -> None:
        draft = random.choice(self.work["drafts"])
        body = {"fields": draft["fields"], "revision": self.revision}
        with self.client.post(
            draft["url"],
            json=body,
            headers={"X-CSRFToken": self.token},
            name="POST rating draft",
            catch_response=True,
        ) as saved:
            if saved.status_code == 200:
                self.revision = saved.json()["revision"]
            else:
                saved.failure(f"{saved.status_code}: {saved.text[:200]}")


class TheoryCandidate(FastHttpUser):
    weight = int(os.environ.get("BENCH_THEORY_WEIGHT", "0"))
    wait_time = between(10, 20)  # an answer every 10-20 s

    def on_start(self) -> None:
        accounts = ACCOUNTS.get("theory") or []
        self.sitting = ""
        if not accounts:
            return
        n = next(_theory)
        self.token = login(self, accounts[n % len(accounts)])
        page = self.client.get("/toets-a/", name="GET theory home")
        match = TOKEN_RE.search(page.text)
        started = self.client.post(
            "/toets-a/start",
            data={"code": ACCOUNTS["theory_code"], "csrf_token": match.group(1) if match else ""},
            name="POST theory start",
            allow_redirects=False,
        )
        location = started.headers.get("Location", "")
        found = re.search(r"/zitting/([0-9a-f]+)/vraag/", location)
        self.sitting = found.group(1) if found else ""
        self.position = 1
        self.revision: int | None = None

    @task
    def answer(self) -> None:
        if not self.sitting:
            return
        self.client.get(
            f"/toets-a/zitting/{self.sitting}/vraag/{self.position}", name="GET theory item"
        )
        saved = self.client.post(
            f"/toets-a/api/zitting/{self.sitting}/vraag/{self.position}",
            json={"fields": {"flag": ["y"] if self.position % 3 == 0 else []}},
            headers={"X-CSRFToken": self.token},
            name="POST theory answer",
        )
        if saved.status_code == 200:
            self.position = self.position % 10 + 1
