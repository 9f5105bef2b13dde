"""Times shown to people are Amsterdam time in one format per locale; states are labels."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ksf_b.accounts.models import Role
from ksf_b.display import day, number, when
from ksf_b.journey.models import CandidateState, JourneyEvent
from ksf_b.journey.states import STATE_LABELS_FOR, state_label
from tests.conftest import csrf_token
from tests.ksf_b.journey.support import body, sign_in

S = CandidateState
SUMMER = datetime(2026, 7, 1, 22, 30, tzinfo=UTC)  # 00:30 on 2 July in Amsterdam (UTC+2)
WINTER = datetime(2026, 1, 15, 23, 5, tzinfo=UTC)  # 00:05 on 16 January (UTC+1)


def english(client, page: str) -> None:  # type: ignore[no-untyped-def]
    token = csrf_token(client, page)
    client.post("/taal", data={"lang": "en", "next": "/", "csrf_token": token})


def test_when_converts_to_amsterdam_in_one_format_per_locale(app) -> None:
    with app.test_request_context():
        assert when(SUMMER) == "2 jul 2026, 00:30"
        assert when(WINTER) == "16 jan 2026, 00:05"
        assert when(SUMMER.replace(tzinfo=None)) == "2 jul 2026, 00:30"  # naive means UTC
        assert when(None) == ""
        assert day(SUMMER.date()) == "1 jul 2026"


def test_english_is_day_month_year_never_us(app) -> None:
    with app.test_request_context():
        from flask import session

        session["lang"] = "en"
        assert when(SUMMER) == "2 Jul 2026, 00:30"
        assert day(WINTER.date()) == "15 Jan 2026"


def test_numbers_use_the_readers_decimal_mark(app) -> None:
    with app.test_request_context():
        assert number(26.0) == "26"  # a whole score shows no ".0"
        assert number(22.5) == "22,5"
        assert number(2.345, 1) == "2,3"
        assert number(1234.5) == "1.234,5"
        assert number(None) == "—"
    with app.test_request_context():
        from flask import session

        session["lang"] = "en"
        assert number(22.5) == "22.5"


def test_every_reader_has_a_label_for_every_state(app) -> None:
    with app.test_request_context():
        for audience, labels in STATE_LABELS_FOR.items():
            for state in CandidateState:
                assert state in labels, (audience, state)
        assert (
            state_label("part1_submitted", "staff") == "Onderdeel 1 ingediend, wacht op beoordeling"
        )
        assert state_label(S.NOMINATED, "manager").startswith("Aangemeld; de kandidaat")
        assert state_label(S.NOMINATED) == "Aangemeld door je leidinggevende"
        assert state_label("", "staff") == "—"
        assert state_label("not_a_state", "staff") == "not_a_state"
        assert state_label(S.RATING, "nobody") == str(STATE_LABELS_FOR["candidate"][S.RATING])


@pytest.fixture
def audited(make, db):  # type: ignore[no-untyped-def]
    candidate = make.candidate(state=S.THEORY_A_REQUIRED)
    candidate.date_of_birth = SUMMER.date()
    admin = make.user(Role.ADMIN)
    db.session.add(
        JourneyEvent(
            candidate=candidate,
            actor=admin,
            transition="require_theory_a",
            from_state="part1_submitted",
            to_state="theory_a_required",
            reason="Goed dossier",
            created_at=SUMMER,
        )
    )
    make.endorsement(candidate).submitted_at = WINTER
    db.session.commit()
    return candidate, admin


def test_audit_trail_shows_amsterdam_time_and_labels(client, audited) -> None:
    candidate, admin = audited
    sign_in(client, admin)
    page = body(client.get(f"/admin/kandidaten/{candidate.public_id}"))
    assert "2 jul 2026, 00:30" in page and "22:30" not in page
    assert "Onderdeel 1 ingediend, wacht op beoordeling" in page
    assert "Goedgekeurd, wacht op certificaat A" in page
    assert "part1_submitted" not in page and "theory_a_required" not in page
    assert "1 jul 2026" in page  # the birth date: one date format


def test_audit_trail_in_english(client, audited) -> None:
    candidate, admin = audited
    sign_in(client, admin)
    english(client, f"/admin/kandidaten/{candidate.public_id}")
    page = body(client.get(f"/admin/kandidaten/{candidate.public_id}"))
    assert "2 Jul 2026, 00:30" in page
    assert "part1_submitted" not in page and "theory_a_required" not in page


def test_endorsement_line_shows_amsterdam_time(client, audited) -> None:
    candidate, admin = audited
    sign_in(client, admin)
    page = body(client.get(f"/admin/kandidaten/{candidate.public_id}/beoordelen"))
    assert "ingediend op 16 jan 2026, 00:05" in page
    sign_in(client, candidate.manager)
    page = body(client.get(f"/aanbeveling/{candidate.public_id}"))
    assert "16 jan 2026, 00:05" in page and "23:05" not in page


def test_candidate_dossier_page_shows_amsterdam_time(client, make, db) -> None:
    candidate = make.candidate(state=S.PART1_SUBMITTED)
    dossier = make.bare_dossier(candidate)
    dossier.submitted_at = SUMMER
    db.session.commit()
    sign_in(client, candidate.user)
    page = body(client.get("/kandidaat/"))
    assert "2 jul 2026, 00:30" in page


def test_users_list_in_english_is_not_a_us_date(client, make, db) -> None:
    admin = make.user(Role.ADMIN)
    invited = make.user(Role.MANAGER, company=make.company())
    invited.invited_at = WINTER
    invited.activated_at = None
    db.session.commit()
    sign_in(client, admin)
    english(client, "/admin/gebruikers/")
    page = body(client.get("/admin/gebruikers/"))
    assert "16 Jan 2026, 00:05" in page
    assert "1/16/26" not in page
