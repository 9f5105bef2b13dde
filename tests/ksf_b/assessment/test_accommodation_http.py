"""An accommodation granted on the admin page changes what the candidate's API enforces."""

from __future__ import annotations

from ksf_b.accounts.models import Role
from tests.conftest import csrf_token, login


def browser_for(app, user, page):  # type: ignore[no-untyped-def]
    client = app.test_client()
    assert login(client, user.email).status_code == 302
    client.environ_base["HTTP_X_CSRFTOKEN"] = csrf_token(client, page)
    return client


def test_granted_extra_play_and_retake_are_enforced_over_http(app, db, make):
    make.scenario_set(max_prompt_plays=1, allowed_retakes=0)
    assessment = make.assessment()
    candidate = browser_for(app, assessment.candidate.user, "/assessment/")
    state = candidate.get("/assessment/api/current").get_json()
    assert (state["plays"]["allowed"], state["takes"]["allowed"]) == (1, 1)
    play_url = f"/assessment/api/responses/{state['response_id']}/plays"
    takes_url = state["urls"]["takes"]
    assert candidate.post(play_url).status_code == 200
    assert candidate.post(play_url).status_code == 409
    assert candidate.post(takes_url).status_code == 201
    refused = candidate.post(takes_url)
    assert refused.status_code == 409
    assert "alle toegestane opnames" in refused.get_json()["error"]

    page = f"/beheer/assessment/kandidaten/{assessment.candidate.public_id}"
    admin = browser_for(app, make.user(role=Role.ADMIN), page)
    granted = admin.post(
        f"{page}/aanpassingen",
        data={
            "extra_thinking_seconds": "0",
            "extra_answer_seconds": "30",
            "extra_retakes": "1",
            "extra_prompt_plays": "1",
            "reason": "Storing bij de kandidaat gemeld",
            "csrf_token": csrf_token(admin, page),
        },
    )
    assert granted.status_code == 302

    state = candidate.get("/assessment/api/current").get_json()
    assert (state["plays"]["remaining"], state["takes"]["remaining"]) == (1, 1)
    assert state["answer_seconds"] == 150
    assert candidate.post(play_url).status_code == 200
    assert candidate.post(play_url).status_code == 409
    assert candidate.post(takes_url).status_code == 201
    assert candidate.post(takes_url).status_code == 409
