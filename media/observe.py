"""Job metrics and the one structured log line per job run (see ksf_b/ops for requests)."""

from __future__ import annotations

import logging
import time

from prometheus_client import Counter, Histogram

job_log = logging.getLogger("ksf.job")

JOBS = Counter("ksf_job_runs_total", "Job deliveries by kind and outcome", ["kind", "outcome"])
JOB_SECONDS = Histogram(
    "ksf_job_duration_seconds",
    "Wall time of a job run",
    ["kind"],
    buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900),
)
# chunks: counted per PUT through the app (ksf_b/ops/metrics.py) and, for chunks sent straight
# to the store, at finalize (outcome "stored_direct", media/direct.py)
UPLOAD_CHUNKS = Counter("ksf_upload_chunks_total", "Upload chunks by outcome", ["outcome"])
UPLOAD_BYTES = Counter("ksf_upload_bytes_total", "Bytes of chunks stored")
UPLOAD_CHUNK_BYTES = Histogram(
    "ksf_upload_chunk_bytes",
    "Size of stored chunks",
    buckets=(64e3, 256e3, 512e3, 1e6, 2e6, 4e6, 8e6, 16e6),
)


def count_stored_chunk(size: int, outcome: str = "stored") -> None:
    """Count one stored chunk of `size` bytes."""
    UPLOAD_CHUNKS.labels(outcome).inc()
    UPLOAD_BYTES.inc(size)
    UPLOAD_CHUNK_BYTES.observe(size)


def observed_run(job_id: int, run) -> object:  # type: ignore[no-untyped-def]
    """Run `run()` (which executes job `job_id`), then count and log the outcome."""
    from ksf_b.extensions import db
    from media.models.job import Job

    started = time.perf_counter()
    outcome = "error"
    try:
        status = run()
        outcome = status.value if status is not None else "skipped"
        return status
    finally:
        seconds = time.perf_counter() - started
        job = db.session.get(Job, job_id)
        kind = job.kind if job is not None else "unknown"
        JOBS.labels(kind, outcome).inc()
        if outcome != "skipped":
            JOB_SECONDS.labels(kind).observe(seconds)
        job_log.info(
            "job",
            extra={
                "event": "job",
                "job_id": job_id,
                "kind": kind,
                "outcome": outcome,
                "status": job.status.value if job is not None else None,
                "attempts": job.attempts if job is not None else None,
                "ms": round(seconds * 1000, 1),
            },
        )
