"""The candidate's exam pages and JSON API over real HTTP (Flask client, real upload endpoints).

Limits must hold when the browser is bypassed: direct calls past the play or take limit are
refused; other candidates' objects are 404; other roles get 403.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest

from ksf_b.accounts.models import Role
from ksf_b.assessment.models import Response, Take
from ksf_b.db_types import utcnow
from ksf_b.journey.models import CandidateState
from media.models.asset import AssetKind, MediaAsset
from tests.conftest import csrf_token, login


def browser_for(app, user):  # type: ignore[no-untyped-def]
    """A fresh client logged in through the real form, with the page's CSRF token."""
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    client.environ_base["HTTP_X_CSRFTOKEN"] = csrf_token(client, "/assessment/")
    return client


@pytest.fixture
def scenarios(make):  # type: ignore[no-untyped-def]
    return make.scenario_set(max_prompt_plays=2, allowed_retakes=1)


@pytest.fixture
def assessment(make, scenarios):  # type: ignore[no-untyped-def]
    return make.assessment()


@pytest.fixture
def candidate_client(app, assessment):  # type: ignore[no-untyped-def]
    return browser_for(app, assessment.candidate.user)


def current(client) -> dict:  # type: ignore[no-untyped-def]
    answer = client.get("/assessment/api/current")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()


def upload_take(client, take: dict, data: bytes) -> None:  # type: ignore[no-untyped-def]
    """Send a take through the real upload endpoints in two chunks, then finalize."""
    url = take["upload_url"]
    for index, piece in enumerate((data[: len(data) // 2], data[len(data) // 2 :])):
        answer = client.put(
            f"{url}/chunks/{index}",
            data=piece,
            headers={
                "Content-Type": "application/octet-stream",
                "X-Chunk-Sha256": hashlib.sha256(piece).hexdigest(),
            },
        )
        assert answer.status_code == 201, answer.get_data(as_text=True)
    answer = client.post(
        f"{url}/finalize",
        json={"chunk_count": 2, "sha256": hashlib.sha256(data).hexdigest(), "mime": "video/webm"},
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)


def test_play_limit_holds_with_direct_http_calls(db, candidate_client):
    state = current(candidate_client)
    assert (state["position"], state["total"], state["plays"]["remaining"]) == (1, 10, 2)
    play = state["urls"]["play"]
    assert candidate_client.post(play).get_json() == {"plays_remaining": 1}
    assert candidate_client.post(play).get_json() == {"plays_remaining": 0}
    refused = candidate_client.post(play)
    assert refused.status_code == 409
    assert "zo vaak bekeken" in refused.get_json()["error"]
    db.session.expire_all()
    assert db.session.query(Response).one().prompt_plays == 2
    assert current(candidate_client)["plays"]["remaining"] == 0


def test_retake_limit_holds_with_direct_http_calls(db, candidate_client):
    state = current(candidate_client)
    takes_url = state["urls"]["takes"]
    first = candidate_client.post(takes_url)
    second = candidate_client.post(takes_url)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.get_json()["takes_remaining"] == 0
    refused = candidate_client.post(takes_url)
    assert refused.status_code == 409
    assert "opnames" in refused.get_json()["error"]
    assert db.session.query(Take).count() == 2


def test_a_take_is_confirmed_only_after_its_upload_is_verified(candidate_client):
    state = current(candidate_client)
    take = candidate_client.post(state["urls"]["takes"]).get_json()
    early = candidate_client.post(take["confirm_url"])
    assert early.status_code == 409
    assert "nog niet volledig ontvangen" in early.get_json()["error"]
    upload_take(candidate_client, take, b"\x1a\x45\xdf\xa3" + b"fake webm bytes" * 500)
    status = candidate_client.get(take["status_url"]).get_json()
    assert status["asset"]["saved"] is True
    after = candidate_client.post(take["confirm_url"])
    assert after.status_code == 200, after.get_data(as_text=True)
    assert (after.get_json()["position"], after.get_json()["confirmed"]) == (2, 1)
    page = candidate_client.get("/assessment/scenario").get_data(as_text=True)
    assert "Scenario 2 van 10" in page


def test_thinking_time_is_stamped_once_and_continues_after_a_reload(db, candidate_client):
    state = current(candidate_client)
    assert state["thinking"]["started"] is False
    first = candidate_client.post(state["urls"]["thinking"]).get_json()["remaining_seconds"]
    stamped = db.session.query(Response).one().thinking_started_at
    candidate_client.post(state["urls"]["thinking"])
    db.session.expire_all()
    assert db.session.query(Response).one().thinking_started_at == stamped
    again = current(candidate_client)["thinking"]
    assert again["started"] is True
    assert 0 <= again["remaining_seconds"] <= first <= 60


def test_other_candidates_objects_are_404(app, make, candidate_client):
    state = current(candidate_client)
    take = candidate_client.post(state["urls"]["takes"]).get_json()
    other = browser_for(app, make.assessment().candidate.user)
    assert other.post(state["urls"]["play"]).status_code == 404
    assert other.post(state["urls"]["takes"]).status_code == 404
    assert other.get(take["status_url"]).status_code == 404
    assert other.post(take["confirm_url"]).status_code == 404
    assert other.get(take["upload_url"]).status_code == 404
    assert other.get(state["urls"]["play"].replace("/plays", "/nope")).status_code == 404


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ASSESSOR, Role.ADMIN])
def test_other_roles_get_403(app, make, role):
    user = make.user(role=role)
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    answer = client.get("/assessment/api/current")
    assert answer.status_code == 403
    assert answer.is_json and answer.get_json()["error"]
    assert client.get("/assessment/").status_code == 403


def test_a_closed_window_refuses_with_a_dutch_message(db, make, app, scenarios):
    assessment = make.assessment(
        opens_at=utcnow() - timedelta(days=10), closes_at=utcnow() - timedelta(days=1)
    )
    client = browser_for(app, assessment.candidate.user)
    state = current(client)
    refused = client.post(state["urls"]["takes"])
    assert refused.status_code == 403
    assert "niet (meer) open" in refused.get_json()["error"]


def test_preparation_pages_lead_in_order(db, make, app, scenarios):
    candidate = make.candidate(state=CandidateState.ASSESSMENT_INVITED)
    client = browser_for(app, candidate.user)
    overview = client.get("/assessment/")
    assert overview.status_code == 200
    assert "Toestemming" in overview.get_data(as_text=True)
    assert client.get("/assessment/scenario").headers["Location"].endswith("/assessment/")
    assert client.get("/assessment/apparaatcontrole").status_code == 302
    refused = client.post("/assessment/toestemming", data={})
    assert refused.status_code == 422
    assert "Vink aan" in refused.get_data(as_text=True)
    agreed = client.post("/assessment/toestemming", data={"agree": "yes"})
    assert agreed.headers["Location"].endswith("/assessment/apparaatcontrole")
    page = client.get("/assessment/apparaatcontrole").get_data(as_text=True)
    assert 'id="level-meter"' in page and "Chrome / Edge" in page
    checked = client.post("/assessment/apparaatcontrole", data={"works": "yes"})
    assert checked.headers["Location"].endswith("/assessment/oefenvraag")
    practice = client.post("/assessment/api/practice/takes")
    assert practice.status_code == 201
    asset = db.session.query(MediaAsset).one()
    assert asset.kind is AssetKind.DEVICE_TEST and asset.owner_id == candidate.user.id
    done = client.post("/assessment/oefenvraag")
    assert done.headers["Location"].endswith("/assessment/scenario")
    assert "Scenario 1 van 10" in client.get("/assessment/scenario").get_data(as_text=True)


def test_submitting_after_ten_confirmed_takes_moves_the_journey(db, make, app, assessment):
    user = assessment.candidate.user
    client = browser_for(app, user)
    for _ in range(10):
        state = current(client)
        take = client.post(state["urls"]["takes"]).get_json()
        upload_take(client, take, b"bytes of a take " * 100)
        assert client.post(take["confirm_url"]).status_code == 200
    assert current(client) == {"done": True, "next_url": "/assessment/inleveren"}
    assert client.get("/assessment/scenario").headers["Location"].endswith("/inleveren")
    handed_in = client.post("/assessment/inleveren")
    assert handed_in.headers["Location"].endswith("/assessment/klaar")
    db.session.expire_all()
    # handed in, part 2 goes straight to its assessors (assessors.assignment)
    assert assessment.candidate.state is CandidateState.RATING
    assert "ingediend" in client.get("/assessment/klaar").get_data(as_text=True)


def test_captions_are_served_only_for_the_current_scenario(db, make, app, scenarios):
    scenarios[0].captions_vtt = "WEBVTT\n\n00:00.000 --> 00:02.000\nGoedemiddag.\n"
    scenarios[1].captions_vtt = "WEBVTT\n\n00:00.000 --> 00:02.000\nLater.\n"
    db.session.commit()
    client = browser_for(app, make.assessment().candidate.user)
    state = current(client)
    answer = client.get(state["scenario"]["captions_url"])
    assert answer.status_code == 200 and answer.mimetype == "text/vtt"
    assert "Goedemiddag" in answer.get_data(as_text=True)
    later = f"/assessment/scenarios/{scenarios[1].public_id}/captions.vtt"
    assert client.get(later).status_code == 404
