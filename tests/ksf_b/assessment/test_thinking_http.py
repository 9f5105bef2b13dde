"""Thinking time is the server's: a late first take is shortened or missed over real HTTP.

The candidate's browser is bypassed on purpose (the page reloaded long after the deadline, or
the API called directly): thinking time is moved into the past in the database, as a clock
would, and the server alone decides.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from ksf_b.accounts.models import Role
from ksf_b.assessment import programme
from ksf_b.assessment.models import Response, Take
from ksf_b.audit.models import AuditEntry
from ksf_b.db_types import utcnow
from media.models.asset import MediaAsset
from tests.conftest import csrf_token
from tests.ksf_b.assessment.test_exam_api import browser_for, current, upload_take

TAKE = b"bytes of a take " * 100


@pytest.fixture
def scenarios(make):  # type: ignore[no-untyped-def]
    # 60 s thinking, 120 s answers, one retake; the programme's grace is 10 s by default
    return make.scenario_set(thinking_seconds=60, max_answer_seconds=120, allowed_retakes=1)


@pytest.fixture
def candidate(app, make, scenarios):  # type: ignore[no-untyped-def]
    assessment = make.assessment()
    return assessment, browser_for(app, assessment.candidate.user)


def think_since(db, client, seconds_ago: float) -> dict:  # type: ignore[no-untyped-def]
    """Start thinking time over HTTP, then move its start `seconds_ago` into the past."""
    state = current(client)
    assert client.post(state["urls"]["thinking"]).status_code == 200
    response = db.session.query(Response).filter_by(public_id=state["response_id"]).one()
    response.thinking_started_at = utcnow() - timedelta(seconds=seconds_ago)
    db.session.commit()
    return state


def audit_actions(db) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.action for e in db.session.query(AuditEntry).order_by(AuditEntry.id)]


def test_a_first_take_opened_in_time_gets_the_full_answer_time(db, candidate):
    _assessment, client = candidate
    state = think_since(db, client, 65)  # 5 s past the deadline: within the grace
    take = client.post(state["urls"]["takes"], json={"automatic": True})
    assert take.status_code == 201
    body = take.get_json()
    assert (body["max_seconds"], body["late_seconds"]) == (120, 0)
    row = db.session.query(Take).one()
    assert (row.allowed_seconds, row.late_seconds) == (120, 0)
    assert "assessment.take_started_late" not in audit_actions(db)


def test_a_reload_past_the_deadline_gets_only_the_rest_of_the_answer_time(db, candidate):
    _assessment, client = candidate
    think_since(db, client, 105)  # the page was closed; back 45 s after the deadline
    assert client.get("/assessment/scenario").status_code == 200
    state = current(client)
    assert state["thinking"]["remaining_seconds"] == 0
    assert state["thinking"]["first_take_missed"] is False
    assert 83 <= state["thinking"]["answer_seconds_left"] <= 85  # 120 - (105 - 60 - 10)
    body = client.post(state["urls"]["takes"], json={"automatic": True}).get_json()
    assert 83 <= body["max_seconds"] <= 85
    assert body["max_seconds"] + body["late_seconds"] == 120
    db.session.expire_all()
    row = db.session.query(Take).one()
    assert row.allowed_seconds == body["max_seconds"] and row.started_automatically
    assert "assessment.take_started_late" in audit_actions(db)
    # the status poll repeats the server's maximum, and the retake has its own clock again
    assert client.get(body["status_url"]).get_json()["max_seconds"] == body["max_seconds"]
    upload_take(client, body, TAKE)
    retake = client.post(state["urls"]["takes"]).get_json()
    assert (retake["max_seconds"], retake["late_seconds"]) == (120, 0)


def test_a_direct_api_call_after_the_answer_time_misses_the_first_take(db, candidate):
    _assessment, client = candidate
    state = think_since(db, client, 3600)  # no page load at all: straight to the API
    opened = client.post(state["urls"]["takes"])
    # the first take lapsed and counts; this one is the retake, with its own full clock
    assert opened.status_code == 201
    body = opened.get_json()
    assert (body["max_seconds"], body["late_seconds"], body["takes_remaining"]) == (120, 0, 0)
    response = db.session.query(Response).filter_by(public_id=state["response_id"]).one()
    assert response.first_take_missed_at is not None
    assert "assessment.first_take_missed" in audit_actions(db)
    upload_take(client, body, TAKE)
    refused = client.post(state["urls"]["takes"])
    assert refused.status_code == 409
    assert "alle toegestane opnames" in refused.get_json()["error"]


def test_a_missed_first_take_is_shown_after_a_reload_and_the_retake_is_the_candidates(
    db, candidate
):
    _assessment, client = candidate
    think_since(db, client, 400)
    assert client.get("/assessment/scenario").status_code == 200
    state = current(client)
    assert state["thinking"]["first_take_missed"] is True
    assert state["thinking"]["answer_seconds_left"] is None
    assert (state["takes"]["used"], state["takes"]["remaining"]) == (0, 1)
    assert db.session.query(Take).count() == 0  # nothing opened until the candidate taps


def test_without_retakes_a_missed_first_take_is_refused_until_the_admin_grants_one(
    db, make, app, login_as
):
    make.scenario_set(thinking_seconds=60, max_answer_seconds=120, allowed_retakes=0)
    assessment = make.assessment()
    client = browser_for(app, assessment.candidate.user)
    state = think_since(db, client, 600)
    refused = client.post(state["urls"]["takes"], json={"automatic": True})
    assert refused.status_code == 409
    message = refused.get_json()["error"]
    assert "bedenktijd en antwoordtijd" in message and "geen opnames meer over" in message
    assert "Neem contact op met de KSF" in message
    assert client.get("/assessment/scenario").status_code == 200  # the page says so, no 500
    assert current(client)["takes"]["remaining"] == 0
    assert db.session.query(Take).count() == 0

    admin = make.user(role=Role.ADMIN)
    programme.grant_accommodation(
        assessment, admin, reason="Storing bij de kandidaat", extra_retakes=1
    )
    db.session.commit()
    assert current(client)["takes"]["remaining"] == 1
    assert client.post(state["urls"]["takes"]).status_code == 201

    page = login_as(admin).get(f"/beheer/assessment/kandidaten/{assessment.candidate.public_id}")
    assert "Eerste opname vervallen" in page.get_data(as_text=True)


def test_a_take_that_ran_too_long_is_kept_confirmable_and_flagged(db, make, candidate, login_as):
    assessment, client = candidate
    state = think_since(db, client, 105)
    body = client.post(state["urls"]["takes"], json={"automatic": True}).get_json()
    upload_take(client, body, TAKE)
    take = db.session.query(Take).one()
    asset = db.session.get(MediaAsset, take.asset_id)
    asset.duration_seconds = take.allowed_seconds + 25.0  # a modified page ignored the maximum
    db.session.commit()
    confirmed = client.post(body["confirm_url"])
    assert confirmed.status_code == 200  # never dropped
    db.session.expire_all()
    assert db.session.get(Response, take.response_id).confirmed_take_id == take.id

    admin = make.user(role=Role.ADMIN)
    html = login_as(admin).get(f"/beheer/assessment/kandidaten/{assessment.candidate.public_id}")
    text = html.get_data(as_text=True)
    assert "later gestart dan de bedenktijd toeliet" in text
    assert "15 seconden langer dan toegestaan" in text  # 25 s past the maximum, minus 10 s grace


def test_the_admin_sets_the_grace_and_it_applies(db, make, candidate, login_as):
    _assessment, client = candidate
    admin_client = login_as(make.user(role=Role.ADMIN))
    path = "/beheer/assessment/instellingen"
    settings = programme.get_settings()
    form = {
        "window_days": settings.window_days,
        "reminder_days": settings.reminder_days,
        "practice_title": settings.practice_title or "Oefenvraag",
        "practice_text": settings.practice_text or "Stel je voor.",
        "practice_thinking_seconds": settings.practice_thinking_seconds,
        "practice_answer_seconds": settings.practice_answer_seconds,
        "csrf_token": csrf_token(admin_client, path),
    }
    bad = admin_client.post(path, data={**form, "timing_grace_seconds": "-1"})
    assert bad.status_code == 200 and "Kies een waarde tussen 0 en 120" in bad.get_data(
        as_text=True
    )
    assert admin_client.post(path, data={**form, "timing_grace_seconds": "0"}).status_code == 302
    db.session.expire_all()
    assert programme.get_settings().timing_grace_seconds == 0
    state = think_since(db, client, 65)  # 5 s past the deadline, no grace any more
    body = client.post(state["urls"]["takes"], json={"automatic": True}).get_json()
    assert 113 <= body["max_seconds"] <= 115


def test_the_settings_row_created_by_a_simultaneous_request_is_read_not_a_500(db, monkeypatch):
    """Every take opening reads the settings: two first requests at once both find no row."""
    programme.get_settings()
    db.session.commit()
    real_get = db.session.get
    calls = []

    def first_miss(model, key):  # type: ignore[no-untyped-def]
        calls.append(key)
        return None if len(calls) == 1 else real_get(model, key)

    db.session.expunge_all()
    monkeypatch.setattr(db.session, "get", first_miss)
    settings = programme.get_settings()  # its INSERT meets the other request's row
    assert settings.id == 1 and settings.timing_grace_seconds == 10 and len(calls) == 2
