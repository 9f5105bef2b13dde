"""Security headers on every response; the CSP comes from the configuration."""

from __future__ import annotations

import re
from pathlib import Path

from ksf_b.config import ROOT
from ksf_b.main.headers import build_csp


def test_pages_carry_the_security_headers(client):
    response = client.get("/accounts/login")
    headers = response.headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "media-src 'self' blob: mediastream:" in csp
    assert "frame-ancestors 'none'" in csp
    assert "camera=(self)" in headers["Permissions-Policy"]


def test_error_pages_and_json_carry_them_too(client):
    for path in ("/bestaat-niet", "/api/bestaat-niet", "/healthz"):
        assert client.get(path).headers["X-Frame-Options"] == "DENY"


def test_csp_follows_the_configuration(app, client, monkeypatch):
    policy = dict(
        app.config["CONTENT_SECURITY_POLICY"], **{"img-src": "'self' https://img.example"}
    )
    monkeypatch.setitem(app.config, "CONTENT_SECURITY_POLICY", policy)
    assert (
        "img-src 'self' https://img.example"
        in client.get("/healthz").headers["Content-Security-Policy"]
    )


def test_s3_endpoint_is_allowed_for_media_when_configured(app):
    config = dict(
        app.config, STORAGE_BACKEND="s3", S3_ENDPOINT_URL="http://127.0.0.1:9000/some/path"
    )
    csp = build_csp(config)
    assert "media-src 'self' blob: mediastream: http://127.0.0.1:9000;" in csp
    assert "connect-src 'self' http://127.0.0.1:9000;" in csp
    assert "http://127.0.0.1:9000" not in build_csp(dict(app.config, STORAGE_BACKEND="local"))


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)
INLINE_STYLE = re.compile(r"<style|\sstyle\s*=", re.I)


def test_templates_have_no_inline_scripts_or_styles_the_csp_would_block():
    offenders = []
    for path in Path(ROOT / "templates").rglob("*.html"):
        if "pdf" in path.relative_to(ROOT).parts:  # rendered to PDF, never served under the CSP
            continue
        text = path.read_text(encoding="utf-8")
        if any(rule.search(text) for rule in (INLINE_SCRIPT, INLINE_HANDLER, INLINE_STYLE)):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
