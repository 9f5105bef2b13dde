"""Invitations: created by `invite_user`, e-mailed, accepted once through the real form."""

from __future__ import annotations

import uuid

import pytest

from ksf_b.accounts import operations
from ksf_b.accounts.models import Role, UsedToken, User
from tests.conftest import csrf_token, login
from tests.ksf_b.accounts.mailbox import last_link_to, mails_to

NEW_PASSWORD = "een lange zin als wachtwoord"


def _address() -> str:
    return f"nieuw-{uuid.uuid4().hex[:10]}@example.nl"


def _invite(db, make, role=Role.MANAGER, email=None):  # type: ignore[no-untyped-def]
    admin = make.user(Role.ADMIN)
    user = operations.invite_user(
        email or _address(), "Nina Nieuw", role, make.company(), invited_by=admin
    )
    db.session.commit()
    return user


def _accept(client, path, password=NEW_PASSWORD, confirm=None):  # type: ignore[no-untyped-def]
    token = csrf_token(client, path)
    return client.post(
        path,
        data={"password": password, "confirm": confirm or password, "csrf_token": token},
    )


def test_invite_user_creates_account_without_password_and_mails_a_link(app, db, make):
    user = _invite(db, make)
    assert user.password_hash is None
    assert user.activated_at is None
    assert user.invited_at is not None
    [message] = mails_to(app, user.email)
    assert message["Subject"] == "Uitnodiging voor KSF Branchecertificaat B"
    body = message.get_content()
    assert "Beste Nina Nieuw" in body
    assert "14 dagen geldig" in body
    assert last_link_to(app, user.email).startswith("/accounts/uitnodiging/")


def test_invite_user_refuses_a_duplicate_email_in_any_case(db, make):
    user = _invite(db, make)
    with pytest.raises(operations.DuplicateEmail) as raised:
        operations.invite_user(user.email.upper(), "Dubbel", Role.CANDIDATE, None, None)
    assert "bestaat al" in raised.value.message


def test_accepting_the_invitation_sets_password_activates_and_logs_in(app, client, db, make):
    user = _invite(db, make)
    path = last_link_to(app, user.email)

    page = client.get(path)
    assert page.status_code == 200
    assert "kies je wachtwoord" in page.get_data(as_text=True)

    response = _accept(client, path)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 302
    assert "/accounts/login" not in home.headers["Location"]  # logged in: sent to a dashboard
    db.session.expire_all()
    stored = db.session.get(User, user.id)
    assert stored.activated_at is not None
    assert stored.check_password(NEW_PASSWORD)
    assert db.session.query(UsedToken).count() == 1


def test_an_invitation_link_works_only_once(app, client, db, make):
    user = _invite(db, make)
    path = last_link_to(app, user.email)
    assert _accept(client, path).status_code == 302
    again = app.test_client().get(path)
    assert again.status_code == 410
    assert "al gebruikt" in again.get_data(as_text=True)
    second_post = _accept(app.test_client(), path, password="een ander lang wachtwoord")
    assert second_post.status_code == 410
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(NEW_PASSWORD)


def test_an_older_invitation_dies_once_a_newer_one_was_accepted(app, client, db, make):
    user = _invite(db, make)
    first = last_link_to(app, user.email)
    operations.resend_invitation(db.session.get(User, user.id))
    db.session.commit()
    second = last_link_to(app, user.email)
    assert first != second
    assert _accept(client, second).status_code == 302
    assert app.test_client().get(first).status_code == 410


def test_an_expired_invitation_gets_a_dutch_page(app, client, db, make, monkeypatch):
    user = _invite(db, make)
    path = last_link_to(app, user.email)
    # any link is older than a negative maximum age: proves the setting is applied
    monkeypatch.setitem(app.config, "INVITATION_MAX_AGE", -1)
    response = client.get(path)
    assert response.status_code == 410
    assert "verlopen" in response.get_data(as_text=True)


@pytest.mark.parametrize("tamper", ["flip-signature", "truncate", "garbage"])
def test_a_forged_invitation_link_gets_a_dutch_400(app, client, db, make, tamper):
    user = _invite(db, make)
    path = last_link_to(app, user.email)
    prefix, token = path.rsplit("/", 1)
    forged = {
        # a character inside the signature (the last one may only hold padding bits)
        "flip-signature": token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:],
        "truncate": token[: len(token) // 2],
        "garbage": "dit-is-geen-token",
    }[tamper]
    response = client.get(f"{prefix}/{forged}")
    assert response.status_code == 400
    assert "ongeldig" in response.get_data(as_text=True)


def test_a_reset_link_is_not_accepted_as_an_invitation(app, client, db, make):
    user = make.user(Role.ASSESSOR)
    operations.request_password_reset(user.email)
    db.session.commit()
    reset_path = last_link_to(app, user.email)
    token = reset_path.rsplit("/", 1)[1]
    assert client.get(f"/accounts/uitnodiging/{token}").status_code == 400


def test_password_policy_is_enforced_with_dutch_messages(app, client, db, make):
    user = _invite(db, make)
    path = last_link_to(app, user.email)
    cases = {
        "kort": "minstens 10 tekens",
        user.email: "niet gelijk zijn aan je e-mailadres",
        "aaaaaaaaaaaa": "te eenvoudig",
    }
    for password, message in cases.items():
        response = _accept(client, path, password=password)
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert message in html
        assert 'aria-invalid="true"' in html
        assert 'aria-describedby="password-hint password-error"' in html
    mismatch = _accept(client, path, password=NEW_PASSWORD, confirm=NEW_PASSWORD + "x")
    assert "niet gelijk" in mismatch.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash is None


def test_a_deactivated_invitee_cannot_use_the_link(app, client, db, make):
    user = _invite(db, make)
    path = last_link_to(app, user.email)
    stored = db.session.get(User, user.id)
    stored.is_active_account = False
    db.session.commit()
    assert client.get(path).status_code == 400


def test_resend_refuses_an_activated_account(db, make):
    user = make.user(Role.MANAGER)
    with pytest.raises(operations.AlreadyActivated):
        operations.resend_invitation(user)


def test_activated_user_can_log_in_with_the_chosen_password(app, client, db, make):
    user = _invite(db, make)
    _accept(client, last_link_to(app, user.email))
    other = app.test_client()
    response = login(other, user.email, NEW_PASSWORD)
    assert response.status_code == 302
