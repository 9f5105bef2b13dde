"""Password hashes: Argon2id at OWASP's parameters; werkzeug's older hashes upgraded at login."""

from __future__ import annotations

import pytest
from werkzeug.security import generate_password_hash

from ksf_b.accounts import hashing
from ksf_b.accounts.models import Role
from tests.conftest import csrf_token
from tests.factories import PASSWORD


@pytest.fixture
def argon2(app):  # type: ignore[no-untyped-def]
    """New hashes with Argon2id, as in production (the tests' default is fast pbkdf2)."""
    app.config["PASSWORD_HASH_METHOD"] = "argon2id"
    yield app.config
    app.config["PASSWORD_HASH_METHOD"] = "pbkdf2:sha256:1000"


def test_new_hash_is_argon2id_with_owasp_parameters(app, argon2):  # type: ignore[no-untyped-def]
    with app.app_context():
        stored = hashing.hash_password("geheim wachtwoord")
        assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
        assert hashing.verify_password(stored, "geheim wachtwoord")
        assert not hashing.verify_password(stored, "geheim wachtwoorD")
        assert not hashing.needs_rehash(stored)


@pytest.mark.parametrize("stored", [None, "", "$argon2id$kapot", "onbekend$methode$x", "md5$x"])
def test_damaged_or_missing_hash_matches_nothing(app, argon2, stored):  # type: ignore[no-untyped-def]
    with app.app_context():
        assert hashing.verify_password(stored, "wat dan ook") is False


def test_weaker_parameters_and_werkzeug_hashes_need_a_rehash(app, argon2):  # type: ignore[no-untyped-def]
    with app.app_context():
        argon2["ARGON2_TIME_COST"] = 1
        weaker = hashing.hash_password("x")
        argon2["ARGON2_TIME_COST"] = 2
        assert hashing.verify_password(weaker, "x")
        assert hashing.needs_rehash(weaker)
        scrypt = generate_password_hash("x", method="scrypt")
        assert hashing.verify_password(scrypt, "x")
        assert hashing.needs_rehash(scrypt)


def _login(client, email: str, password: str):  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/accounts/login")
    return client.post(
        "/accounts/login", data={"email": email, "password": password, "csrf_token": token}
    )


def test_login_upgrades_an_old_hash_and_keeps_the_security_stamp(app, client, make, db, argon2):  # type: ignore[no-untyped-def]
    user = make.user(Role.MANAGER)
    user.password_hash = generate_password_hash(PASSWORD, method="scrypt")
    db.session.commit()
    stamp = user.security_stamp
    assert _login(app.test_client(), user.email, "fout wachtwoord").status_code == 200
    db.session.refresh(user)
    assert user.password_hash.startswith("scrypt:")  # a wrong password changes nothing
    assert _login(client, user.email, PASSWORD).status_code == 302
    db.session.refresh(user)
    assert user.password_hash.startswith("$argon2id$")
    assert user.security_stamp == stamp  # other sessions and links stay valid
    assert _login(app.test_client(), user.email, PASSWORD).status_code == 302  # new hash works
