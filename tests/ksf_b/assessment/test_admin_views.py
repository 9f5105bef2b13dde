"""Admin and assessor pages of the assessment, through HTTP with real forms and roles."""

from __future__ import annotations

import re

import pytest

from ksf_b.accounts.models import Role
from ksf_b.assessment import operations as ops
from ksf_b.assessment import scenario_admin
from ksf_b.assessment.models import Accommodation, Assessment, Scenario
from ksf_b.journey.models import CandidateState
from media.models.asset import AssetKind, AssetStatus
from tests.conftest import csrf_token

ADMIN_PAGES = [
    "/beheer/assessment/scenarios",
    "/beheer/assessment/scenarios/nieuw",
    "/beheer/assessment/kandidaten",
    "/beheer/assessment/instellingen",
]


@pytest.mark.parametrize("role", [Role.CANDIDATE, Role.MANAGER, Role.ASSESSOR])
def test_admin_pages_refuse_other_roles(make, login_as, role):
    client = login_as(make.user(role=role, company=make.company()))
    for path in ADMIN_PAGES:
        assert client.get(path).status_code == 403, path


def test_admin_pages_need_login(client, app):
    response = client.get("/beheer/assessment/scenarios")
    assert response.status_code in (302, 401)


@pytest.mark.parametrize("role", [Role.CANDIDATE, Role.MANAGER])
def test_assessor_page_refuses_candidates_and_managers(make, login_as, role):
    client = login_as(make.user(role=role, company=make.company()))
    assert client.get("/beoordelen").status_code == 403


def test_scenario_list_warns_about_coverage(make, login_as):
    make.scenario(1, ["analysis", "oral_language"], title="Enige scenario")
    client = login_as(make.user(role=Role.ADMIN))
    html = client.get("/beheer/assessment/scenarios").get_data(as_text=True)
    assert "De set scenario&#39;s is nog niet in orde" in html or "nog niet in orde" in html
    assert "Reflectie: in 0 actieve scenario" in html
    assert "Enige scenario" in html


def test_full_scenario_set_shows_no_warning(make, login_as):
    make.scenario_set()
    client = login_as(make.user(role=Role.ADMIN))
    html = client.get("/beheer/assessment/scenarios").get_data(as_text=True)
    assert "nog niet in orde" not in html
    assert "alle competenties zijn voldoende gedekt" in html


def scenario_form(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "position": "1",
        "title": "Collega na een agressieve beller",
        "situation": "Je collega zit stil achter haar scherm.",
        "instructions": "Spreek haar aan.",
        "competencies": ["sensitivity", "oral_language"],
        "thinking_seconds": "60",
        "max_answer_seconds": "120",
        "allowed_retakes": "1",
        "max_prompt_plays": "2",
        "captions_vtt": "WEBVTT\n\n00:00.000 --> 00:05.000\nJe collega zit stil.",
        "active": "y",
    }
    data.update(overrides)
    return data


def test_admin_creates_and_edits_a_scenario(db, make, login_as):
    client = login_as(make.user(role=Role.ADMIN))
    data = scenario_form(csrf_token=csrf_token(client, "/beheer/assessment/scenarios/nieuw"))
    response = client.post("/beheer/assessment/scenarios/nieuw", data=data)
    assert response.status_code == 302
    scenario = db.session.query(Scenario).one()
    assert scenario.competency_codes == ["sensitivity", "oral_language"]
    assert scenario.transcript == "Je collega zit stil."
    path = f"/beheer/assessment/scenarios/{scenario.public_id}"
    data = scenario_form(
        title="Nieuwe titel",
        competencies=["analysis", "reflection", "oral_language"],
        max_prompt_plays="3",
        csrf_token=csrf_token(client, path),
    )
    assert client.post(path, data=data).status_code == 302
    db.session.expire_all()
    scenario = db.session.query(Scenario).one()
    assert scenario.title == "Nieuwe titel"
    assert scenario.max_prompt_plays == 3
    assert scenario.competency_codes == ["analysis", "reflection", "oral_language"]


def test_scenario_without_oral_language_is_refused_in_dutch(db, make, login_as):
    client = login_as(make.user(role=Role.ADMIN))
    data = scenario_form(
        competencies=["analysis", "reflection"],
        csrf_token=csrf_token(client, "/beheer/assessment/scenarios/nieuw"),
    )
    response = client.post("/beheer/assessment/scenarios/nieuw", data=data)
    assert response.status_code == 200
    assert "Mondelinge taalvaardigheid wordt in elk scenario getoetst." in response.get_data(
        as_text=True
    )
    assert db.session.query(Scenario).count() == 0


def test_scenario_on_a_taken_position_is_refused(db, make, login_as):
    make.scenario(1, ["analysis", "oral_language"], title="Bestaand")
    client = login_as(make.user(role=Role.ADMIN))
    data = scenario_form(csrf_token=csrf_token(client, "/beheer/assessment/scenarios/nieuw"))
    html = client.post("/beheer/assessment/scenarios/nieuw", data=data).get_data(as_text=True)
    assert "Positie 1 is al in gebruik door" in html
    assert db.session.query(Scenario).count() == 1


def test_bad_numbers_get_dutch_messages(make, login_as):
    client = login_as(make.user(role=Role.ADMIN))
    data = scenario_form(
        position="11",
        max_prompt_plays="0",
        csrf_token=csrf_token(client, "/beheer/assessment/scenarios/nieuw"),
    )
    html = client.post("/beheer/assessment/scenarios/nieuw", data=data).get_data(as_text=True)
    assert "Kies een positie van 1 tot 10." in html
    assert "Kies een waarde tussen 1 en 10." in html


def test_admin_opens_upload_and_attaches_a_finalized_scenario_video(db, make, login_as):
    from media.models.upload import UploadState

    scenario = make.scenario(1, ["analysis", "oral_language"], is_placeholder=True)
    admin = make.user(role=Role.ADMIN)
    client = login_as(admin)
    base = f"/beheer/assessment/scenarios/{scenario.public_id}/video"
    page = client.get(base)
    assert page.status_code == 200
    assert re.search(r"/static/js/assessment-admin(\.[0-9a-f]+)?\.js", page.get_data(as_text=True))
    token = csrf_token(client, base)
    opened = client.post(f"{base}/upload", headers={"X-CSRFToken": token})
    assert opened.status_code == 201
    upload_id = opened.json["upload_id"]
    assert opened.json["upload_url"] == f"/media/uploads/{upload_id}"
    # not finalized yet: refused
    attach = client.post(
        f"{base}/attach", json={"upload_id": upload_id}, headers={"X-CSRFToken": token}
    )
    assert attach.status_code == 409
    assert "nog niet afgerond" in attach.json["error"]
    # the media pipeline's state after a verified finalize
    from media.uploads import find_upload

    upload = find_upload(upload_id, admin)
    upload.state = UploadState.FINALIZED
    upload.asset.status = AssetStatus.QUEUED
    db.session.commit()
    attach = client.post(
        f"{base}/attach", json={"upload_id": upload_id}, headers={"X-CSRFToken": token}
    )
    assert attach.status_code == 200, attach.json
    db.session.expire_all()
    scenario = db.session.get(Scenario, scenario.id)
    assert scenario.video_asset.public_id == attach.json["asset"]["id"]
    assert scenario.video_asset.kind is AssetKind.SCENARIO
    assert not scenario.is_placeholder


def test_attach_refuses_someone_elses_upload(db, make, login_as):
    scenario = make.scenario(1, ["analysis", "oral_language"])
    other_admin = make.user(role=Role.ADMIN)
    upload = scenario_admin.open_scenario_upload(other_admin)
    db.session.commit()
    client = login_as(make.user(role=Role.ADMIN))
    base = f"/beheer/assessment/scenarios/{scenario.public_id}/video"
    token = csrf_token(client, base)
    attach = client.post(
        f"{base}/attach", json={"upload_id": upload.public_id}, headers={"X-CSRFToken": token}
    )
    assert attach.status_code == 404


def test_admin_sets_the_window_and_grants_an_accommodation(db, make, login_as):
    make.scenario_set()
    assessment = make.assessment()
    admin = make.user(role=Role.ADMIN)
    client = login_as(admin)
    path = f"/beheer/assessment/kandidaten/{assessment.candidate.public_id}"
    token = csrf_token(client, path)
    response = client.post(
        f"{path}/termijn",
        data={"opens_at": "2030-01-06T09:00", "closes_at": "2030-01-20T17:00", "csrf_token": token},
    )
    assert response.status_code == 302
    db.session.expire_all()
    stored = db.session.get(Assessment, assessment.id)
    closes = ops.aware(stored.closes_at)
    assert (closes.hour, closes.minute) == (16, 0)  # 17:00 in Amsterdam in winter is 16:00 UTC

    bad = client.post(
        f"{path}/termijn",
        data={"opens_at": "2030-01-20T09:00", "closes_at": "2030-01-06T17:00", "csrf_token": token},
    )
    assert bad.status_code == 400
    assert "De deadline moet na het openingsmoment liggen." in bad.get_data(as_text=True)

    response = client.post(
        f"{path}/aanpassingen",
        data={
            "extra_thinking_seconds": "30",
            "extra_answer_seconds": "0",
            "extra_retakes": "1",
            "extra_prompt_plays": "0",
            "reason": "Dyslexieverklaring",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    accommodation = db.session.query(Accommodation).one()
    assert accommodation.granted_by_id == admin.id and accommodation.extra_retakes == 1
    html = client.get(path).get_data(as_text=True)
    assert "Dyslexieverklaring" in html and admin.full_name in html

    missing_reason = client.post(
        f"{path}/aanpassingen",
        data={
            "extra_thinking_seconds": "0",
            "extra_answer_seconds": "0",
            "extra_retakes": "0",
            "extra_prompt_plays": "0",
            "reason": "",
            "csrf_token": token,
        },
    )
    assert missing_reason.status_code == 400
    assert "Geef de reden voor de aanpassing op." in missing_reason.get_data(as_text=True)


def test_assessment_list_shows_progress_and_take_status(db, make, login_as):
    make.scenario_set()
    assessment = make.assessment()
    response = ops.current_response(assessment)
    take = make.take(response, status=AssetStatus.FAILED)
    take.asset.failure_reason = "Ongeldig bestand"
    make.take(response, status=AssetStatus.PROCESSING)
    ops.confirm_take(response.takes[1], assessment.candidate.user)
    db.session.commit()
    invited = make.candidate(state=CandidateState.ASSESSMENT_INVITED)
    client = login_as(make.user(role=Role.ADMIN))
    html = client.get("/beheer/assessment/kandidaten").get_data(as_text=True)
    assert "1 van 10" in html
    assert "mislukt" in html and "Ongeldig bestand" in html and "wordt verwerkt" in html
    assert invited.user.full_name in html
    # open the waiting candidate's assessment with the default window
    token = csrf_token(client, "/beheer/assessment/kandidaten")
    opened = client.post(
        f"/beheer/assessment/kandidaten/{invited.public_id}/openen", data={"csrf_token": token}
    )
    assert opened.status_code == 302
    assert ops.get_assessment_for(invited) is not None


def submitted_assessment(make, db):  # type: ignore[no-untyped-def]
    make.scenario_set()
    assessment = make.assessment()
    user = assessment.candidate.user
    ops.register_prompt_play(ops.current_response(assessment), user)
    while (response := ops.current_response(assessment)) is not None:
        ops.confirm_take(make.take(response), user)
    ops.submit_assessment(assessment, user)
    db.session.commit()
    return assessment
