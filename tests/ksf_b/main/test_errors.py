"""Dutch error pages for people, JSON errors for API paths; never a bare 500."""

from __future__ import annotations

import pytest
from werkzeug.exceptions import Conflict

from ksf_b import create_app
from ksf_b.accounts.models import Role
from tests.conftest import csrf_token


def _fresh_app_with(path: str, view):  # type: ignore[no-untyped-def]
    """A new app instance with one extra route: production code has no test-only routes."""
    fresh = create_app("testing")
    fresh.add_url_rule(path, view.__name__, view, methods=["GET", "POST"])
    return fresh


def test_forged_csrf_token_is_a_dutch_400(client, make):
    user = make.user(Role.CANDIDATE)
    csrf_token(client)  # the session has a real token; we send another one
    response = client.post(
        "/accounts/login",
        data={"email": user.email, "password": "x", "csrf_token": "vervalst.token.123"},
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "beveiligingscode van het formulier" in html
    assert 'lang="nl"' in html


def test_missing_csrf_token_is_a_dutch_400(client):
    response = client.post("/accounts/login", data={"email": "a@example.nl", "password": "x"})
    assert response.status_code == 400
    assert "beveiligingscode" in response.get_data(as_text=True)


def test_wrong_role_is_a_dutch_403(client, make, login_as):
    login_as(make.user(Role.ASSESSOR))
    response = client.get("/admin/gebruikers/")
    assert response.status_code == 403
    assert "Je hebt geen toegang tot deze pagina." in response.get_data(as_text=True)


def test_unknown_page_is_a_dutch_404(client):
    response = client.get("/bestaat/niet")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Deze pagina bestaat niet (meer)." in html
    assert "Naar de startpagina" in html
    assert '<h1 id="error-title">Pagina niet gevonden</h1>' in html  # words, the code below
    assert "Foutcode 404" in html


def test_wrong_method_is_a_dutch_405(client):
    response = client.get("/accounts/logout")
    assert response.status_code == 405
    assert "Deze actie is hier niet toegestaan." in response.get_data(as_text=True)


def test_oversized_body_is_a_dutch_413(app, client):
    token = csrf_token(client)
    too_big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post(
        "/accounts/login", data={"email": too_big, "password": "x", "csrf_token": token}
    )
    assert response.status_code == 413
    assert "Het bestand of verzoek is te groot." in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/bestaat-niet", "/media/bestaat-niet/ook-niet"])
def test_api_paths_get_json_errors(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json() == {"error": "Deze pagina bestaat niet (meer).", "status": 404}


def test_a_json_client_gets_json_on_any_path(client):
    response = client.get("/bestaat/niet", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.get_json()["status"] == 404


def test_unexpected_error_is_a_dutch_500_without_details():
    def explode():  # type: ignore[no-untyped-def]
        raise RuntimeError("geheime interne details")

    fresh = _fresh_app_with("/ontploffen", explode)
    response = fresh.test_client().get("/ontploffen")
    assert response.status_code == 500
    html = response.get_data(as_text=True)
    assert "Er ging iets mis aan onze kant." in html
    assert "geheime interne details" not in html
    assert "Traceback" not in html
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_unexpected_error_on_an_api_path_is_json():
    def explode_api():  # type: ignore[no-untyped-def]
        raise ValueError("kapot")

    fresh = _fresh_app_with("/api/ontploffen", explode_api)
    response = fresh.test_client().get("/api/ontploffen")
    assert response.status_code == 500
    assert response.get_json()["error"].startswith("Er ging iets mis")


def test_specific_dutch_message_through_ksf_message():
    def conflict():  # type: ignore[no-untyped-def]
        error = Conflict()
        error.ksf_message = "Dit dossier is al ingediend."
        raise error

    fresh = _fresh_app_with("/conflict", conflict)
    response = fresh.test_client().get("/conflict")
    assert response.status_code == 409
    assert "Dit dossier is al ingediend." in response.get_data(as_text=True)


def test_an_error_page_that_cannot_render_falls_back_to_dutch_plain_text():
    """The page itself needs what failed (the database behind the menu): still Dutch, no 500
    from the server's own English page."""

    def explode():  # type: ignore[no-untyped-def]
        raise RuntimeError("kapot")

    fresh = _fresh_app_with("/ontploffen", explode)

    @fresh.context_processor
    def needs_the_database():  # type: ignore[no-untyped-def]
        raise ConnectionError("database weg")

    response = fresh.test_client().get("/ontploffen")
    assert response.status_code == 500
    assert response.mimetype == "text/plain"
    assert (
        response.get_data(as_text=True)
        == "Er ging iets mis aan onze kant. Probeer het later opnieuw."
    )
