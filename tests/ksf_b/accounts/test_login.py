"""Login: the form contract, rate limit, inactive accounts, safe `next`, anonymous access."""

from __future__ import annotations

import pytest

from ksf_b.accounts.models import Role
from ksf_b.extensions import limiter
from tests.conftest import csrf_token, login
from tests.factories import PASSWORD


def _post_login(client, email, password, path="/accounts/login"):  # type: ignore[no-untyped-def]
    token = csrf_token(client, path)
    return client.post(path, data={"email": email, "password": password, "csrf_token": token})


def test_wrong_password_gets_one_dutch_message_for_both_cases(app, client, make):
    user = make.user(Role.MANAGER)
    wrong = _post_login(client, user.email, "niet-het-wachtwoord")
    unknown = _post_login(app.test_client(), "onbekend@example.nl", PASSWORD)
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "E-mailadres of wachtwoord klopt niet." in response.get_data(as_text=True)


def test_login_is_case_insensitive_on_email(client, make):
    user = make.user(Role.MANAGER)
    assert _post_login(client, user.email.upper(), PASSWORD).status_code == 302


def test_empty_fields_get_dutch_errors_next_to_the_field(client):
    response = _post_login(client, "", "")
    html = response.get_data(as_text=True)
    assert "Vul je e-mailadres in." in html
    assert "Vul je wachtwoord in." in html
    assert 'aria-describedby="email-error"' in html


def test_inactive_user_cannot_log_in(client, make, db):
    user = make.user(Role.ASSESSOR)
    user.is_active_account = False
    db.session.commit()
    response = _post_login(client, user.email, PASSWORD)
    assert response.status_code == 200
    assert "gedeactiveerd" in response.get_data(as_text=True)
    assert client.get("/").headers["Location"].startswith("/accounts/login")


def test_deactivating_ends_an_open_session(client, make, db, login_as):
    user = make.user(Role.ADMIN)
    login_as(user)
    assert client.get("/admin/gebruikers/").status_code == 200
    user.is_active_account = False
    db.session.commit()
    assert client.get("/admin/gebruikers/").status_code == 302


def test_invited_user_without_password_cannot_log_in(client, make):
    user = make.user(Role.MANAGER, password=None)
    response = _post_login(client, user.email, "")
    assert response.status_code == 200
    response = _post_login(client, user.email, "wat-dan-ook-123")
    assert "klopt niet" in response.get_data(as_text=True)


def test_anonymous_visitor_is_sent_to_login_and_back(client, make):
    user = make.user(Role.ADMIN)
    response = client.get("/admin/gebruikers/?rol=admin")
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/accounts/login?next=")
    page = client.get(location)
    assert "Log in om verder te gaan." in page.get_data(as_text=True)
    response = _post_login(client, user.email, PASSWORD, path=location)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/gebruikers/?rol=admin"


def test_api_paths_get_a_json_401_instead_of_a_redirect(app):
    from flask_login import login_required

    fresh = _fresh_app_with_route("/api/probe", login_required(lambda: "geheim"))
    response = fresh.test_client().get("/api/probe")
    assert response.status_code == 401
    assert response.is_json
    assert response.get_json()["error"] == "Je moet eerst inloggen."


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/pad",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
    ],
)
def test_next_never_leaves_the_site(client, make, target):
    user = make.user(Role.CANDIDATE)
    response = _post_login(client, user.email, PASSWORD, path=_login_path(target))
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_rate_limit_gives_a_dutch_429_per_account_wherever_it_comes_from(app, make, monkeypatch):
    user = make.user(Role.CANDIDATE)
    colleague = make.user(Role.CANDIDATE)
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    client = _client_from(app, "192.0.2.77")
    try:
        statuses = [
            _post_login(client, user.email, "fout-wachtwoord").status_code for _ in range(3)
        ]
        blocked = _post_login(client, user.email, PASSWORD)
        elsewhere = _post_login(_client_from(app, "192.0.2.78"), user.email.upper(), PASSWORD)
        other_account = _post_login(_client_from(app, "192.0.2.77"), colleague.email, PASSWORD)
    finally:
        limiter.reset()
    assert statuses == [200, 200, 200]
    assert blocked.status_code == 429
    assert "Te veel pogingen" in blocked.get_data(as_text=True)
    assert 'lang="nl"' in blocked.get_data(as_text=True)
    assert elsewhere.status_code == 429  # the guesses count per account, not per address
    assert other_account.status_code == 302  # the same address, another account
    # GET stays allowed: only the POST is limited
    assert client.get("/accounts/login").status_code == 200


def test_one_address_trying_many_accounts_meets_the_address_limit(app, make, monkeypatch):
    users = [make.user(Role.CANDIDATE) for _ in range(4)]
    monkeypatch.setitem(app.config, "LOGIN_ADDRESS_RATE_LIMIT", "3 per minute")
    try:
        statuses = [
            _post_login(_client_from(app, "192.0.2.90"), u.email, "fout").status_code for u in users
        ]
        other_address = _post_login(_client_from(app, "192.0.2.91"), users[0].email, PASSWORD)
    finally:
        limiter.reset()
    assert statuses == [200, 200, 200, 429]
    assert other_address.status_code == 302


def test_an_exam_room_behind_one_address_logs_in_with_the_default_limits(app, make, monkeypatch):
    from ksf_b.config import Config

    for name in ("LOGIN_RATE_LIMIT", "LOGIN_ADDRESS_RATE_LIMIT"):
        monkeypatch.setitem(app.config, name, getattr(Config, name))
    room = [make.user(Role.CANDIDATE) for _ in range(30)]
    try:
        statuses = [
            _post_login(_client_from(app, "192.0.2.100"), u.email, PASSWORD).status_code
            for u in room
        ]
    finally:
        limiter.reset()
    assert statuses == [302] * 30


def test_login_page_sets_httponly_lax_session_cookie(client, make):
    user = make.user(Role.CANDIDATE)
    response = login(client, user.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def _client_from(app, address):  # type: ignore[no-untyped-def]
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _login_path(target: str) -> str:
    from urllib.parse import quote

    return "/accounts/login?next=" + quote(target, safe="")


def _fresh_app_with_route(path, view):  # type: ignore[no-untyped-def]
    from ksf_b import create_app

    fresh = create_app("testing")
    fresh.add_url_rule(path, "probe", view)
    return fresh
