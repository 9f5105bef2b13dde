"""The queue engine: Huey on SQLite (embedded, no server) or on Redis, chosen by QUEUE_URL.

The queue only carries job ids. Job state lives in the database (`media.jobs`), so the
queue's delivery guarantees do not matter for correctness: a lost message is re-dispatched
by the sweeper and a duplicate loses the claim.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from huey import Huey, RedisHuey, SqliteHuey
from huey.storage import RedisStorage, SqliteStorage

from ksf_b.config import Config

HUEY_NAME = "ksf-media"


def queue_url() -> str:
    """Return the queue URL of this process (environment first, as the worker sees it)."""
    return os.environ.get("QUEUE_URL") or Config.QUEUE_URL


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///")).expanduser()


def _storage_for(url: str) -> tuple[type, dict]:
    """Map a QUEUE_URL to a Huey storage class and its arguments."""
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        path = _sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteStorage, {"filename": str(path)}
    if scheme in {"redis", "rediss", "unix"}:
        return RedisStorage, {"url": url}
    raise ValueError(f"unsupported QUEUE_URL scheme: {scheme!r} (use sqlite:/// or redis://)")


def build_huey(url: str) -> Huey:
    """Create the Huey instance for a queue URL (SqliteHuey or RedisHuey)."""
    storage_class, kwargs = _storage_for(url)
    huey_class = SqliteHuey if storage_class is SqliteStorage else RedisHuey
    # Results are not needed: outcomes are on the job row.
    return huey_class(HUEY_NAME, results=False, utc=True, **kwargs)


huey: Huey = build_huey(queue_url())
_current_url = queue_url()


def configure(url: str) -> None:
    """Point the module's Huey at another queue (a web process whose app config differs)."""
    global _current_url
    if url == _current_url:
        return
    storage_class, kwargs = _storage_for(url)
    huey.storage_class = storage_class
    huey.storage_kwargs = kwargs
    huey.storage = huey.create_storage()
    _current_url = url


def current_url() -> str:
    """Return the URL the module's Huey currently talks to."""
    return _current_url


def enqueue_job(job_id: int, eta: datetime | None = None) -> None:
    """Put a job id on the queue, now or at `eta` (the job row decides whether it runs)."""
    from media.tasks import run_job

    if eta is None:
        run_job(job_id)
    else:
        run_job.schedule(args=(job_id,), eta=eta)


def queue_health() -> tuple[bool, str]:
    """Report whether the queue can take work: the SQLite file is writable or Redis answers."""
    url = _current_url
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        path = _sqlite_path(url)
        writable = path.parent.is_dir() and os.access(path.parent, os.W_OK)
        if path.exists():
            writable = writable and os.access(path, os.W_OK)
        return writable, f"sqlite {path}" + ("" if writable else " not writable")
    try:
        huey.storage.conn.ping()
    except Exception as error:  # any connection failure means "down" for the health check
        return False, f"redis unreachable: {type(error).__name__}"
    return True, f"redis {urlsplit(url).hostname}:{urlsplit(url).port}"
