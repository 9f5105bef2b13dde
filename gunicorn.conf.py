"""gunicorn settings for KSF (docs/deploy.md explains the choices). Env vars override.

Traffic is upload-heavy: during an exam day every recording candidate sends a 0.2-1 MB chunk
every ~2 s, and each chunk PUT spends most of its time waiting on I/O (streaming the body to
S3 or disk, one database commit). `gthread` workers serve those waits on threads, so a few
processes hold many concurrent uploads without the memory of many processes, and without the
monkey-patching gevent would need around psycopg and boto3. Slow clients are absorbed by nginx
in front (it buffers request bodies), so a thread is only busy while the bytes move on loopback.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
from pathlib import Path

_port = os.environ.get("PORT", "8000")
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{_port}")
wsgi_app = "ksf_b.wsgi:app"
worker_class = "gthread"
# CPU-bound work (ffmpeg) runs in the media workers, not here: one process per core plus one,
# each with enough threads to wait on storage and the database for many uploads at once.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# finalize assembles and hashes a whole recording (up to 300 MB) from its chunks
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Idle keep-alive connections stay open longer than the proxy keeps them (nginx's upstream
# keepalive_timeout, 60 s): the side that reuses a connection must be the side that closes it,
# else a request sent as gunicorn closes the idle connection is reset (seen in the load bench).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))  # recycle slowly leaking ones
max_requests_jitter = 500
accesslog = None  # the app writes one JSON line per request itself (LOG_FORMAT=json)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "ksf-web"
# gunicorn >= 24 opens a control socket, by default one per user in ~/.gunicorn: keep ours in the
# instance folder so several gunicorns on one machine (tests, other checkouts) do not collide
control_socket = os.environ.get(
    "GUNICORN_CONTROL_SOCKET",
    str(Path(os.environ.get("KSF_INSTANCE_PATH", "instance")).resolve() / "gunicorn.ctl"),
)

# Prometheus multi-process mode: each worker writes its counters to files in this folder and
# /metrics adds them up. It must be set before any worker imports prometheus_client.
_metrics = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR",
    str(Path(os.environ.get("KSF_INSTANCE_PATH", "instance")) / "prometheus"),
)


def on_starting(_server) -> None:  # type: ignore[no-untyped-def]
    """Start with an empty metrics folder (stale files of dead processes would add up)."""
    if os.environ.get("KSF_KEEP_METRICS") != "1":
        shutil.rmtree(_metrics, ignore_errors=True)
    Path(_metrics).mkdir(parents=True, exist_ok=True)


def child_exit(_server, worker) -> None:  # type: ignore[no-untyped-def]
    """Let prometheus_client fold a dead worker's live gauges away."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
