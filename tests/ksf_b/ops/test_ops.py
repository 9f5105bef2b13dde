"""Production pieces: /metrics, hashed static names, JSON request logs, proxy headers, HSTS."""

from __future__ import annotations

import json
import logging
import re

import pytest
from flask import Flask

from ksf_b import create_app
from ksf_b.accounts.models import Role
from ksf_b.ops.logs import JsonFormatter
from tests.support.services import free_port


def test_metrics_for_admins_or_the_token_only(app: Flask, make, client, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "METRICS_TOKEN", "s3cret-token")
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    scraped = client.get("/metrics", headers={"Authorization": "Bearer s3cret-token"})
    assert scraped.status_code == 200
    assert scraped.mimetype == "text/plain"
    login_as(make.user(Role.CANDIDATE))
    assert client.get("/metrics").status_code == 403


def test_metrics_count_requests_uploads_and_the_job_backlog(app: Flask, make, login_as):
    owner = make.user(Role.CANDIDATE)
    upload = make.upload(owner=owner)
    client = login_as(owner)
    token = client.get("/api/csrf-token").json["csrf_token"]
    import hashlib

    body = b"x" * 1000
    put = client.put(
        f"/media/uploads/{upload.public_id}/chunks/0",
        data=body,
        headers={
            "X-CSRFToken": token,
            "Content-Type": "application/octet-stream",
            "X-Chunk-Sha256": hashlib.sha256(body).hexdigest(),
        },
    )
    assert put.status_code == 201
    admin_client = app.test_client()
    login_as_admin = make.user(Role.ADMIN)
    from tests.conftest import login

    login(admin_client, login_as_admin.email)
    text = admin_client.get("/metrics").get_data(as_text=True)
    assert re.search(r'ksf_upload_chunks_total\{outcome="stored"\} [1-9]', text)
    assert re.search(r"ksf_upload_bytes_total [1-9]", text)
    assert 'ksf_http_request_duration_seconds_bucket{endpoint="media.put_chunk"' in text
    assert re.search(r'ksf_jobs\{status="queued"\} 0', text)
    assert "ksf_jobs_oldest_queued_seconds" in text


def test_static_files_get_hashed_names_and_a_year_of_cache(app: Flask, client) -> None:
    page = client.get("/accounts/login").get_data(as_text=True)
    match = re.search(r'href="(/static/css/site\.([0-9a-f]{12})\.css)"', page)
    assert match, "the stylesheet link has no hashed name"
    hashed = client.get(match.group(1))
    assert hashed.status_code == 200
    assert "immutable" in hashed.headers["Cache-Control"]
    assert "max-age=31536000" in hashed.headers["Cache-Control"]
    plain = client.get("/static/css/site.css")
    assert plain.status_code == 200 and plain.headers["Cache-Control"] == "no-cache"
    assert plain.data == hashed.data
    assert client.get("/static/css/site.000000000000.css").status_code == 404
    assert client.get("/static/../ksf_b/config.py").status_code == 404


def test_one_json_line_per_request(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app("testing", LOG_FORMAT="json", SQLALCHEMY_DATABASE_URI="sqlite://")
    with caplog.at_level(logging.INFO, logger="ksf.request"):
        app.test_client().get("/accounts/login?token=geheim", headers={"X-Request-Id": "abc"})
    records = [r for r in caplog.records if r.name == "ksf.request"]
    assert len(records) == 1
    line = json.loads(JsonFormatter().format(records[0]))
    assert line["event"] == "request" and line["status"] == 200
    assert line["endpoint"] == "accounts.login" and line["request_id"] == "abc"
    assert "geheim" not in json.dumps(line)  # query strings (tokens) are never logged
    assert isinstance(line["ms"], float)


def test_forwarded_headers_count_only_behind_a_trusted_proxy() -> None:
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    direct = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    response = direct.test_client().get("/accounts/login", headers=headers)
    assert "Strict-Transport-Security" not in response.headers
    proxied = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", TRUSTED_PROXIES=1)
    response = proxied.test_client().get("/accounts/login", headers=headers)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp


def test_a_page_answers_a_dutch_503_when_the_database_is_down() -> None:
    closed = f"postgresql+psycopg://ksf@127.0.0.1:{free_port()}/ksf?connect_timeout=2"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=closed)
    client = app.test_client()
    page = client.get("/accounts/login")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))
    response = client.post(
        "/accounts/login",
        data={"email": "a@b.nl", "password": "x", "csrf_token": token.group(1)},
    )
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert "De database is even niet bereikbaar" in response.get_data(as_text=True)
    api = client.get("/api/csrf-token", headers={"Cookie": ""})
    assert api.status_code in (401, 503)


def test_healthz_names_each_backend(client, database_url: str) -> None:
    checks = client.get("/healthz").get_json()["checks"]
    assert checks["database"]["backend"] == database_url.split(":")[0].split("+")[0]
    assert checks["storage"]["backend"] == "local"
    assert checks["queue"]["backend"] == "sqlite"
