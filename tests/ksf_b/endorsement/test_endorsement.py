"""The manager's endorsement: autosaved drafts, Dutch validation, submit locks, owner only."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ksf_b.endorsement.models import Endorsement
from ksf_b.journey.models import CandidateState
from tests.conftest import csrf_token
from tests.factories.journey import REASON, ROLE_MODEL
from tests.ksf_b.journey.support import body, post_form, sign_in


def page_of(candidate) -> str:  # type: ignore[no-untyped-def]
    return f"/aanbeveling/{candidate.public_id}"


def draft(client, candidate, fields, revision=None, token=None):  # type: ignore[no-untyped-def]
    token = token or csrf_token(client, page_of(candidate))
    return client.post(
        page_of(candidate) + "/concept",
        json={"fields": fields, "revision": revision},
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )


def complete_fields(**overrides: str) -> dict[str, str]:
    data = {
        "nomination_reason": REASON,
        "role_model_description": ROLE_MODEL,
        "role_description_confirmed": "y",
        "role_description_remark": "",
    }
    return {**data, **overrides}


def stored(make, candidate) -> Endorsement:  # type: ignore[no-untyped-def]
    make.db.session.expire_all()
    return make.db.session.scalar(
        select(Endorsement).where(Endorsement.candidate_id == candidate.id)
    )


def test_page_shows_role_description_from_dossier(client, make) -> None:
    candidate = make.candidate()
    make.bare_dossier(candidate, submitted=False)
    sign_in(client, candidate.manager)
    page = body(client.get(page_of(candidate)))
    assert "Senior medewerker: coach, vraagbaak en kwaliteitsbewaker." in page
    assert "data-autosave-url" in page


def test_draft_saves_and_bumps_revision(client, make) -> None:
    candidate = make.candidate()
    sign_in(client, candidate.manager)
    first = draft(client, candidate, {"nomination_reason": "Eerste zin."}, revision=0)
    assert first.status_code == 200, body(first)
    assert first.json["revision"] == 1
    second = draft(client, candidate, {"role_model_description": "Tweede."}, revision=1)
    assert second.status_code == 200
    saved = stored(make, candidate)
    assert (saved.nomination_reason, saved.role_model_description) == ("Eerste zin.", "Tweede.")
    assert saved.revision == 2 and saved.submitted_at is None


def test_draft_with_a_bad_field_keeps_the_good_ones(client, make) -> None:
    candidate = make.candidate()
    sign_in(client, candidate.manager)
    response = draft(
        client,
        candidate,
        {
            "nomination_reason": "Goed bewaard.",
            "role_model_description": "x" * 4001,
            "role_description_confirmed": "ja",
            "evil": 1,
        },
        revision=0,
    )
    assert response.status_code == 422
    errors = response.json["errors"]
    assert set(errors) == {"role_model_description", "role_description_confirmed", "evil"}
    assert "hoogstens 4000 tekens" in errors["role_model_description"]
    assert stored(make, candidate).nomination_reason == "Goed bewaard."


def test_stale_revision_is_409_and_keeps_newer_text(client, make) -> None:
    candidate = make.candidate()
    sign_in(client, candidate.manager)
    draft(client, candidate, {"nomination_reason": "Nieuwste tekst."}, revision=0)
    response = draft(client, candidate, {"nomination_reason": "Oude tab."}, revision=0)
    assert response.status_code == 409
    assert response.json["revision"] == 1
    assert stored(make, candidate).nomination_reason == "Nieuwste tekst."


@pytest.mark.parametrize("payload", ["geen json", [1, 2], {"fields": "x", "revision": "twee"}])
def test_unreadable_draft_is_400_in_dutch(client, make, payload) -> None:
    candidate = make.candidate()
    sign_in(client, candidate.manager)
    token = csrf_token(client, page_of(candidate))
    headers = {"X-CSRFToken": token, "Accept": "application/json"}
    if isinstance(payload, str):
        response = client.post(
            page_of(candidate) + "/concept",
            data=payload,
            headers=headers,
            content_type="application/json",
        )
    else:
        response = client.post(page_of(candidate) + "/concept", json=payload, headers=headers)
    assert response.status_code in (400, 422)
    assert "error" in response.json or "errors" in response.json


def test_expired_session_gets_401_json(client, make) -> None:
    candidate = make.candidate()
    response = client.post(
        page_of(candidate) + "/concept",
        json={"fields": {"nomination_reason": "x"}, "revision": 0},
        headers={"Accept": "application/json"},
    )
    # CSRF comes first for an anonymous client without a session; both are a refusal
    assert response.status_code in (400, 401)
    assert stored(make, candidate) is None


def test_expired_session_with_valid_token_gets_401(client, make) -> None:
    candidate = make.candidate()
    sign_in(client, candidate.manager)
    token = csrf_token(client, page_of(candidate))
    with client.session_transaction() as session:
        session.pop("_user_id")
    response = draft(client, candidate, {"nomination_reason": "x"}, revision=0, token=token)
    assert response.status_code == 401
    assert "sessie is verlopen" in response.json["error"]


def test_submit_locks_and_later_drafts_are_409(client, make) -> None:
    candidate = make.candidate()
    make.bare_dossier(candidate, submitted=False)  # the role description to confirm
    sign_in(client, candidate.manager)
    response = post_form(
        client, page_of(candidate) + "/indienen", complete_fields(), token_from=page_of(candidate)
    )
    assert response.status_code == 302, body(response)
    saved = stored(make, candidate)
    assert saved.submitted_at is not None and saved.role_description_confirmed is True
    # the dossier is not in yet, so part 1 is not complete
    assert candidate.state is CandidateState.NOMINATED
    late = draft(client, candidate, {"nomination_reason": "Te laat."}, revision=saved.revision)
    assert late.status_code == 409 and late.json["code"] == "locked"
    page = body(client.get(page_of(candidate)))
    assert "Ingediend" in page and "data-autosave-url" not in page
    again = post_form(
        client, page_of(candidate) + "/indienen", complete_fields(), page_of(candidate)
    )
    assert again.status_code == 409
    assert stored(make, candidate).nomination_reason == REASON


def test_submit_after_dossier_completes_part1(client, make) -> None:
    candidate = make.candidate(state=CandidateState.DOSSIER_IN_PROGRESS)
    make.bare_dossier(candidate, submitted=True)
    sign_in(client, candidate.manager)
    response = post_form(
        client, page_of(candidate) + "/indienen", complete_fields(), token_from=page_of(candidate)
    )
    assert response.status_code == 302
    make.db.session.expire_all()
    assert candidate.state is CandidateState.PART1_SUBMITTED
    assert candidate.events[-1].transition == "complete_part1"
    assert candidate.events[-1].actor_id == candidate.manager_id


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nomination_reason": ""}, "Beschrijf waarom je deze kandidaat voordraagt."),
        ({"nomination_reason": "Te kort."}, "Schrijf de reden in 50 tot 4000 tekens."),
        ({"role_model_description": "kort"}, "Schrijf de voorbeeldrol in 50 tot 4000 tekens."),
        ({"role_description_confirmed": ""}, "Bevestig de functieomschrijving van de kandidaat."),
        ({"role_description_remark": "o" * 2001}, "Schrijf de opmerking in 0 tot 2000 tekens."),
    ],
)
def test_incomplete_submit_is_refused_but_text_is_kept(client, make, overrides, message) -> None:
    candidate = make.candidate()
    make.bare_dossier(candidate, submitted=False)  # the role description to confirm
    sign_in(client, candidate.manager)
    fields = complete_fields(**overrides)
    if not overrides.get("role_description_confirmed", "y"):
        fields.pop("role_description_confirmed")
    response = post_form(client, page_of(candidate) + "/indienen", fields, page_of(candidate))
    assert response.status_code == 422
    assert message in body(response)
    saved = stored(make, candidate)
    assert saved.submitted_at is None
    assert saved.nomination_reason == fields["nomination_reason"]


def test_script_tags_are_escaped_on_the_page(client, make) -> None:
    candidate = make.candidate()
    sign_in(client, candidate.manager)
    draft(client, candidate, {"nomination_reason": "<script>alert('x')</script>"}, revision=0)
    page = body(client.get(page_of(candidate)))
    assert "<script>alert('x')</script>" not in page
    assert "&lt;script&gt;" in page


def test_other_manager_gets_404_and_changes_nothing(client, make) -> None:
    candidate = make.candidate()
    make.endorsement(candidate, submitted=False)
    intruder = make.manager()
    sign_in(client, intruder)
    assert client.get(page_of(candidate)).status_code == 404
    token = csrf_token(client, "/leidinggevende/")
    response = client.post(
        page_of(candidate) + "/concept",
        json={"fields": {"nomination_reason": "gekaapt"}, "revision": 1},
        headers={"X-CSRFToken": token, "Accept": "application/json"},
    )
    assert response.status_code == 404
    response = client.post(
        page_of(candidate) + "/indienen", data={**complete_fields(), "csrf_token": token}
    )
    assert response.status_code == 404
    saved = stored(make, candidate)
    assert saved.nomination_reason == REASON and saved.submitted_at is None


def test_candidate_may_not_read_the_endorsement(client, make) -> None:
    candidate = make.candidate()
    sign_in(client, candidate.user)
    assert client.get(page_of(candidate)).status_code == 403


def test_autosave_checkbox_list_and_page_contract(client, make) -> None:
    candidate = make.candidate()
    make.bare_dossier(candidate, submitted=False)  # the role description to confirm
    sign_in(client, candidate.manager)
    page = body(client.get(page_of(candidate)))
    key = f"endorsement:{candidate.public_id}:{candidate.manager.public_id}"
    assert f'data-autosave-key="{key}"' in page and 'data-revision="0"' in page
    assert 'id="autosave-i18n"' in page
    checked = draft(client, candidate, {"role_description_confirmed": ["y"]}, revision=0)
    assert checked.status_code == 200
    assert stored(make, candidate).role_description_confirmed is True
    unchecked = draft(client, candidate, {"role_description_confirmed": []}, revision=1)
    assert unchecked.status_code == 200
    assert stored(make, candidate).role_description_confirmed is False
    stale = draft(client, candidate, {"nomination_reason": "oud"}, revision=0)
    assert stale.json["code"] == "stale"


def test_confirmation_waits_for_the_candidates_role_description(client, make) -> None:
    candidate = make.candidate()
    sign_in(client, candidate.manager)
    page = body(client.get(page_of(candidate)))
    assert "nog niet ingevuld" in page
    assert 'id="role_description_confirmed"' in page and "disabled" in page
    checked = draft(client, candidate, {"role_description_confirmed": ["y"]}, revision=0)
    assert checked.status_code == 200
    assert stored(make, candidate).role_description_confirmed is False  # nothing to confirm
    response = post_form(
        client, page_of(candidate) + "/indienen", complete_fields(), token_from=page_of(candidate)
    )
    assert response.status_code == 422
    assert "De kandidaat heeft de functieomschrijving nog niet ingevuld." in body(response)
    assert stored(make, candidate).submitted_at is None
    make.bare_dossier(candidate, submitted=False)
    page = body(client.get(page_of(candidate)))
    assert "Senior medewerker: coach" in page
    response = post_form(
        client, page_of(candidate) + "/indienen", complete_fields(), token_from=page_of(candidate)
    )
    assert response.status_code == 302
