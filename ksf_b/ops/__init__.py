"""Running in production: proxy headers, structured logs, metrics, hashed static files and
honest keep-alive for refused uploads.

`init_ops(app)` is called by the app factory; each piece is driven by settings (see
docs/deploy.md) and costs nothing when switched off.
"""

from __future__ import annotations

from flask import Flask


def init_ops(app: Flask) -> None:
    """Wire the production pieces into the app (order matters: proxy first)."""
    from ksf_b.ops import keepalive, logs, metrics, proxy, static
    from ksf_b.ops.hardening import forms_read_form_data_only

    forms_read_form_data_only()
    proxy.init_app(app)
    logs.init_app(app)
    metrics.init_app(app)
    static.init_app(app)
    keepalive.init_app(app)
