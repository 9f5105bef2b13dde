"""Real servers on loopback for the tests: PostgreSQL, Redis and an S3 API server.

Each is a context manager that starts the server in a temporary folder on a free port and
removes everything afterwards. PostgreSQL refuses to run as root, so it runs as `postgres`.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
            return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")


def _pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (make test installs it)")
    return found[-1]


def _as_postgres(args: list[str]) -> None:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(prefix + args, check=True, capture_output=True)


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a throwaway PostgreSQL cluster on loopback."""
    folder = tempfile.mkdtemp(prefix="ksf-pg-")
    os.chmod(folder, 0o755)
    data = os.path.join(folder, "data")
    port = free_port()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    _as_postgres([_pg_bin("initdb"), "-D", data, "-U", "ksf", "--auth=trust", "-E", "UTF8"])
    _as_postgres(
        [
            _pg_bin("pg_ctl"),
            "-D",
            data,
            "-w",
            "-l",
            os.path.join(folder, "log"),
            "-o",
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off",
            "start",
        ]
    )
    try:
        _as_postgres([_pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "ksf", "ksf"])
        yield f"postgresql+psycopg://ksf@127.0.0.1:{port}/ksf"
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            _as_postgres([_pg_bin("pg_ctl"), "-D", data, "-m", "immediate", "stop"])
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """Yield the URL of a throwaway Redis server on loopback (no persistence)."""
    port = free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextlib.contextmanager
def s3_server() -> Iterator[str]:
    """Yield the endpoint URL of moto's S3 API server on loopback.

    moto speaks the S3 HTTP API (multipart, presigned URLs) but does not check signatures:
    the storage contract suite is written so it could run against real S3 too.
    """
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
