"""The public verification page, the holder's download and the admin's revocation over HTTP."""

from __future__ import annotations

from datetime import date

from ksf_b.accounts.models import Role
from tests.conftest import csrf_token


def _candidate_certificate(make):  # type: ignore[no-untyped-def]
    candidate = make.candidate()
    certificate = make.certificate(candidate.user, "B", issued_on=date(2026, 11, 30))
    return candidate, certificate


def test_verification_shows_name_certificate_date_and_status_only(client, make) -> None:
    candidate, certificate = _candidate_certificate(make)
    response = client.get(f"/verificatie/{certificate.number}?code={certificate.check_code}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert candidate.user.full_name in html
    assert "KSF Branchecertificaat B" in html
    assert "30 november 2026" in html
    assert "Geldig" in html
    for private in (
        candidate.user.email,
        candidate.company.name,
        candidate.manager.full_name,
        candidate.current_role,
        "1990",  # date of birth
    ):
        assert private not in html
    assert response.headers["Cache-Control"] == "no-store"


def test_a_wrong_or_missing_check_code_is_a_404(client, make) -> None:
    _candidate, certificate = _candidate_certificate(make)
    wrong = "23456789" if certificate.check_code != "23456789" else "98765432"
    assert client.get(f"/verificatie/{certificate.number}?code={wrong}").status_code == 404
    assert client.get(f"/verificatie/{certificate.number}").status_code == 404
    unknown = f"/verificatie/KSF-B-2026-999999?code={certificate.check_code}"
    assert client.get(unknown).status_code == 404


def test_typed_codes_work_in_lower_case_and_through_the_lookup_form(client, make) -> None:
    _candidate, certificate = _candidate_certificate(make)
    code = certificate.check_code.lower()
    response = client.get(f"/verificatie?number={certificate.number.lower()}&code={code}")
    assert response.status_code == 302
    assert client.get(response.headers["Location"]).status_code == 200
    assert client.get("/verificatie?number=&code=").status_code == 422


def test_holder_downloads_their_pdf_and_nobody_else_can(client, make, login_as) -> None:
    candidate, certificate = _candidate_certificate(make)
    other = make.candidate()
    make.certificate(other.user, "B")
    login_as(other.user)
    assert client.get(f"/certificaten/{certificate.number}.pdf").status_code == 404
    assert certificate.number not in client.get("/certificaten").get_data(as_text=True)
    client.post("/accounts/logout", data={"csrf_token": csrf_token(client, "/certificaten")})

    login_as(candidate.user)
    listing = client.get("/certificaten").get_data(as_text=True)
    assert certificate.number in listing
    response = client.get(f"/certificaten/{certificate.number}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")


def test_admin_revokes_with_a_reason_and_the_page_then_says_so(client, make, login_as) -> None:
    candidate, certificate = _candidate_certificate(make)
    admin = make.user(Role.ADMIN)
    login_as(admin)
    page = f"/admin/certificaten/{certificate.number}"
    assert certificate.number in client.get("/admin/certificaten/").get_data(as_text=True)
    token = csrf_token(client, page)
    refused = client.post(f"{page}/intrekken", data={"csrf_token": token, "reason": ""})
    assert refused.status_code == 422
    assert "Geef de reden van de intrekking." in refused.get_data(as_text=True)

    reason = "Identiteitsfraude bij het assessment vastgesteld."
    done = client.post(f"{page}/intrekken", data={"csrf_token": token, "reason": reason})
    assert done.status_code == 302
    again = client.post(f"{page}/intrekken", data={"csrf_token": token, "reason": reason})
    assert again.status_code == 409

    public = client.get(f"/verificatie/{certificate.number}?code={certificate.check_code}")
    html = public.get_data(as_text=True)
    assert "Ingetrokken" in html
    assert reason not in html  # the reason stays internal

    client.post("/accounts/logout", data={"csrf_token": csrf_token(client, page)})
    login_as(candidate.user)
    assert client.get(f"/certificaten/{certificate.number}.pdf").status_code == 410


def test_only_admins_reach_the_registry(client, make, login_as) -> None:
    _candidate, certificate = _candidate_certificate(make)
    login_as(make.user(Role.ASSESSOR))
    assert client.get("/admin/certificaten/").status_code == 403
    assert client.get(f"/admin/certificaten/{certificate.number}").status_code == 403
