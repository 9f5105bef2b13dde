"""Trust X-Forwarded-* headers only when a reverse proxy is configured in front of us.

`TRUSTED_PROXIES` (default 0) is the number of proxies that append to X-Forwarded-For /
-Proto / -Host / -Port; nginx in front of gunicorn is 1. Without it a client could forge its
address (and dodge the login limiter) or claim HTTPS.
"""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def init_app(app: Flask) -> None:
    hops = int(app.config.get("TRUSTED_PROXIES", 0))
    if hops > 0:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops
        )
