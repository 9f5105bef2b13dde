"""A take cut off by a reload is free once; the receipt after part 2; confirmations shown."""

from __future__ import annotations

from ksf_b.assessment import rules
from ksf_b.assessment.models import Take
from tests.factories.accounts import PASSWORD
from tests.ksf_b.assessment.test_exam_api import browser_for, current, upload_take
from tests.ksf_b.journey.support import mails_to

TAKE = b"bytes of a take " * 100


def test_counted_takes_frees_one_interrupted_take() -> None:
    assert rules.counted_takes(takes_used=0, interrupted=0) == 0
    assert rules.counted_takes(takes_used=2, interrupted=0) == 2
    assert rules.counted_takes(takes_used=2, interrupted=1) == 1
    assert rules.counted_takes(takes_used=3, interrupted=2) == 2  # only one is free


def test_a_reload_during_an_open_upload_marks_the_take_and_frees_a_retake(db, make, app):
    make.scenario_set(allowed_retakes=0)  # one take per scenario, no retakes
    assessment = make.assessment()
    client = browser_for(app, assessment.candidate.user)
    state = current(client)
    take = client.post(state["urls"]["takes"]).get_json()
    assert take["takes_remaining"] == 0 and take["interrupted"] is False
    # the API poll is no evidence; a page load while the upload is open is
    assert current(client)["latest_take"]["interrupted"] is False
    assert client.get("/assessment/scenario").status_code == 200
    state = current(client)
    assert state["latest_take"]["interrupted"] is True
    assert state["takes"]["remaining"] == 1  # the interrupted take does not count
    upload_take(client, take, TAKE)  # the recovered chunks still arrive and count as sent
    second = client.post(state["urls"]["takes"])
    assert second.status_code == 201
    # a second interruption is not free again
    assert client.get("/assessment/scenario").status_code == 200
    assert current(client)["takes"]["remaining"] == 0
    refused = client.post(state["urls"]["takes"])
    assert refused.status_code == 409


def test_a_finalized_take_never_becomes_interrupted(db, make, app):
    make.scenario_set(allowed_retakes=0)
    assessment = make.assessment()
    client = browser_for(app, assessment.candidate.user)
    take = client.post(current(client)["urls"]["takes"]).get_json()
    upload_take(client, take, TAKE)
    assert client.get("/assessment/scenario").status_code == 200
    state = current(client)
    assert state["latest_take"]["interrupted"] is False
    assert state["takes"]["remaining"] == 0
    assert client.post(state["urls"]["takes"]).status_code == 409


def test_the_server_records_an_automatic_start(db, make, app):
    make.scenario_set()
    assessment = make.assessment()
    client = browser_for(app, assessment.candidate.user)
    state = current(client)
    first = client.post(state["urls"]["takes"], json={"automatic": True}).get_json()
    second = client.post(state["urls"]["takes"], json={"automatic": "yes"}).get_json()
    db.session.expire_all()
    rows = {t.public_id: t for t in db.session.query(Take)}
    assert rows[first["id"]].started_automatically is True
    assert rows[second["id"]].started_automatically is False  # only a literal true counts


def test_confirming_says_so_and_submitting_sends_a_receipt(db, make, app):
    scenarios = make.scenario_set()
    assessment = make.assessment()
    user = assessment.candidate.user
    client = browser_for(app, user)
    for _ in range(10):
        state = current(client)
        take = client.post(state["urls"]["takes"]).get_json()
        upload_take(client, take, TAKE)
        assert client.post(take["confirm_url"]).status_code == 200
        if state["position"] == 1:
            page = client.get("/assessment/inleveren").get_data(as_text=True)
            assert "Je opname voor scenario 1 is bevestigd en opgeslagen." in page
    page = client.get("/assessment/inleveren").get_data(as_text=True)
    for scenario in scenarios:
        assert scenario.title in page  # the submit page lists the answers
    assert not mails_to(app, user.email)
    client.post("/assessment/inleveren")
    [receipt] = mails_to(app, user.email)
    assert "ingediend" in receipt["Subject"]
    text = receipt.get_content()
    lines = [line for line in text.splitlines() if ": opname 1 " in line]
    assert len(lines) == 10
    assert lines[0].startswith(f"1. {scenarios[0].title}: opname 1")
    assert "certificering@ksf.example" in text  # how to reach the KSF
    overview = client.get("/assessment/").get_data(as_text=True)
    assert "Je hebt je assessment ingediend." in overview
    assert "verdergaan waar je was, tot de deadline" not in overview
    assert "Ingediend op" in overview


def test_consent_page_says_how_to_reach_the_ksf(db, make, app):
    make.scenario_set()
    assessment = make.assessment(prepared=False)
    client = browser_for(app, assessment.candidate.user)
    page = client.get("/assessment/toestemming").get_data(as_text=True)
    assert 'href="mailto:certificering@ksf.example"' in page
    assert 'href="tel:0301234567"' in page and "030 123 45 67" in page


def test_demo_candidate_meets_the_interrupted_take_recovery(db, make, app):
    from ksf_b.accounts.models import Role, User
    from ksf_b.assessment.demo_interrupted import EMAIL, seed_interrupted_take
    from ksf_b.journey.models import Candidate, CandidateState

    make.scenario_set(allowed_retakes=1)
    users = {role: make.user(role=role) for role in (Role.ADMIN, Role.MANAGER)}
    seed_interrupted_take(users, make.company())
    db.session.commit()
    user = db.session.query(User).filter_by(email=EMAIL).one()
    candidate = db.session.query(Candidate).filter_by(user_id=user.id).one()
    assert candidate.state is CandidateState.RECORDING
    user.set_password(PASSWORD)  # the demo password is the demo's, the form test logs in with ours
    db.session.commit()
    client = browser_for(app, user)
    assert client.get("/assessment/scenario").status_code == 200  # the demo's first visit
    state = current(client)
    assert state["position"] == 1 and state["takes"]["free_retake"] is True
    assert state["latest_take"]["interrupted"] is True
    assert state["takes"]["remaining"] == 2  # the cut-off take is free: both takes remain
