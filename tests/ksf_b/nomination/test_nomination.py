"""Managers nominate candidates of their own company and see only their own nominees."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from ksf_b.accounts.models import Role, User
from ksf_b.journey.models import Candidate, CandidateState, JourneyEvent
from ksf_b.nomination.forms import date_of_birth_error
from tests.ksf_b.journey.support import body, post_form, sign_in

NOMINATE = "/leidinggevende/aanmelden"


def nominee(**overrides: str) -> dict[str, str]:
    data = {
        "full_name": "Fatima el Amrani",
        "email": "Fatima.ElAmrani@Klant.nl",
        "date_of_birth": "1988-04-12",
        "current_role": "Senior medewerker klantenservice",
    }
    return {**data, **overrides}


def test_manager_nominates_two_candidates_of_own_company(client, make, db) -> None:
    manager = make.manager()
    sign_in(client, manager)
    first = post_form(client, NOMINATE, nominee())
    assert first.status_code == 302
    second = post_form(client, NOMINATE, nominee(full_name="Jan Jansen", email="jan@klant.nl"))
    assert second.status_code == 302

    candidates = db.session.scalars(select(Candidate).order_by(Candidate.id)).all()
    assert len(candidates) == 2
    fatima = candidates[0]
    assert fatima.user.email == "fatima.elamrani@klant.nl"
    assert fatima.user.role is Role.CANDIDATE
    assert fatima.user.company_id == manager.company_id
    assert fatima.company_id == manager.company_id
    assert fatima.manager_id == manager.id
    assert fatima.date_of_birth == date(1988, 4, 12)
    assert fatima.state is CandidateState.NOMINATED
    event = db.session.scalar(select(JourneyEvent).where(JourneyEvent.candidate_id == fatima.id))
    assert (event.transition, event.actor_id, event.to_state) == (
        "nominate",
        manager.id,
        "nominated",
    )

    page = body(client.get("/leidinggevende/"))
    assert "Fatima el Amrani" in page and "Jan Jansen" in page
    assert "Aangemeld; de kandidaat is nog niet aan het dossier begonnen" in page


def test_dashboard_shows_only_own_nominees_and_rejection_reason(client, make) -> None:
    manager = make.manager()
    own = make.candidate(manager=manager, state=CandidateState.PART1_REJECTED)
    own.decision_reason = "De STAR-verhalen missen een resultaat."
    make.db.session.commit()
    other = make.candidate()
    sign_in(client, manager)
    page = body(client.get("/leidinggevende/"))
    assert own.user.full_name in page
    assert "De STAR-verhalen missen een resultaat." in page
    assert other.user.full_name not in page


def test_duplicate_email_gives_dutch_error_and_creates_nothing(client, make, db) -> None:
    manager = make.manager()
    existing = make.user(Role.ASSESSOR, email="bezet@klant.nl")
    sign_in(client, manager)
    response = post_form(client, NOMINATE, nominee(email="BEZET@klant.nl"))
    assert response.status_code == 422
    assert "Er bestaat al een account met dit e-mailadres." in body(response)
    assert db.session.scalar(select(Candidate)) is None
    assert db.session.scalars(select(User).where(User.email == existing.email)).all() == [existing]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("full_name", "", "Vul de volledige naam in."),
        ("full_name", "x" * 201, "De naam moet 2 tot 200 tekens lang zijn."),
        ("email", "geen-adres", "Dit is geen geldig e-mailadres."),
        ("date_of_birth", "", "Vul de geboortedatum in."),
        ("date_of_birth", "12-04-1988x", "Vul een geldige datum in"),
        ("date_of_birth", "2999-01-01", "De geboortedatum ligt in de toekomst."),
        ("date_of_birth", "1900-01-01", "Controleer de geboortedatum"),
        ("current_role", "", "Vul de huidige functie in."),
    ],
)
def test_bad_input_gives_dutch_errors(client, make, db, field, value, message) -> None:
    sign_in(client, make.manager())
    response = post_form(client, NOMINATE, nominee(**{field: value}))
    assert response.status_code == 422
    assert message in body(response)
    assert db.session.scalar(select(Candidate)) is None


def test_script_tags_are_stored_as_text_and_escaped(client, make, db) -> None:
    sign_in(client, make.manager())
    response = post_form(client, NOMINATE, nominee(full_name="<script>alert(1)</script>"))
    assert response.status_code == 302
    page = body(client.get("/leidinggevende/"))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_forged_csrf_is_refused_in_dutch(client, make, db) -> None:
    sign_in(client, make.manager())
    response = client.post(NOMINATE, data={**nominee(), "csrf_token": "vervalst"})
    assert response.status_code == 400
    assert "beveiligingscode" in body(response)
    assert db.session.scalar(select(Candidate)) is None


def test_date_of_birth_rule() -> None:
    today = date(2025, 6, 1)
    assert date_of_birth_error(date(1990, 1, 1), today) is None
    assert date_of_birth_error(date(2009, 6, 1), today) is None  # exactly 16
    assert date_of_birth_error(date(2009, 6, 2), today) is not None  # one day short
    assert date_of_birth_error(date(2025, 6, 2), today) is not None
    assert date_of_birth_error(date(1944, 6, 1), today) is not None  # 81
