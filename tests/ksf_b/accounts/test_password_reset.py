"""Password reset: no user enumeration, single-use links, old sessions and links die."""

from __future__ import annotations

from ksf_b.accounts.models import Role, User
from tests.conftest import csrf_token, login
from tests.factories import PASSWORD
from tests.ksf_b.accounts.mailbox import last_link_to, mails_to

NEW_PASSWORD = "nieuw en veel langer wachtwoord"
SAME_ANSWER = "Als er een actief account met dit e-mailadres bestaat"


def _ask_reset(client, email):  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/accounts/wachtwoord-vergeten")
    return client.post(
        "/accounts/wachtwoord-vergeten",
        data={"email": email, "csrf_token": token},
        follow_redirects=True,
    )


def _set_password(client, path, password=NEW_PASSWORD):  # type: ignore[no-untyped-def]
    token = csrf_token(client, path)
    return client.post(path, data={"password": password, "confirm": password, "csrf_token": token})


def test_forgot_password_page_is_dutch_and_labelled(client):
    response = client.get("/accounts/wachtwoord-vergeten")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Wachtwoord vergeten" in html
    assert '<label for="email">E-mailadres</label>' in html


def test_same_answer_for_known_and_unknown_addresses(app, client, make):
    user = make.user(Role.CANDIDATE)
    known = _ask_reset(client, user.email)
    unknown = _ask_reset(app.test_client(), "niemand-hier@example.nl")
    assert known.status_code == unknown.status_code == 200
    assert SAME_ANSWER in known.get_data(as_text=True)
    assert SAME_ANSWER in unknown.get_data(as_text=True)
    assert len(mails_to(app, user.email)) == 1
    assert mails_to(app, "niemand-hier@example.nl") == []


def test_an_invalid_address_gets_a_dutch_field_error(client):
    response = _ask_reset(client, "geen-adres")
    assert "Dit is geen geldig e-mailadres." in response.get_data(as_text=True)


def test_a_deactivated_account_gets_no_mail_but_the_same_answer(app, client, make, db):
    user = make.user(Role.MANAGER)
    user.is_active_account = False
    db.session.commit()
    response = _ask_reset(client, user.email)
    assert SAME_ANSWER in response.get_data(as_text=True)
    assert mails_to(app, user.email) == []


def test_an_invited_account_without_password_gets_a_new_invitation(app, client, make):
    user = make.user(Role.MANAGER, password=None)
    _ask_reset(client, user.email)
    [message] = mails_to(app, user.email)
    assert message["Subject"] == "Uitnodiging voor KSF Branchecertificaat B"
    assert last_link_to(app, user.email).startswith("/accounts/uitnodiging/")


def test_reset_sets_new_password_logs_in_and_kills_old_sessions(app, client, make, db):
    user = make.user(Role.ASSESSOR)
    old_session = app.test_client()
    assert login(old_session, user.email).status_code == 302
    assert old_session.get("/accounts/wachtwoord-vergeten").status_code == 200

    _ask_reset(client, user.email)
    [message] = mails_to(app, user.email)
    assert message["Subject"] == "Nieuw wachtwoord instellen voor KSF Branchecertificaat B"
    assert "2 uur geldig" in message.get_content()
    path = last_link_to(app, user.email)
    assert path.startswith("/accounts/wachtwoord-herstellen/")

    assert client.get(path).headers["Cache-Control"] == "no-store"
    response = _set_password(client, path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"

    # the old session's cookie names the old security stamp: it is logged out now
    logout_button = "Uitloggen"
    assert logout_button in client.get("/accounts/wachtwoord-vergeten").get_data(as_text=True)
    stale = old_session.get("/accounts/wachtwoord-vergeten").get_data(as_text=True)
    assert logout_button not in stale
    assert login(app.test_client(), user.email, PASSWORD).status_code == 200  # old password
    assert login(app.test_client(), user.email, NEW_PASSWORD).status_code == 302


def test_a_reset_link_works_once(app, client, make):
    user = make.user(Role.ASSESSOR)
    _ask_reset(client, user.email)
    path = last_link_to(app, user.email)
    assert _set_password(app.test_client(), path).status_code == 302
    again = app.test_client().get(path)
    assert again.status_code == 410
    assert "al gebruikt" in again.get_data(as_text=True)


def test_older_reset_links_die_when_the_password_changes(app, client, make):
    user = make.user(Role.CANDIDATE)
    _ask_reset(client, user.email)
    first = last_link_to(app, user.email)
    _ask_reset(app.test_client(), user.email)
    second = last_link_to(app, user.email)
    assert first != second
    assert _set_password(app.test_client(), second).status_code == 302
    response = _set_password(app.test_client(), first, password="nog een ander wachtwoord")
    assert response.status_code == 410


def test_an_expired_reset_link_gets_a_dutch_page(app, client, make, monkeypatch):
    user = make.user(Role.CANDIDATE)
    _ask_reset(client, user.email)
    path = last_link_to(app, user.email)
    assert app.test_client().get(path).status_code == 200
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)
    response = app.test_client().get(path)
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "verlopen" in html
    assert "Nieuwe link aanvragen" in html


def test_reset_page_refuses_an_invitation_token(app, client, make, db):
    from ksf_b.accounts import operations

    user = operations.invite_user("uitgenodigd-reset@example.nl", "Ina", Role.ASSESSOR, None, None)
    db.session.commit()
    token = last_link_to(app, user.email).rsplit("/", 1)[1]
    assert client.get(f"/accounts/wachtwoord-herstellen/{token}").status_code == 400
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash is None
