"""The candidate's dossier pages over HTTP: access, autosave endpoint, submit, bad input."""

from __future__ import annotations

import re

import pytest
from flask import url_for
from sqlalchemy import select

from ksf_b.accounts.models import Role
from ksf_b.dossier import operations
from ksf_b.dossier.demo import DEMO_FIELDS
from ksf_b.dossier.models import Dossier, StoryKind
from ksf_b.journey.models import CandidateState
from tests.conftest import csrf_token
from tests.ksf_b.journey.support import body, sign_in

DASHBOARD = "/kandidaat/"
FORM = "/kandidaat/dossier"
DRAFT = "/kandidaat/dossier/concept"
PRINT = "/kandidaat/dossier/afdrukken"


def draft(client, fields, revision=None, token=None):  # type: ignore[no-untyped-def]
    token = token or csrf_token(client, FORM)
    return client.post(
        DRAFT,
        json={"fields": fields, "revision": revision},
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )


def form_data(fields: dict, action: str, token: str) -> dict:
    data: dict = {"csrf_token": token, "action": action}
    for name, value in fields.items():
        data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
    return data


def stored(make, candidate) -> Dossier | None:  # type: ignore[no-untyped-def]
    make.db.session.expire_all()
    return make.db.session.scalar(select(Dossier).where(Dossier.candidate_id == candidate.id))


# --- access -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [DASHBOARD, FORM, PRINT])
def test_anonymous_is_refused(client, path):
    response = client.get(path)
    assert response.status_code in (302, 401)
    if response.status_code == 302:
        assert "/accounts/login" in response.headers["Location"]


def test_anonymous_draft_gets_json_never_a_page(client, make):
    make.candidate()
    headers = {"Accept": "application/json"}
    no_token = client.post(DRAFT, json={"fields": {}}, headers=headers)
    assert (no_token.status_code, no_token.json["code"]) == (400, "csrf")
    token = csrf_token(client, "/accounts/login")
    response = client.post(DRAFT, json={"fields": {}}, headers={**headers, "X-CSRFToken": token})
    assert (response.status_code, response.json["code"]) == (401, "login_required")


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ASSESSOR, Role.ADMIN])
@pytest.mark.parametrize("path", [DASHBOARD, FORM, PRINT])
def test_other_roles_get_403(client, make, role, path):
    sign_in(client, make.user(role=role, company=make.company()))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ASSESSOR, Role.ADMIN])
def test_other_roles_cannot_save_drafts(client, make, role):
    candidate = make.candidate()
    sign_in(client, make.user(role=role, company=make.company()))
    token = client.get("/api/csrf-token").json["csrf_token"]
    response = client.post(
        DRAFT,
        json={"fields": {"motivation": "ingebroken"}, "revision": None},
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )
    assert response.status_code == 403
    assert response.is_json
    assert stored(make, candidate) is None


def test_candidate_without_a_case_gets_404(client, make):
    sign_in(client, make.user(role=Role.CANDIDATE))
    response = client.get(DASHBOARD)
    assert response.status_code == 404
    assert "geen aanmelding" in body(response)


def test_each_candidate_reaches_only_their_own_dossier(client, make):
    mine = make.candidate()
    other = make.candidate()
    make.dossier(other, complete=True)
    sign_in(client, mine.user)
    page = body(client.get(FORM))
    assert DEMO_FIELDS["motivation"][:40] not in page
    assert draft(client, {"motivation": "Mijn eigen tekst"}, 0).status_code == 200
    assert stored(make, mine).motivation == "Mijn eigen tekst"
    assert stored(make, other).motivation == DEMO_FIELDS["motivation"]
    assert DEMO_FIELDS["motivation"][:40] not in body(client.get(PRINT))


# --- dashboard ----------------------------------------------------------------------------


def test_dashboard_shows_state_next_step_and_pieces(client, make):
    candidate = make.candidate()
    sign_in(client, candidate.user)
    page = body(client.get(DASHBOARD))
    assert "Aangemeld door je leidinggevende" in page
    assert "Vul je motivatiedossier in" in page
    assert "Nog niet begonnen" in page
    assert 'href="/kandidaat/dossier"' in page
    assert "Nog niet ingediend" in page  # the manager's endorsement
    assert "certificaat A nog niet" in page


def test_dashboard_after_submission_and_endorsement(client, make):
    candidate = make.candidate(holds_a=True)
    make.endorsement(candidate, submitted=True)
    sign_in(client, candidate.user)
    token = csrf_token(client, FORM)
    client.post(FORM, data=form_data(DEMO_FIELDS, "submit", token))
    page = body(client.get(DASHBOARD))
    assert "Onderdeel 1 ingediend, wacht op beoordeling door de KSF" in page
    assert "Ingediend op" in page
    assert candidate.a_certificate_number in page


def test_dashboard_shows_the_rejection_reason(client, make):
    candidate = make.candidate(state=CandidateState.PART1_REJECTED)
    candidate.decision_reason = "De STAR-verhalen missen een <b>resultaat</b>."
    make.db.session.commit()
    sign_in(client, candidate.user)
    page = body(client.get(DASHBOARD))
    assert "Onderdeel 1 niet goedgekeurd" in page
    assert "De STAR-verhalen missen een &lt;b&gt;resultaat&lt;/b&gt;." in page


def test_dashboard_links_the_assessment_only_when_open(client, make, app):
    invited = make.candidate(state=CandidateState.ASSESSMENT_INVITED, holds_a=True)
    sign_in(client, invited.user)
    page = body(client.get(DASHBOARD))
    with app.test_request_context():
        exam = url_for("exam.overview")
    assert f'href="{exam}"' in page
    assert "Uitgenodigd voor het online assessment" in page
    waiting = make.candidate(state=CandidateState.PART1_SUBMITTED)
    sign_in(client, waiting.user)
    page = body(client.get(DASHBOARD))
    assert "Naar het online assessment" not in page
    assert "opent nadat de KSF onderdeel 1 heeft goedgekeurd" in page


def test_dashboard_says_what_the_assessment_waits_for(client, make):
    """Approved but without certificate A: the assessment waits for the A test, not for the
    KSF; rejected: it does not open at all."""
    needs_a = make.candidate(state=CandidateState.THEORY_A_REQUIRED)
    sign_in(client, needs_a.user)
    page = body(client.get(DASHBOARD))
    assert "opent zodra je de online toets voor certificaat A hebt gehaald" in page
    assert "opent nadat de KSF onderdeel 1 heeft goedgekeurd" not in page
    rejected = make.candidate(state=CandidateState.PART1_REJECTED)
    sign_in(client, rejected.user)
    page = body(client.get(DASHBOARD))
    assert "Onderdeel 1 is niet goedgekeurd, dus het online assessment opent niet." in page
    assert "opent nadat de KSF onderdeel 1 heeft goedgekeurd" not in page


# --- the form page ------------------------------------------------------------------------


def test_form_page_has_every_field_with_dutch_labels(client, make):
    candidate = make.candidate()
    sign_in(client, candidate.user)
    page = body(client.get(FORM))
    assert 'data-autosave-url="/kandidaat/dossier/concept"' in page
    assert 'data-revision="0"' in page
    assert f'data-autosave-key="dossier:{candidate.user.public_id}"' in page
    for name in (
        "role_description",
        "motivation",
        "future_goal",
        "manager_situation",
        "colleague_result",
    ):
        assert f'name="{name}"' in page
    assert 'name="years_in_contact_centres"' in page
    assert page.count('type="radio"') == 8 * 5
    assert page.count('name="manager_competencies"') == 8
    assert "Situatie" in page and "Wat speelde er?" in page
    assert "Mondelinge taalvaardigheid" in page
    assert 'id="autosave-i18n"' in page


def test_form_renders_saved_text_escaped(client, make):
    candidate = make.candidate()
    sign_in(client, candidate.user)
    attack = "<script>alert('x')</script> en verder"
    assert draft(client, {"motivation": attack}, 0).status_code == 200
    assert stored(make, candidate).motivation == attack
    page = body(client.get(FORM))
    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(" in page
    assert 'data-revision="1"' in page
    assert "&lt;script&gt;alert(" in body(client.get(PRINT))


# --- the autosave endpoint ----------------------------------------------------------------


def test_draft_saves_partial_data_and_starts_the_dossier(client, make):
    candidate = make.candidate()
    sign_in(client, candidate.user)
    response = draft(client, {"motivation": "Half af", "rating_reflection": "3"}, 0)
    assert response.status_code == 200, body(response)
    assert response.json["revision"] == 1
    assert sorted(response.json["saved"]) == ["motivation", "rating_reflection"]
    dossier = stored(make, candidate)
    assert dossier.motivation == "Half af"
    assert dossier.rating_for("reflection") == 3
    assert candidate.state is CandidateState.DOSSIER_IN_PROGRESS


def test_bad_fields_get_422_and_good_fields_are_still_saved(client, make):
    candidate = make.candidate()
    sign_in(client, candidate.user)
    response = draft(
        client,
        {
            "motivation": "Dit blijft bewaard",
            "future_goal": "x" * 1501,
            "years_in_contact_centres": "veel",
            "rating_analysis": [5],
            "manager_competencies": "niet-bestaand",
        },
        0,
    )
    assert response.status_code == 422
    data = response.json
    assert set(data["errors"]) == {
        "future_goal",
        "years_in_contact_centres",
        "rating_analysis",
        "manager_competencies",
    }
    assert data["errors"]["future_goal"] == "Te lang: maximaal 1500 tekens (nu 1501)."
    assert data["revision"] == 1
    assert stored(make, candidate).motivation == "Dit blijft bewaard"


def test_rejected_request_loses_nothing_already_saved(client, make):
    candidate = make.candidate()
    sign_in(client, candidate.user)
    assert draft(client, {"motivation": "Al bewaard", "future_goal": "Doel"}, 0).status_code == 200
    assert draft(client, {"future_goal": "y" * 5000}, 1).status_code == 422
    assert draft(client, {"motivation": "Oud"}, 0).status_code == 409
    assert (
        client.post(
            DRAFT,
            data="geen json",
            headers={
                "X-CSRFToken": csrf_token(client, FORM),
                "Accept": "application/json",
                "Content-Type": "application/json",
            },
        ).status_code
        == 400
    )
    dossier = stored(make, candidate)
    assert (dossier.motivation, dossier.future_goal) == ("Al bewaard", "Doel")


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        {"fields": "tekst"},
        {"fields": {}, "revision": "1"},
        {"fields": {}, "revision": True},
    ],
)
def test_malformed_bodies_get_400_json(client, make, payload):
    candidate = make.candidate()
    sign_in(client, candidate.user)
    response = client.post(
        DRAFT,
        json=payload,
        headers={"X-CSRFToken": csrf_token(client, FORM), "Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.json["code"] == "bad_request"
    assert stored(make, candidate) is None


def test_stale_revision_gets_409_with_current_revision(client, make):
    candidate = make.candidate()
    sign_in(client, candidate.user)
    draft(client, {"motivation": "tab A"}, 0)
    draft(client, {"motivation": "tab A verder"}, 1)
    response = draft(client, {"motivation": "tab B"}, 1)
    assert response.status_code == 409
    assert response.json["code"] == "stale"
    assert response.json["revision"] == 2
    assert stored(make, candidate).motivation == "tab A verder"


def test_forged_csrf_token_is_refused_with_json(client, make):
    candidate = make.candidate()
    sign_in(client, candidate.user)
    response = draft(client, {"motivation": "vervalst"}, 0, token="vervalst-token")
    assert response.status_code == 400
    assert response.json["code"] == "csrf"
    assert "beveiligingscode" in response.json["error"]
    assert stored(make, candidate) is None


def test_forged_csrf_on_the_form_is_refused_with_a_dutch_page(client, make):
    candidate = make.candidate()
    sign_in(client, candidate.user)
    response = client.post(FORM, data=form_data(DEMO_FIELDS, "submit", "vervalst"))
    assert response.status_code == 400
    assert "beveiligingscode" in body(response)
    assert stored(make, candidate) is None


def test_csrf_token_endpoint(client, make):
    assert client.get("/api/csrf-token").status_code == 401
    candidate = make.candidate()
    sign_in(client, candidate.user)
    response = client.get("/api/csrf-token")
    assert response.status_code == 200
    token = response.json["csrf_token"]
    assert draft(client, {"motivation": "met nieuw token"}, 0, token=token).status_code == 200


def test_expired_session_gets_401_json(client, make):
    candidate = make.candidate()
    sign_in(client, candidate.user)
    token = csrf_token(client, FORM)
    candidate.user.security_stamp = "ander-stempel"  # e.g. password changed elsewhere
    make.db.session.commit()
    response = draft(client, {"motivation": "na verlopen sessie"}, 0, token=token)
    assert response.status_code == 401
    assert response.json["code"] == "login_required"
    assert stored(make, candidate) is None


# --- submitting ---------------------------------------------------------------------------


def test_incomplete_submit_shows_errors_next_to_fields_and_keeps_text(client, make):
    candidate = make.candidate()
    sign_in(client, candidate.user)
    token = csrf_token(client, FORM)
    fields = dict(DEMO_FIELDS) | {"motivation": "Te kort", "colleague_competencies": []}
    del fields["rating_oral_language"]
    response = client.post(FORM, data=form_data(fields, "submit", token))
    assert response.status_code == 422
    page = body(response)
    assert 'id="motivation-error"' in page
    assert "Te kort: schrijf minimaal 150 tekens (nu 7)." in page
    assert 'id="colleague_competencies-error"' in page
    assert 'id="rating_oral_language-error"' in page
    assert 'aria-invalid="true"' in page
    assert ">Te kort</textarea>" in page
    dossier = stored(make, candidate)
    assert dossier.motivation == "Te kort"
    assert dossier.story(StoryKind.MANAGER).situation == DEMO_FIELDS["manager_situation"]
    assert dossier.submitted_at is None


def test_empty_submit_lists_every_field(client, make):
    candidate = make.candidate()
    sign_in(client, candidate.user)
    response = client.post(FORM, data={"csrf_token": csrf_token(client, FORM), "action": "submit"})
    assert response.status_code == 422
    assert body(response).count('class="field-error"') == 22


def test_save_button_without_javascript_stores_a_draft(client, make):
    candidate = make.candidate()
    sign_in(client, candidate.user)
    token = csrf_token(client, FORM)
    response = client.post(
        FORM, data={"csrf_token": token, "action": "save", "motivation": "Zonder JS\r\nregel 2"}
    )
    assert response.status_code == 302
    assert stored(make, candidate).motivation == "Zonder JS\nregel 2"


def test_complete_submit_locks_the_dossier(client, make):
    candidate = make.candidate()
    sign_in(client, candidate.user)
    token = csrf_token(client, FORM)
    response = client.post(FORM, data=form_data(DEMO_FIELDS, "submit", token))
    assert response.status_code == 302
    dossier = stored(make, candidate)
    assert dossier.is_submitted
    assert (
        dossier.story(dossier.stories[0].kind).competencies == DEMO_FIELDS["manager_competencies"]
    )
    revision = dossier.revision
    page = body(client.get(FORM))
    assert "data-autosave-url" not in page
    assert "kan niet meer worden gewijzigd" in page
    assert f'data-autosave-clear="dossier:{candidate.user.public_id}"' in page
    locked = draft(client, {"motivation": "na indienen"}, revision)
    assert locked.status_code == 409
    assert locked.json["code"] == "locked"
    again = client.post(FORM, data=form_data(DEMO_FIELDS, "submit", token))
    assert again.status_code == 409
    assert "al ingediend" in body(again)
    assert stored(make, candidate).motivation == DEMO_FIELDS["motivation"]


def test_submit_after_the_endorsement_hands_part1_to_ksf(client, make):
    candidate = make.candidate()
    make.endorsement(candidate, submitted=True)
    sign_in(client, candidate.user)
    token = csrf_token(client, FORM)
    client.post(FORM, data=form_data(DEMO_FIELDS, "submit", token))
    make.db.session.expire_all()
    assert candidate.state is CandidateState.PART1_SUBMITTED


def test_print_view_shows_the_dossier(client, make):
    candidate = make.candidate()
    make.dossier(candidate, complete=True)
    sign_in(client, candidate.user)
    page = body(client.get(PRINT))
    assert "Afdrukken" in page
    assert "Concept" in page
    assert "STAR-verhaal met een collega" in page
    assert "Sensitiviteit/inlevingsvermogen" in page
    assert re.search(r"/static/css/dossier(\.[0-9a-f]+)?\.css", page)


def test_operations_values_match_what_the_form_posts(make):
    candidate = make.candidate()
    dossier = make.dossier(candidate, complete=True)
    assert operations.values_of(dossier) == DEMO_FIELDS
