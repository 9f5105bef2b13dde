"""Security headers on every response; the CSP itself lives in the configuration."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, request
from werkzeug.wrappers import Response

# directives that must also reach the object store when recordings play from presigned URLs
STORAGE_DIRECTIVES = ("media-src", "img-src", "connect-src")


def storage_origins(config: dict) -> list[str]:
    """Return the origins the browser fetches media from besides this site."""
    origins = config.get("CSP_EXTRA_MEDIA_ORIGINS", "").split()
    if config.get("STORAGE_BACKEND") == "s3":
        endpoint = config.get("S3_PUBLIC_ENDPOINT_URL") or config.get("S3_ENDPOINT_URL")
        if endpoint:
            parts = urlsplit(endpoint)
            origins.append(f"{parts.scheme}://{parts.netloc}")
        else:
            region = config.get("S3_REGION", "eu-west-1")
            origins.append(f"https://{config.get('S3_BUCKET')}.s3.{region}.amazonaws.com")
            origins.append(f"https://s3.{region}.amazonaws.com")
    return origins


def build_csp(config: dict) -> str:
    """Turn the CONTENT_SECURITY_POLICY setting (and storage origins) into a header value."""
    directives = dict(config["CONTENT_SECURITY_POLICY"])
    extra = storage_origins(config)
    if extra:
        for name in STORAGE_DIRECTIVES:
            directives[name] = " ".join([directives.get(name, "'self'"), *extra])
    return "; ".join(f"{name} {value}".strip() for name, value in directives.items())


def add_security_headers(response: Response) -> Response:
    """Forbid sniffing, framing and foreign scripts; keep tokens in URLs out of referrers."""
    config = current_app.config
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Content-Security-Policy", build_csp(config))
    if config.get("PERMISSIONS_POLICY"):
        headers.setdefault("Permissions-Policy", config["PERMISSIONS_POLICY"])
    if request.is_secure or config.get("SESSION_COOKIE_SECURE"):  # TLS (maybe at the proxy)
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response
