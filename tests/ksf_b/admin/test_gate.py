"""The KSF gate: counts per state, queue, side-by-side review, decision and its e-mails."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from ksf_b.accounts.models import Role, User
from ksf_b.journey.models import ACertificateSource, Candidate, CandidateState
from tests.ksf_b.journey.support import body, mails_to, post_form, sign_in

S = CandidateState


@pytest.fixture
def admin(make):  # type: ignore[no-untyped-def]
    return make.user(Role.ADMIN)


def submitted_candidate(make, holds_a: bool = False):  # type: ignore[no-untyped-def]
    candidate = make.candidate(state=S.PART1_SUBMITTED, holds_a=holds_a)
    make.bare_dossier(candidate)
    make.endorsement(candidate, reason="Unieke reden voor deze kandidaat: " + "x" * 30)
    return candidate


def review_path(candidate) -> str:  # type: ignore[no-untyped-def]
    return f"/admin/kandidaten/{candidate.public_id}/beoordelen"


def test_dashboard_counts_every_state_including_zeros(client, make, admin) -> None:
    make.candidate(state=S.NOMINATED)
    make.candidate(state=S.NOMINATED)
    waiting = submitted_candidate(make)
    sign_in(client, admin)
    page = body(client.get("/admin/"))
    for state in CandidateState:
        assert f'data-state="{state.value}"' in page
        assert f"/admin/kandidaten?state={state.value}" in page
    assert '<span class="count">2</span> Aangemeld, dossier niet begonnen' in page
    assert '<span class="count">0</span> Uitslag vrijgegeven' in page
    assert "je leidinggevende" not in page  # the candidate's words are not the admin's
    assert review_path(waiting) in page


def test_filtered_list_and_unknown_state(client, make, admin) -> None:
    nominated = make.candidate(state=S.NOMINATED)
    rejected = make.candidate(state=S.PART1_REJECTED)
    sign_in(client, admin)
    page = body(client.get("/admin/kandidaten?state=nominated"))
    assert nominated.user.full_name in page and rejected.user.full_name not in page
    response = client.get("/admin/kandidaten?state=<script>")
    assert response.status_code == 400
    assert "Deze status bestaat niet." in body(response)


def test_review_shows_dossier_and_endorsement_side_by_side(client, make, admin) -> None:
    candidate = submitted_candidate(make)
    sign_in(client, admin)
    page = body(client.get(review_path(candidate)))
    assert "Unieke reden voor deze kandidaat" in page
    assert "Senior medewerker: coach, vraagbaak en kwaliteitsbewaker." in page
    assert "Besluit vastleggen" in page


def test_approve_with_a_opens_assessment_and_mails_both(app, client, make, admin, db) -> None:
    candidate = submitted_candidate(make, holds_a=True)
    sign_in(client, admin)
    reason = "Sterk dossier met overtuigende STAR-verhalen."
    response = post_form(client, review_path(candidate), {"decision": "approve", "reason": reason})
    assert response.status_code == 302
    db.session.expire_all()
    assert candidate.state is S.ASSESSMENT_INVITED
    event = candidate.events[-1]
    assert (event.actor_id, event.reason, event.from_state) == (admin.id, reason, "part1_submitted")
    from ksf_b.assessment.operations import get_assessment_for

    assert get_assessment_for(candidate) is not None
    for address in (candidate.user.email, candidate.manager.email):
        mail = mails_to(app, address)[-1]
        text = mail.get_content()
        assert "goedgekeurd" in str(mail["Subject"])
        assert reason in text and "online assessment" in text


def test_approve_without_a_requires_theory_first(app, client, make, admin, db) -> None:
    candidate = submitted_candidate(make)
    sign_in(client, admin)
    reason = "Goed dossier; eerst nog de theorietoets A."
    post_form(client, review_path(candidate), {"decision": "approve", "reason": reason})
    db.session.expire_all()
    assert candidate.state is S.THEORY_A_REQUIRED
    text = mails_to(app, candidate.user.email)[-1].get_content()
    assert "theorietoets voor certificaat A" in text


def test_reject_closes_the_case_with_the_reason(app, client, make, admin, db) -> None:
    candidate = submitted_candidate(make)
    sign_in(client, admin)
    reason = "De STAR-verhalen beschrijven geen eigen aandeel."
    post_form(client, review_path(candidate), {"decision": "reject", "reason": reason})
    db.session.expire_all()
    assert candidate.state is S.PART1_REJECTED
    assert candidate.decision_reason == reason
    mail = mails_to(app, candidate.manager.email)[-1]
    assert "niet goedgekeurd" in str(mail["Subject"])
    assert reason in mail.get_content() and "afgesloten" in mail.get_content()
    # the manager sees the reason on their dashboard
    sign_in(client, candidate.manager)
    assert reason in body(client.get("/leidinggevende/"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decision": "approve", "reason": ""}, "Schrijf een toelichting bij het besluit."),
        ({"decision": "approve", "reason": "Te kort"}, "De toelichting moet 20 tot 4000"),
        ({"decision": "approve", "reason": "y" * 4001}, "De toelichting moet 20 tot 4000"),
        ({"reason": "Een toelichting die lang genoeg is."}, "Kies goedkeuren of afwijzen."),
        ({"decision": "misschien", "reason": "Een toelichting die lang genoeg is."},
         "Kies goedkeuren of afwijzen."),
    ],
)  # fmt: skip
def test_decision_needs_a_choice_and_a_reason(client, make, admin, db, data, message) -> None:
    candidate = submitted_candidate(make)
    sign_in(client, admin)
    response = post_form(client, review_path(candidate), data)
    assert response.status_code == 422
    assert message in body(response)
    db.session.expire_all()
    assert candidate.state is S.PART1_SUBMITTED


def test_register_certificate_a_unlocks_assessment(app, client, make, admin, db) -> None:
    candidate = make.candidate(state=S.THEORY_A_REQUIRED)
    sign_in(client, admin)
    path = f"/admin/kandidaten/{candidate.public_id}/certificaat-a"
    response = post_form(client, path, {"number": "A-2023-0142", "obtained_on": "2023-11-02"})
    assert response.status_code == 302
    db.session.expire_all()
    assert candidate.state is S.ASSESSMENT_INVITED
    assert candidate.a_certificate_source is ACertificateSource.REGISTERED
    assert (candidate.a_certificate_number, candidate.a_certificate_date) == (
        "A-2023-0142",
        date(2023, 11, 2),
    )
    assert "A-2023-0142" in mails_to(app, candidate.user.email)[-1].get_content()
    again = post_form(client, path, {"number": "A-9", "obtained_on": "2023-11-02"})
    assert again.status_code == 409
    assert "heeft certificaat A al" in body(again)


def test_certificate_a_for_a_nominee_only_records_it(client, make, admin, db) -> None:
    candidate = make.candidate(state=S.NOMINATED)
    sign_in(client, admin)
    path = f"/admin/kandidaten/{candidate.public_id}/certificaat-a"
    post_form(client, path, {"number": "A-77", "obtained_on": "2022-01-31"})
    db.session.expire_all()
    assert candidate.holds_certificate_a and candidate.state is S.NOMINATED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"number": "", "obtained_on": "2023-01-01"}, "Vul het certificaatnummer in."),
        ({"number": "<script>", "obtained_on": "2023-01-01"}, "Gebruik alleen letters"),
        ({"number": "A-1", "obtained_on": "morgen"}, "Vul een geldige datum in"),
        ({"number": "A-1", "obtained_on": "2999-01-01"}, "De datum ligt in de toekomst."),
        ({"number": "A-1", "obtained_on": "1970-01-01"}, "voor het jaar 2000"),
    ],
)
def test_certificate_a_validation(client, make, admin, db, data, message) -> None:
    candidate = make.candidate(state=S.THEORY_A_REQUIRED)
    sign_in(client, admin)
    response = post_form(client, f"/admin/kandidaten/{candidate.public_id}/certificaat-a", data)
    assert response.status_code == 422
    assert message in body(response)
    db.session.expire_all()
    assert not candidate.holds_certificate_a


def test_candidate_detail_shows_audit_trail(client, make, admin, db) -> None:
    candidate = submitted_candidate(make)
    sign_in(client, admin)
    post_form(
        client, review_path(candidate), {"decision": "reject", "reason": "Onvoldoende onderbouwd."}
    )
    page = body(client.get(f"/admin/kandidaten/{candidate.public_id}"))
    assert "Onvoldoende onderbouwd." in page
    assert admin.full_name in page
    # labels for the admin, not the stored codes
    assert "Onderdeel 1 ingediend, wacht op beoordeling" in page and "Onderdeel 1 afgewezen" in page
    assert "part1_submitted" not in page and "part1_rejected" not in page


def test_admin_registers_manager_and_candidate(client, make, admin, db) -> None:
    company = make.company("Belcentrum Noord")
    other = make.company("Elders BV")
    sign_in(client, admin)
    response = post_form(
        client,
        "/admin/leidinggevenden/nieuw",
        {"company_id": str(company.id), "full_name": "Mira Manager", "email": "mira@noord.nl"},
    )
    assert response.status_code == 302
    manager = db.session.scalar(select(User).where(User.email == "mira@noord.nl"))
    assert manager.role is Role.MANAGER and manager.company_id == company.id

    data = {
        "company_id": str(other.id),
        "manager_id": str(manager.id),
        "full_name": "Karel Kandidaat",
        "email": "karel@noord.nl",
        "date_of_birth": "1991-02-03",
        "current_role": "Coach klantcontact",
    }
    wrong = post_form(client, "/admin/kandidaten/nieuw", data)
    assert wrong.status_code == 422
    assert "Deze leidinggevende werkt niet bij dit bedrijf." in body(wrong)
    forged = post_form(client, "/admin/kandidaten/nieuw", {**data, "manager_id": "abc"})
    assert forged.status_code == 422 and "Kies een van de mogelijkheden." in body(forged)

    ok = post_form(client, "/admin/kandidaten/nieuw", {**data, "company_id": str(company.id)})
    assert ok.status_code == 302
    candidate = db.session.scalar(select(Candidate))
    assert candidate.manager_id == manager.id and candidate.company_id == company.id
    assert candidate.events[0].actor_id == admin.id

    duplicate = post_form(
        client,
        "/admin/leidinggevenden/nieuw",
        {"company_id": str(company.id), "full_name": "Nog een", "email": "KAREL@noord.nl"},
    )
    assert duplicate.status_code == 422
    assert "Er bestaat al een account met dit e-mailadres." in body(duplicate)


def test_unknown_candidate_is_404(client, make, admin) -> None:
    sign_in(client, admin)
    assert client.get("/admin/kandidaten/bestaatniet").status_code == 404
    assert client.get("/admin/kandidaten/bestaatniet/beoordelen").status_code == 404
