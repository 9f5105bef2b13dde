"""Prometheus metrics: requests, uploads, errors here; jobs in media/observe.py.

Under gunicorn every worker process counts on its own, so `PROMETHEUS_MULTIPROC_DIR` must be
set (gunicorn.conf.py does it) before prometheus_client is imported; `/metrics` then adds up
the files of all processes (and of a media worker on the same machine). The job backlog is
read from the job rows at scrape time, so it is right whichever process asks.

`/metrics` is for admins, or for a scraper presenting `Authorization: Bearer <METRICS_TOKEN>`.
"""

from __future__ import annotations

import hmac
import os

from flask import Blueprint, Flask, abort, current_app, request
from flask_login import current_user
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from werkzeug.wrappers import Response

from ksf_b.accounts.models import Role
from ksf_b.extensions import csrf
from ksf_b.ops.logs import request_seconds
from media.observe import UPLOAD_CHUNKS, count_stored_chunk

bp = Blueprint("ops", __name__)

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)

REQUESTS = Counter(
    "ksf_http_requests_total", "HTTP requests answered", ["method", "endpoint", "status"]
)
LATENCY = Histogram(
    "ksf_http_request_duration_seconds",
    "Time to answer an HTTP request",
    ["method", "endpoint"],
    buckets=LATENCY_BUCKETS,
)
ERRORS = Counter("ksf_http_errors_total", "Answers with status 5xx, or 4xx by kind", ["status"])
UPLOAD_FINALIZED = Counter("ksf_uploads_finalized_total", "Finalize calls by outcome", ["outcome"])

_SKIP = {"static", "ops.metrics"}


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.after_request(_count)


def _outcome(status: int) -> str:
    if status == 201:
        return "stored"
    if status == 200:
        return "repeat"
    return str(status)


def _count(response: Response) -> Response:
    endpoint = request.endpoint or "unrouted"
    if endpoint in _SKIP:
        return response
    status = response.status_code
    REQUESTS.labels(request.method, endpoint, str(status)).inc()
    LATENCY.labels(request.method, endpoint).observe(request_seconds())
    if status >= 500 or status in (400, 409, 413, 415, 422, 429):
        ERRORS.labels(str(status)).inc()
    if endpoint == "media.put_chunk":
        if status == 201 and request.content_length:
            count_stored_chunk(request.content_length)
        else:
            UPLOAD_CHUNKS.labels(_outcome(status)).inc()
    elif endpoint == "media.finalize":
        UPLOAD_FINALIZED.labels("ok" if status == 200 else str(status)).inc()
    return response


class JobBacklog:
    """Job rows by status (and the age of the oldest queued one), read at scrape time."""

    def collect(self):  # type: ignore[no-untyped-def]
        from sqlalchemy import func, select

        from ksf_b.db_types import utcnow
        from ksf_b.extensions import db
        from media.models.job import Job, JobStatus

        jobs = GaugeMetricFamily("ksf_jobs", "Job rows by status", labels=["status"])
        rows = db.session.execute(select(Job.status, func.count()).group_by(Job.status)).all()
        counts = {status: count for status, count in rows}
        for status in JobStatus:
            jobs.add_metric([status.value], counts.get(status, 0))
        yield jobs
        oldest = db.session.scalar(
            select(func.min(Job.created_at)).where(Job.status == JobStatus.QUEUED)
        )
        age = GaugeMetricFamily(
            "ksf_jobs_oldest_queued_seconds", "Age of the oldest queued job (0 when none)"
        )
        if oldest is not None and oldest.tzinfo is None:
            from datetime import UTC

            oldest = oldest.replace(tzinfo=UTC)
        age.add_metric([], (utcnow() - oldest).total_seconds() if oldest else 0.0)
        yield age


def _registry() -> CollectorRegistry | None:
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return None
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    return registry


def _allowed() -> bool:
    token = current_app.config.get("METRICS_TOKEN") or ""
    sent = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode()):
        return True
    if not current_user.is_authenticated:
        abort(401)
    if current_user.role is not Role.ADMIN:
        abort(403)
    return True


@bp.get("/metrics")
@csrf.exempt
def metrics() -> Response:
    """Prometheus text format: counters and histograms of every process, and the backlog."""
    _allowed()
    from prometheus_client import REGISTRY

    registry = _registry() or REGISTRY
    body = generate_latest(registry)
    backlog = CollectorRegistry()
    backlog.register(JobBacklog())
    body += generate_latest(backlog)
    return Response(body, mimetype=CONTENT_TYPE_LATEST, headers={"Cache-Control": "no-store"})
