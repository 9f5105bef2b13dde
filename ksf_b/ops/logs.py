"""One JSON line per request (and per job, see media/tasks.py) when LOG_FORMAT is json.

Each line is an object with `ts`, `level`, `logger`, `msg` and the event's fields, e.g.
`{"event": "request", "method": "PUT", "endpoint": "media.put_chunk", "status": 201,
"ms": 12.3, "bytes_in": 412345, "user": 7, "request_id": "…"}`. The query string is never
logged (invitation and reset tokens live in URLs); paths keep their public ids only.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, request
from werkzeug.wrappers import Response

request_log = logging.getLogger("ksf.request")

# attributes every LogRecord has; anything else was passed with `extra=` and is an event field
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        body = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                body[key] = value
        if record.exc_info:
            body["exc"] = self.formatException(record.exc_info)
        return json.dumps(body, default=str, ensure_ascii=False)


def configure_logging(fmt: str, level: str = "INFO") -> None:
    """Send the root logger to stderr, as JSON lines or as plain text."""
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.StreamHandler())
    formatter = (
        JsonFormatter()
        if fmt == "json"
        else logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s")
    )
    for handler in root.handlers:
        handler.setFormatter(formatter)
    root.setLevel(level)


def init_app(app: Flask) -> None:
    app.before_request(_start)
    if app.config.get("LOG_FORMAT", "text") == "json":
        configure_logging("json", app.config.get("LOG_LEVEL", "INFO"))
        app.after_request(_finish)


def _start() -> None:
    g.ops_started = time.perf_counter()
    incoming = request.headers.get("X-Request-Id", "")
    g.request_id = incoming[:64] if incoming.isprintable() and incoming else uuid.uuid4().hex


def request_seconds() -> float:
    started = g.get("ops_started")
    return time.perf_counter() - started if started is not None else 0.0


def _finish(response: Response) -> Response:
    loaded = g.get("_login_user")  # only if the view loaded it: no extra query for static files
    user = loaded.get_id() if loaded is not None and loaded.is_authenticated else None
    request_log.info(
        "request",
        extra={
            "event": "request",
            "method": request.method,
            "path": request.path,
            "endpoint": request.endpoint or "-",
            "status": response.status_code,
            "ms": round(request_seconds() * 1000, 1),
            "bytes_in": request.content_length or 0,
            "user": user,
            "remote": request.remote_addr,
            "request_id": g.get("request_id"),
        },
    )
    response.headers.setdefault("X-Request-Id", g.get("request_id", ""))
    return response
