"""Shared fixtures: an app on a fresh database, a client, a login helper and factories.

The instance folder (SQLite file, storage, queue, outbox) lives in a temporary folder so a
test run never touches `instance/` of a developer's `make run`.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator

import pytest

_INSTANCE = tempfile.mkdtemp(prefix="ksf-test-")
os.environ["KSF_INSTANCE_PATH"] = _INSTANCE
os.environ.setdefault("KSF_ENV", "testing")

import flask_babel  # noqa: E402
from flask import Flask, g, request_started  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from sqlalchemy import text  # noqa: E402

from ksf_b import create_app  # noqa: E402
from ksf_b.extensions import db as _db  # noqa: E402
from ksf_b.extensions import limiter  # noqa: E402
from tests import factories  # noqa: E402
from tests.support.services import postgres_server  # noqa: E402


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--postgres", action="store_true", help="run against a throwaway PostgreSQL server"
    )


# Real-time suites that start their own servers and time real recordings: under pytest-xdist
# (`-n 2 --dist loadgroup`, as scripts/run-tests.sh runs) they stay on one worker, one after
# the other, so two Chromiums or a Chromium and the fault stack never fight for the 2 cores.
SERIAL_FOLDERS = ("tests/browser/", "tests/faults/")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = item.path.as_posix()
        if any(f"/{folder}" in path for folder in SERIAL_FOLDERS):
            item.add_marker(pytest.mark.xdist_group("serial"))


@pytest.fixture(scope="session")
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.config.getoption("--postgres"):
        with postgres_server() as url:
            yield url
    else:
        yield f"sqlite:///{_INSTANCE}/test.sqlite3"


@pytest.fixture(scope="session")
def app(database_url: str) -> Iterator[Flask]:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    request_started.connect(_forget_request_caches, app)
    with app.app_context():
        _db.create_all()
    yield app


def _forget_request_caches(_sender: Flask, **_extra: object) -> None:
    """Start each request with an empty `g` and locale, as a real request would.

    A test that holds an app context (`make`, `db`) shares it with every request it makes, so
    without this a second client would see the first client's user (Flask-Login caches it in
    `g`), a request after a valid form would skip the CSRF check (`g.csrf_valid`), the rate
    limiter would stop counting and a language switch would not show (Flask-Babel's cache).
    """
    g._get_current_object().__dict__.clear()
    flask_babel.refresh()


@pytest.fixture(autouse=True)
def _clean_database(request: pytest.FixtureRequest) -> Iterator[None]:
    """Give every test that uses the app empty tables (cheap: delete, not rebuild).

    The login rate limit is reset too: it counts per address, and every test is 127.0.0.1.
    """
    if "app" in request.fixturenames:
        with request.getfixturevalue("app").app_context():
            limiter.reset()
    yield
    if "app" not in request.fixturenames:
        return
    app: Flask = request.getfixturevalue("app")
    with app.app_context():
        _db.session.remove()
        for table in reversed(_db.metadata.sorted_tables):
            if table.name == "audit_log" and _db.engine.dialect.name == "postgresql":
                # its trigger refuses DELETE (append-only); TRUNCATE is the test's reset
                _db.session.execute(text("TRUNCATE audit_log"))
                continue
            _db.session.execute(table.delete())
        _db.session.commit()


@pytest.fixture
def app_ctx(app: Flask) -> Iterator[Flask]:
    with app.app_context():
        yield app
        _db.session.remove()


@pytest.fixture
def db(app_ctx: Flask):  # type: ignore[no-untyped-def]
    return _db


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make(app_ctx: Flask) -> factories.Factory:
    """Build real rows: make.user(role=...), make.candidate(...), ..."""
    return factories.Factory(_db)


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|name="csrf-token" content="([^"]+)"')


def csrf_token(client: FlaskClient, path: str = "/accounts/login") -> str:
    """Fetch a page and return the CSRF token it carries (forms post real tokens)."""
    html = client.get(path).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1) or match.group(2)


def login(client: FlaskClient, email: str, password: str = factories.PASSWORD):  # type: ignore[no-untyped-def]
    """Log in through the real login form."""
    token = csrf_token(client, "/accounts/login")
    return client.post(
        "/accounts/login",
        data={"email": email, "password": password, "csrf_token": token},
        follow_redirects=False,
    )


@pytest.fixture
def login_as(client: FlaskClient):  # type: ignore[no-untyped-def]
    def _login(user) -> FlaskClient:  # type: ignore[no-untyped-def]
        response = login(client, user.email)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return client

    return _login
