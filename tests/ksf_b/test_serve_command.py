"""`flask serve` (what `make run` starts): its media worker never outlives it."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.support.services import free_port

pytestmark = pytest.mark.slow


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(child) for child in text]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _wait(predicate, seconds: float = 30.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def _serve(tmp_path: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {
        **os.environ,
        "FLASK_APP": "ksf_b.app:create_app",
        "KSF_INSTANCE_PATH": str(tmp_path / "instance"),
        "PORT": str(port),
    }
    # as `make run` does: migrate first (serve lists the demo accounts from the database)
    subprocess.run([sys.executable, "-m", "flask", "db", "upgrade"], env=env, check=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "flask", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def answering() -> bool:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
        except urllib.error.HTTPError:
            return True  # any answer is an answer
        except OSError:
            return False
        return True

    assert _wait(answering, 60), "flask serve did not answer"
    [worker] = _children(server.pid)
    assert _alive(worker)
    return server, worker


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL], ids=["sigterm", "sigkill"])
def test_the_worker_stops_when_the_server_is_stopped(tmp_path: Path, how: signal.Signals) -> None:
    server, worker = _serve(tmp_path)
    try:
        server.send_signal(how)
        server.wait(timeout=30)
        assert _wait(lambda: not _alive(worker)), f"worker {worker} outlived the server"
    finally:
        for pid in (server.pid, worker):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
