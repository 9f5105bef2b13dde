"""GET /healthz: 200 when database, storage and queue are up; 503 when one is down."""

from __future__ import annotations

from ksf_b import create_app
from tests.support.services import free_port


def test_healthz_is_200_with_everything_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "storage", "queue"}
    assert all(check["ok"] for check in body["checks"].values())


def test_healthz_is_503_when_the_database_is_down():
    closed = f"postgresql+psycopg://ksf:ksf@127.0.0.1:{free_port()}/ksf?connect_timeout=2"
    fresh = create_app("testing", SQLALCHEMY_DATABASE_URI=closed)
    response = fresh.test_client().get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is False
    assert body["checks"]["database"]["detail"] == "OperationalError"


def test_healthz_needs_no_login_and_is_json(client):
    response = client.get("/healthz")
    assert response.is_json
    assert "Set-Cookie" not in response.headers
