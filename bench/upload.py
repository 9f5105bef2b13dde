"""Upload benchmark: a 500 MB recording sent through the app over real HTTP on loopback.

The app runs in its own process (werkzeug's threaded server, local storage in a temp folder on
the same disk as the baseline). The client logs in through the real form and sends 8 MB chunks
with their SHA-256 and the CSRF header, then finalizes. Measured in the same run:

- upload_peak_rss_growth_mb: the server's peak RSS (VmHWM, reset before the upload via
  /proc/PID/clear_refs) minus its RSS before the upload. Streaming keeps this flat.
- upload_throughput_vs_disk: bytes/second through the app divided by a bare Python write of the
  same bytes to the same folder with fsync. The app writes every byte twice (chunk objects, then
  the assembled original) and hashes it three times, so about 0.3-0.5 is what to expect.

`python -m bench.upload` prints the lines; `run()` returns them for `python -m bench`.
"""

from __future__ import annotations

import functools
import hashlib
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

MB = 1024 * 1024
ROOT = Path(__file__).resolve().parent.parent
EMAIL = "bench-kandidaat@example.nl"
PASSWORD = "bench-wachtwoord-1234"
TOKEN_RE = re.compile(r'name="csrf-token" content="([^"]+)"|name="csrf_token"[^>]*value="([^"]+)"')


def run(size_mb: int | None = None, chunk_mb: int = 8) -> list[tuple[str, float, str]]:
    """Run the upload benchmark; return (name, value, target) lines."""
    size = (size_mb or int(os.environ.get("BENCH_UPLOAD_MB", "500"))) * MB
    chunk = chunk_mb * MB
    folder = Path(tempfile.mkdtemp(prefix="ksf-bench-upload-"))
    try:
        disk_seconds = _bare_disk_write(folder, size, chunk)
        server = _Server(folder, size)
        try:
            app_seconds, rss_growth = _upload_through_app(server, size, chunk)
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return [
        ("upload_peak_rss_growth_mb", round(rss_growth / MB, 1), "<=64"),
        ("upload_throughput_vs_disk", round(disk_seconds / app_seconds, 3), ">=0.25"),
    ]


def _block(index: int, chunk: int, pattern: bytes) -> bytes:
    """Chunk `index`: the random pattern with the index in front, so every chunk differs."""
    return index.to_bytes(8, "big") + pattern[8:chunk]


def _chunk_sizes(size: int, chunk: int) -> list[int]:
    return [min(chunk, size - start) for start in range(0, size, chunk)]


@functools.cache
def _pattern() -> bytes:
    """Random bytes made once per run (only in the client process)."""
    return os.urandom(16 * MB)


def _bare_disk_write(folder: Path, size: int, chunk: int) -> float:
    """Seconds to write `size` bytes to a file in `folder` and fsync it (the baseline)."""
    path = folder / "baseline.bin"
    started = time.perf_counter()
    with open(path, "wb") as out:
        for index, length in enumerate(_chunk_sizes(size, chunk)):
            out.write(_block(index, chunk, _pattern())[:length])
        out.flush()
        os.fsync(out.fileno())
    seconds = time.perf_counter() - started
    path.unlink()
    return seconds


class _Server:
    """The app in a child process on a loopback port, with one user and one open upload."""

    def __init__(self, folder: Path, size: int) -> None:
        env = dict(os.environ)
        env.update(
            KSF_INSTANCE_PATH=str(folder / "instance"),
            KSF_ENV="testing",
            STORAGE_BACKEND="local",
            QUEUE_URL=f"sqlite:///{folder / 'queue.sqlite3'}",
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.upload", "--serve", str(folder), str(size)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the benchmark server did not start")
        info = json.loads(line)
        self.port, self.upload_id = int(info["port"]), info["upload"]

    @property
    def pid(self) -> int:
        return self.process.pid

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class _Client:
    """A minimal browser: one cookie jar, redirects followed for GET."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):  # type: ignore[no-untyped-def]
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()  # HTTP/1.0 server closed the connection: reconnect once
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        if response.headers.get("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        return response.status, response.headers, data

    def get_page(self, path: str) -> str:
        for _hop in range(5):
            status, headers, data = self.request("GET", path)
            if status in (301, 302, 303) and headers.get("Location"):
                path = urllib.parse.urlsplit(headers["Location"]).path or "/"
                continue
            return data.decode()
        raise RuntimeError("too many redirects")

    def token(self, path: str) -> str:
        match = TOKEN_RE.search(self.get_page(path))
        if not match:
            raise RuntimeError(f"no CSRF token on {path}")
        return match.group(1) or match.group(2)

    def login(self) -> str:
        token = self.token("/accounts/login")
        form = urllib.parse.urlencode({"email": EMAIL, "password": PASSWORD, "csrf_token": token})
        status, _headers, _data = self.request(
            "POST",
            "/accounts/login",
            form.encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
        )
        if status != 302:
            raise RuntimeError(f"login failed: HTTP {status}")
        return self.token("/")


def _status_kb(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _sep, rest = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            values[name] = int(rest.split()[0]) * 1024
    return values


class _RssWatch:
    """Peak RSS of a process during a block: kernel's VmHWM after a reset, plus sampling."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> _RssWatch:
        try:
            Path(f"/proc/{self.pid}/clear_refs").write_text("5")  # reset VmHWM to VmRSS
            self.hwm_reset = True
        except OSError:  # sampling alone still measures the peak, only less exactly
            self.hwm_reset = False
        self.baseline = _status_kb(self.pid)["VmRSS"]
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _status_kb(self.pid)["VmRSS"])

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()
        status = _status_kb(self.pid)
        hwm = status.get("VmHWM", 0) if self.hwm_reset else 0  # else it may predate the upload
        self.peak = max(self.peak, status["VmRSS"], hwm)

    @property
    def growth(self) -> int:
        return max(0, self.peak - self.baseline)


def _upload_through_app(server: _Server, size: int, chunk: int) -> tuple[float, int]:
    """Send the whole file in chunks and finalize; return (seconds, peak RSS growth)."""
    client = _Client(server.port)
    csrf = client.login()
    base = f"/media/uploads/{server.upload_id}"
    status, _headers, _data = client.request("GET", base)  # warm-up: every module imported
    if status != 200:
        raise RuntimeError(f"upload status: HTTP {status}")
    sizes = _chunk_sizes(size, chunk)
    digests, whole = [], hashlib.sha256()
    for index, length in enumerate(sizes):
        body = _block(index, chunk, _pattern())[:length]
        digests.append(hashlib.sha256(body).hexdigest())
        whole.update(body)
    with _RssWatch(server.pid) as watch:
        started = time.perf_counter()
        for index, length in enumerate(sizes):
            body = _block(index, chunk, _pattern())[:length]
            headers = {
                "Content-Type": "application/octet-stream",
                "X-Chunk-Sha256": digests[index],
                "X-CSRFToken": csrf,
            }
            status, _headers, data = client.request("PUT", f"{base}/chunks/{index}", body, headers)
            if status != 201:
                raise RuntimeError(f"chunk {index}: HTTP {status} {data[:200]!r}")
        payload = {"chunk_count": len(sizes), "sha256": whole.hexdigest(), "mime": "video/webm"}
        status, _headers, data = client.request(
            "POST",
            f"{base}/finalize",
            json.dumps(payload).encode(),
            {"Content-Type": "application/json", "X-CSRFToken": csrf},
        )
        seconds = time.perf_counter() - started
    if status != 200:
        raise RuntimeError(f"finalize: HTTP {status} {data[:200]!r}")
    return seconds, watch.growth


def _serve(folder: Path, size: int) -> None:
    """Child process: create the app, a user and an upload session, then serve on loopback."""
    from werkzeug.serving import make_server

    from ksf_b import create_app
    from ksf_b.accounts.models import Role, User
    from ksf_b.extensions import db
    from media.models.asset import AssetKind
    from media.uploads import open_upload

    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'bench.sqlite3'}",
        STORAGE_LOCAL_ROOT=folder / "storage",
    )
    with app.app_context():
        db.create_all()
        user = User(email=EMAIL, full_name="Bench Kandidaat", role=Role.CANDIDATE)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.flush()
        upload = open_upload(user, AssetKind.RECORDING, size + MB)
        db.session.commit()
        upload_id = upload.public_id
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(json.dumps({"port": server.server_port, "upload": upload_id}), flush=True)
    server.serve_forever()


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        import logging

        logging.disable(logging.INFO)  # no log line per request
        _serve(Path(sys.argv[2]), int(sys.argv[3]))
        return
    for name, value, target in run():
        print(f"bench {name} value={value} target={target}")


if __name__ == "__main__":
    main()
