"""PostgreSQL clusters and Redis on loopback, as the tests, the benchmarks and run-prod start them.

PostgreSQL refuses to run as root, so its commands run as the `postgres` user when we are root.
"""

from __future__ import annotations

import contextlib
import glob
import os
import subprocess
from pathlib import Path


def pg_bin(name: str) -> str:
    """Path of a PostgreSQL server program (the newest installed version)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        raise RuntimeError(
            "PostgreSQL is not installed (scripts/ensure-system.sh test installs it)"
        )
    return found[-1]


def as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:  # type: ignore[no-untyped-def]
    """Run a command as `postgres` when we are root, raising if it fails."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run(prefix + args, check=True, capture_output=True, **kwargs)


def pg_init(data: str | Path) -> None:
    """Create a cluster in `data` with the superuser `ksf`, trusted on loopback."""
    as_postgres([pg_bin("initdb"), "-D", str(data), "-U", "ksf", "--auth=trust", "-E", "UTF8"])


def pg_start(data: str | Path, folder: str | Path, port: int, *settings: str) -> None:
    """Start the cluster on 127.0.0.1:`port`, its socket and log in `folder`; `settings` are
    extra `-c name=value` options."""
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    options += "".join(f" -c {setting}" for setting in settings)
    as_postgres(
        [pg_bin("pg_ctl"), "-D", str(data), "-w", "-l", os.path.join(folder, "log"),
         "-o", options, "start"]
    )  # fmt: skip


def pg_create_database(port: int) -> str:
    """Create the database `ksf` and return its SQLAlchemy URL."""
    as_postgres([pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "ksf", "ksf"])
    return f"postgresql+psycopg://ksf@127.0.0.1:{port}/ksf"


def pg_stop(data: str | Path, mode: str = "fast") -> None:
    """Stop the cluster (fast: end sessions; immediate: a crash); nothing if it is not running."""
    with contextlib.suppress(subprocess.CalledProcessError):
        as_postgres([pg_bin("pg_ctl"), "-D", str(data), "-m", mode, "-w", "stop"])


def redis_command(port: int, *options: str) -> list[str]:
    """The command of a Redis server on 127.0.0.1:`port` without persistence."""
    return [
        "redis-server", "--port", str(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", *options,
    ]  # fmt: skip
