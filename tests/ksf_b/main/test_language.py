"""The language switch (POST /taal): Dutch by default, English on request, and back."""

from __future__ import annotations

from tests.conftest import csrf_token


def _switch(client, lang, next_path="/accounts/login"):  # type: ignore[no-untyped-def]
    token = csrf_token(client, "/accounts/login")
    return client.post("/taal", data={"lang": lang, "next": next_path, "csrf_token": token})


def test_dutch_by_default(client):
    assert 'lang="nl"' in client.get("/accounts/login").get_data(as_text=True)


def test_switch_to_english_and_back(client):
    response = _switch(client, "en")
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/login"
    html = client.get("/accounts/login").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert 'value="nl"' in html  # the switch now offers Dutch

    _switch(client, "nl")
    html = client.get("/accounts/login").get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert 'value="en"' in html


def test_the_choice_belongs_to_one_browser(app, client):
    _switch(client, "en")
    other = app.test_client()
    assert 'lang="nl"' in other.get("/accounts/login").get_data(as_text=True)


def test_unknown_language_is_a_dutch_400(client):
    response = _switch(client, "fr")
    assert response.status_code == 400
    assert "Deze taal is niet beschikbaar." in response.get_data(as_text=True)
    assert 'lang="nl"' in client.get("/accounts/login").get_data(as_text=True)


def test_switch_never_redirects_off_site(client):
    for target in ("https://evil.example/", "//evil.example", "/\\evil.example"):
        response = _switch(client, "en", next_path=target)
        assert response.headers["Location"] == "/"


def test_switch_needs_a_csrf_token(client):
    response = client.post("/taal", data={"lang": "en", "next": "/"})
    assert response.status_code == 400
