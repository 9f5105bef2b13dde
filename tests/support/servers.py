"""The app served for real in a child process: by gunicorn (gunicorn.conf.py) or werkzeug.

For tests that need real HTTP: oversized bodies, killing and restarting the web server.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from tests.support.services import free_port, wait_for_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

DEV_SERVER = (
    "import os\n"
    "from werkzeug.serving import run_simple\n"
    "from ksf_b.app import create_app\n"
    "run_simple('127.0.0.1', int(os.environ['PORT']), create_app(), threaded=True)\n"
)


class WebServer:
    """gunicorn (or the development server) on a loopback port; start/stop/kill at will."""

    def __init__(self, env: dict[str, str], kind: str = "gunicorn", port: int | None = None):
        self.kind = kind
        self.port = port or free_port()
        self.env = {**os.environ, **env, "PORT": str(self.port)}
        self.env.setdefault("WEB_CONCURRENCY", "2")
        self.env.setdefault("GUNICORN_THREADS", "4")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        if self.kind == "gunicorn":
            command = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"]
        else:
            command = [sys.executable, "-c", DEV_SERVER]
        log_folder = Path(self.env.get("KSF_INSTANCE_PATH", "/tmp"))
        log_folder.mkdir(parents=True, exist_ok=True)
        log = (log_folder / f"{self.kind}.log").open("ab")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        wait_for_port(self.port, timeout=60)

    def kill(self) -> None:
        """SIGKILL the whole server (master and workers): a crash, not a shutdown."""
        if self.process and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)  # stray workers


@contextlib.contextmanager
def web_server(env: dict[str, str], kind: str = "gunicorn") -> Iterator[WebServer]:
    server = WebServer(env, kind)
    server.start()
    try:
        yield server
    finally:
        server.stop()
