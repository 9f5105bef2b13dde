"""Oversized bodies over real HTTP (gunicorn and the development server), security headers,
session fixation, and forged CSRF tokens."""

from __future__ import annotations

import re
import socket
import tempfile

import pytest

from ksf_b.accounts.models import Role
from tests.conftest import csrf_token, login
from tests.support.servers import web_server

pytestmark = pytest.mark.badinput

MB = 1024 * 1024


def send_raw(port: int, method: str, path: str, size: int, content_type: str) -> str:
    """Send headers and up to `size` bytes like a browser; return what the server answered."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {size}\r\nAccept: text/html\r\nConnection: close\r\n\r\n"
        )
        sock.sendall(head.encode())
        block = b"a" * 65536
        sent = 0
        try:
            while sent < size:
                sent += sock.send(block[: min(len(block), size - sent)])
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered early and closed; read what it said
        answer = b""
        try:
            while not _complete(answer) and (chunk := sock.recv(65536)):
                answer += chunk
        except (ConnectionResetError, TimeoutError):
            pass
    return answer.decode("utf-8", "replace")


def _complete(answer: bytes) -> bool:
    head, found, body = answer.partition(b"\r\n\r\n")
    match = re.search(rb"(?im)^content-length:\s*(\d+)", head)
    return bool(found and match and len(body) >= int(match.group(1)))


@pytest.fixture(scope="module", params=["gunicorn", "werkzeug"])
def server(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    folder = tempfile.mkdtemp(prefix="ksf-limits-")
    env = {
        "KSF_ENV": "testing",
        "KSF_INSTANCE_PATH": folder,
        "DATABASE_URL": f"sqlite:///{folder}/ksf.sqlite3",
        "QUEUE_URL": f"sqlite:///{folder}/queue.sqlite3",
    }
    with web_server(env, request.param) as running:
        yield running


@pytest.mark.parametrize(
    ("method", "path", "content_type"),
    [
        ("POST", "/accounts/login", "application/x-www-form-urlencoded"),
        ("POST", "/accounts/login", "multipart/form-data; boundary=x"),
        ("PUT", "/media/uploads/abc/chunks/0", "application/octet-stream"),
        ("POST", "/kandidaat/dossier/concept", "application/json"),
    ],
)
def test_oversized_bodies_get_a_dutch_413(server, method, path, content_type) -> None:  # type: ignore[no-untyped-def]
    answer = send_raw(server.port, method, path, 40 * MB, content_type)
    assert answer.startswith("HTTP/1.1 413"), answer[:200]
    assert "te groot" in answer


def test_security_headers_on_pages_and_api(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/accounts/login", "/healthz", "/api/bestaat-niet"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp
        assert "object-src 'none'" in csp
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
    secure = client.get("/accounts/login", base_url="https://localhost")
    assert "max-age=31536000" in secure.headers["Strict-Transport-Security"]
    assert "Strict-Transport-Security" not in client.get("/accounts/login").headers


def test_login_starts_a_fresh_session(app, make) -> None:  # type: ignore[no-untyped-def]
    """Session fixation: a session planted before login (and its CSRF secret) is not kept."""
    user = make.user(Role.CANDIDATE)
    client = app.test_client()
    planted_token = csrf_token(client, "/accounts/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
        planted_secret = session.get("csrf_token")
    assert planted_secret
    assert login(client, user.email).status_code == 302
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id") == user.get_id()
        assert session.get("csrf_token") != planted_secret
    refused = client.post(
        "/kandidaat/dossier/concept", json={"fields": {}}, headers={"X-CSRFToken": planted_token}
    )
    assert refused.status_code == 400


def test_forged_and_foreign_csrf_tokens_are_refused(app, make) -> None:  # type: ignore[no-untyped-def]
    first, second = make.user(Role.CANDIDATE), make.user(Role.CANDIDATE)
    a, b = app.test_client(), app.test_client()
    login(a, first.email)
    login(b, second.email)
    token_b = b.get("/api/csrf-token").json["csrf_token"]
    for token in (token_b, "forged." + token_b[6:], "", "x" * 5000):
        answer = a.post(
            "/kandidaat/dossier/concept", json={"fields": {}}, headers={"X-CSRFToken": token}
        )
        assert answer.status_code == 400
        assert re.search("beveiligingscode", answer.get_data(as_text=True))
