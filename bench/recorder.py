"""A candidate's browser, minus the browser: the exam API and the upload protocol over HTTP.

Used by the fault tests (with `resilient=True`: connection errors and 503s are retried, and
after a failure the client asks the server which chunks it holds, as static/js/exam.js does)
and by the locust load test (through locust's requests-compatible HttpSession).
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
# what a dropped connection or a server killed mid-answer gives (a body cut off is a
# ChunkedEncodingError, not a ConnectionError); a browser's fetch fails the same way
NETWORK_ERRORS = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
)
RETRYABLE = {502, 503, 504}
STORE_RETRYABLE = {403, 500, 502, 503, 504}  # 403: an expired URL, signed again
TARGET_BATCH = 32  # as static/js/chunk-upload.js asks for them


@dataclass
class TakeRecord:
    take_id: str
    upload_url: str
    confirm_url: str
    status_url: str
    sha256: str = ""
    size: int = 0
    chunks: int = 0
    finalized: bool = False
    confirmed: bool = False
    events: list[str] = field(default_factory=list)
    direct: bool | None = None  # chunks straight to the object store (from the status)
    targets: dict[int, dict] = field(default_factory=dict)  # index -> presigned PUT


class RecorderClient:
    """One candidate: log in, open a take, send chunks, finalize, wait, confirm."""

    def __init__(
        self,
        base_url: str,
        session: requests.Session | None = None,
        resilient: bool = False,
        give_up_after: float = 120.0,
        log: Callable[[str], None] | None = None,
        app_route: bool = False,
    ) -> None:
        self.base = base_url.rstrip("/")
        self.http = session or requests.Session()
        self.resilient = resilient
        self.give_up_after = give_up_after
        self.token = ""
        self.log = log or (lambda _line: None)
        self.retries = 0
        self.statuses: list[int] = []
        self.store = requests.Session()  # to the object store: no cookies of the site
        self.store_puts = 0
        self.app_route = app_route  # chunks through the app even in direct mode (an old page)

    # --- transport -----------------------------------------------------------------------

    def _url(self, path: str) -> str:
        return path if path.startswith("http") else self.base + path

    def call(self, method: str, path: str, ok: tuple[int, ...] = (200, 201), **kwargs):  # type: ignore[no-untyped-def]
        """One request; when resilient, retry connection errors and 502/503/504 with back-off."""
        deadline = time.monotonic() + self.give_up_after
        delay = 0.2
        headers = {"X-CSRFToken": self.token, **kwargs.pop("headers", {})}
        while True:
            try:
                response = self.http.request(
                    method, self._url(path), headers=headers, timeout=60, **kwargs
                )
                self.statuses.append(response.status_code)
                if response.status_code in ok or not self.resilient:
                    return response
                if response.status_code not in RETRYABLE:
                    return response
                self.log(f"{method} {path}: {response.status_code}, retrying")
            except NETWORK_ERRORS as error:
                if not self.resilient:
                    raise
                self.log(f"{method} {path}: {type(error).__name__}, retrying")
            self.retries += 1
            if time.monotonic() > deadline:
                raise TimeoutError(f"{method} {path} kept failing for {self.give_up_after}s")
            time.sleep(delay)
            delay = min(delay * 2, 2.0)

    # --- the exam ------------------------------------------------------------------------

    def login(self, email: str, password: str) -> None:
        page = self.call("GET", "/accounts/login")
        match = TOKEN_RE.search(page.text)
        assert match, "no CSRF token on the login page"
        answer = self.call(
            "POST",
            "/accounts/login",
            ok=(200, 302),
            data={"email": email, "password": password, "csrf_token": match.group(1)},
            allow_redirects=False,
        )
        assert answer.status_code == 302, f"login failed: {answer.status_code}"
        self.token = self.call("GET", "/api/csrf-token").json()["csrf_token"]

    def current(self) -> dict:
        return self.call("GET", "/assessment/api/current").json()

    def open_take(self) -> TakeRecord:
        state = self.current()
        assert not state.get("done"), state
        answer = self.call("POST", f"/assessment/api/responses/{state['response_id']}/takes")
        assert answer.status_code == 201, (answer.status_code, answer.text[:300])
        body = answer.json()
        return TakeRecord(body["id"], body["upload_url"], body["confirm_url"], body["status_url"])

    def held_chunks(self, take: TakeRecord) -> set[int]:
        body = self.call("GET", take.upload_url).json()
        return {chunk["index"] for chunk in body["received"]}

    def is_direct(self, take: TakeRecord) -> bool:
        if self.app_route:
            return False
        if take.direct is None:
            take.direct = bool(self.call("GET", take.upload_url).json().get("direct"))
        return take.direct

    def _target(self, take: TakeRecord, index: int) -> dict:
        if index not in take.targets:
            indexes = list(range(index, min(index + TARGET_BATCH, 100_000)))
            answer = self.call(
                "POST", f"{take.upload_url}/chunk-targets", json={"indexes": indexes}
            )
            assert answer.status_code == 200, (answer.status_code, answer.text[:300])
            for key, target in answer.json()["targets"].items():
                take.targets[int(key)] = target
        return take.targets[index]

    def put_to_store(self, take: TakeRecord, index: int, data: bytes) -> int:
        """PUT a chunk to its presigned URL; when resilient, retry what a store outage gives."""
        deadline = time.monotonic() + self.give_up_after
        delay = 0.2
        while True:
            target = self._target(take, index)
            try:
                answer = self.store.request(
                    target["method"],
                    target["url"],
                    data=data,
                    headers=target["headers"],
                    timeout=60,
                )
                self.store_puts += 1
                if answer.ok:
                    return 201
                if answer.status_code == 403:
                    take.targets.pop(index, None)
                if not self.resilient or answer.status_code not in STORE_RETRYABLE:
                    raise AssertionError(
                        f"store answered {answer.status_code}: {answer.text[:300]}"
                    )
                self.log(f"PUT store chunk {index}: {answer.status_code}, retrying")
            except NETWORK_ERRORS as error:
                if not self.resilient:
                    raise
                self.log(f"PUT store chunk {index}: {type(error).__name__}, retrying")
            self.retries += 1
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"PUT store chunk {index} kept failing for {self.give_up_after}s"
                )
            time.sleep(delay)
            delay = min(delay * 2, 2.0)

    def put_chunk(self, take: TakeRecord, index: int, data: bytes) -> int:
        if self.is_direct(take):
            return self.put_to_store(take, index, data)
        digest = hashlib.sha256(data).hexdigest()
        answer = self.call(
            "PUT",
            f"{take.upload_url}/chunks/{index}",
            data=data,
            headers={"Content-Type": "application/octet-stream", "X-Chunk-Sha256": digest},
        )
        assert answer.status_code in (200, 201), (answer.status_code, answer.text[:300])
        return answer.status_code

    def finalize(self, take: TakeRecord, chunks: list[bytes], mime: str) -> dict:
        whole = hashlib.sha256(b"".join(chunks)).hexdigest()
        body = {
            "chunk_count": len(chunks),
            "sha256": whole,
            "mime": mime,
            "chunks": [hashlib.sha256(chunk).hexdigest() for chunk in chunks],
            # what the browser sends: the store's ETags vouch for direct chunks (media/deferred.py)
            "chunk_md5": [hashlib.md5(chunk).hexdigest() for chunk in chunks],
        }
        answer = self.call("POST", f"{take.upload_url}/finalize", ok=(200, 409, 422), json=body)
        if answer.status_code in (409, 422) and self.resilient:
            # a chunk went missing or reached the store damaged: send those again
            named = answer.json()
            for index in named.get("missing", []) + named.get("damaged", []):
                self.put_chunk(take, index, chunks[index])
            answer = self.call("POST", f"{take.upload_url}/finalize", json=body)
        assert answer.status_code == 200, (answer.status_code, answer.text[:300])
        take.sha256, take.size, take.chunks, take.finalized = (
            whole,
            sum(map(len, chunks)),
            len(chunks),
            True,
        )
        return answer.json()

    def record(
        self, chunks: list[bytes], mime: str, every: float = 0.0, on_chunk=None
    ) -> TakeRecord:  # type: ignore[no-untyped-def]
        """Open a take and send every chunk (one each `every` seconds), then finalize."""
        take = self.open_take()
        for index, data in enumerate(chunks):
            self.put_chunk(take, index, data)
            if on_chunk is not None:
                on_chunk(index)
            if every:
                time.sleep(every)
        self.finalize(take, chunks, mime)
        return take

    def wait_processed(self, take: TakeRecord, timeout: float = 180.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.call("GET", take.status_url).json()["asset"]["status"]
            if status in ("ready", "failed"):
                return status
            time.sleep(0.5)
        return "timeout"

    def confirm(self, take: TakeRecord) -> dict:
        answer = self.call("POST", take.confirm_url)
        assert answer.status_code == 200, (answer.status_code, answer.text[:300])
        take.confirmed = True
        return answer.json()


def split(data: bytes, parts: int) -> list[bytes]:
    """Split a recording into `parts` chunks (like 2-second MediaRecorder slices)."""
    size = -(-len(data) // parts)
    return [data[i : i + size] for i in range(0, len(data), size)]
