"""Real servers on loopback for the tests: PostgreSQL, Redis and an S3 API server.

Each is a context manager that starts the server in a temporary folder on a free port and
removes everything afterwards. The commands themselves are in `devtools` (shared with the
benchmarks and `make run-prod`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator

from devtools.ports import free_port, wait_for_port
from devtools.services import pg_create_database, pg_init, pg_start, pg_stop, redis_command

__all__ = [
    "PostgresServer",
    "RedisServer",
    "S3Server",
    "free_port",
    "postgres_server",
    "redis_server",
    "s3_server",
    "wait_for_port",
]


class PostgresServer:
    """A throwaway cluster on a fixed loopback port that can be stopped and started again."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="ksf-pg-")
        os.chmod(self.folder, 0o755)
        self.data = os.path.join(self.folder, "data")
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        pg_init(self.data)
        self.url = f"postgresql+psycopg://ksf@127.0.0.1:{self.port}/ksf"
        self.created = False

    def start(self) -> None:
        pg_start(self.data, self.folder, self.port, "fsync=off")
        if not self.created:
            pg_create_database(self.port)
            self.created = True

    def stop(self, mode: str = "fast") -> None:
        pg_stop(self.data, mode)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


@contextlib.contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a throwaway PostgreSQL cluster on loopback."""
    server = PostgresServer()
    try:
        server.start()
        yield server.url
    finally:
        server.destroy()


class RedisServer:
    """A Redis without persistence on a fixed loopback port; stop() loses its contents."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(redis_command(self.port), stdout=subprocess.DEVNULL)
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class S3Server:
    """moto's S3 API server on a fixed loopback port; its objects survive stop() and start()
    (moto keeps them in this process), like a real store that was unreachable for a while."""

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = None

    def start(self) -> None:
        from moto.server import ThreadedMotoServer

        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)
        self.server.start()
        wait_for_port(self.port)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
            self.server = None


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """Yield the URL of a throwaway Redis server on loopback (no persistence)."""
    server = RedisServer()
    try:
        server.start()  # inside: a server that never answers is stopped too
        yield server.url
    finally:
        server.stop()


@contextlib.contextmanager
def s3_server() -> Iterator[str]:
    """Yield the endpoint URL of moto's S3 API server on loopback.

    moto speaks the S3 HTTP API (multipart, presigned URLs) but does not check signatures:
    the storage contract suite is written so it could run against real S3 too.
    """
    server = S3Server()
    try:
        server.start()
        yield server.url
    finally:
        server.stop()
