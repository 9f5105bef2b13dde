"""Calibration over HTTP: benchmarks by admins, attempts by new assessors, decisions."""

from __future__ import annotations

import pytest

from assessors import calibration_operations as ops
from assessors.assignment import eligible, profile_of
from assessors.models import CalibrationAttempt, CalibrationStatus
from ksf_b.accounts.models import Role
from ksf_b.journey.models import CandidateState
from tests.assessors.quality.access_entries import confirmed_response
from tests.ksf_b.journey.support import body, post_form, sign_in

HOME = "/beoordelen/kalibratie"


@pytest.fixture
def calibration_set(make, db):  # type: ignore[no-untyped-def]
    """Two benchmark responses with agreed scores (3 everywhere, 4 for oral language)."""
    admin = make.user(Role.ADMIN)
    made = []
    for position in (3, 4):
        response = confirmed_response(make, position)
        agreed = {
            c: ("4" if c == "oral_language" else "3") for c in response.scenario.competency_codes
        }
        made.append(ops.mark_benchmark(response, agreed, f"Ankers bij scenario {position}.", admin))
    db.session.commit()
    return made


def _fields(attempt: CalibrationAttempt, value) -> dict:  # type: ignore[no-untyped-def]
    return {
        ops.field_name(s.benchmark, s.competency_code): str(value(s.competency_code))
        for s in attempt.scores
    }


def _start(client) -> CalibrationAttempt:  # type: ignore[no-untyped-def]
    response = post_form(client, f"{HOME}/starten", {}, token_from=HOME)
    assert response.status_code == 302
    public_id = response.headers["Location"].rsplit("/", 1)[-1]
    from ksf_b.extensions import db

    return db.session.scalar(
        db.select(CalibrationAttempt).where(CalibrationAttempt.public_id == public_id)
    )


def test_admin_marks_a_response_as_benchmark_through_the_form(app, make, db) -> None:
    response = confirmed_response(make)
    client = sign_in(app.test_client(), make.user(Role.ADMIN))
    url = f"/beheer/kalibratie/opname/{response.public_id}"
    codes = response.scenario.competency_codes
    bad = post_form(client, url, {f"agreed-{codes[0]}": "3", "rationale": ""})
    assert bad.status_code == 422
    assert "afgesproken score van 1 tot 5" in body(bad)
    data = {f"agreed-{c}": "4" for c in codes} | {"rationale": "Vraagt door, vat samen."}
    assert post_form(client, url, data).status_code == 302
    benchmark = ops.benchmark_of(response)
    assert benchmark.agreed() == dict.fromkeys(codes, 4)
    assert "Vraagt door, vat samen." in body(client.get("/beheer/kalibratie"))


def test_uncalibrated_assessor_is_not_assignable_until_passing(
    app, make, db, calibration_set
) -> None:
    newcomer = make.assessor(calibrated=False)
    candidate = make.candidate(state=CandidateState.RATING, holds_a=True)
    assert newcomer.id not in {p.user_id for p in eligible(candidate)}

    client = sign_in(app.test_client(), newcomer)
    assert "Kalibratie starten" in body(client.get(HOME))
    attempt = _start(client)
    page = body(client.get(f"{HOME}/{attempt.public_id}"))
    assert page.count('type="radio"') == 5 * len(attempt.scores)
    assert page.count('class="anchor"') == 5 * len(attempt.scores)
    # the agreed scores exactly, except one point off on oral language in both: MAD 2/6
    fields = _fields(attempt, lambda code: 5 if code == "oral_language" else 3)
    response = post_form(client, f"{HOME}/{attempt.public_id}/indienen", fields, token_from=HOME)
    assert response.status_code == 302
    db.session.refresh(attempt)
    assert attempt.status is CalibrationStatus.PASSED
    assert profile_of(newcomer).is_calibrated
    assert newcomer.id in {p.user_id for p in eligible(candidate)}
    result_page = body(client.get(HOME))
    assert "Je bent gekalibreerd" in result_page
    assert "Ankers bij scenario 3." in result_page  # the rationale after submitting
    assert 'data-competency="oral_language"' in result_page


def test_far_off_attempt_is_referred_and_an_admin_decides(app, make, db, calibration_set) -> None:
    newcomer = make.assessor(calibrated=False)
    client = sign_in(app.test_client(), newcomer)
    attempt = _start(client)
    post_form(
        client,
        f"{HOME}/{attempt.public_id}/indienen",
        _fields(attempt, lambda c: 1),
        token_from=HOME,
    )
    db.session.refresh(attempt)
    assert attempt.status is CalibrationStatus.REFERRED
    assert attempt.mean_absolute_deviation > 0.75
    assert not profile_of(newcomer).is_calibrated
    assert "Een beheerder beslist" in body(client.get(HOME))

    admin = sign_in(app.test_client(), make.user(Role.ADMIN))
    url = f"/beheer/kalibratie/pogingen/{attempt.public_id}"
    assert newcomer.full_name in body(admin.get("/beheer/kalibratie"))
    no_reason = post_form(admin, url, {"decision": "deny", "reason": ""})
    assert no_reason.status_code == 422
    assert (
        post_form(admin, url, {"decision": "deny", "reason": "Te streng op alles."}).status_code
        == 302
    )
    db.session.refresh(attempt)
    assert attempt.status is CalibrationStatus.DENIED
    assert "Te streng op alles." in body(client.get(HOME))
    # after a denial the assessor may try again; an admin may also approve
    second = _start(client)
    assert second.id != attempt.id
    post_form(
        client, f"{HOME}/{second.public_id}/indienen", _fields(second, lambda c: 1), token_from=HOME
    )
    post_form(
        admin,
        f"/beheer/kalibratie/pogingen/{second.public_id}",
        {"decision": "approve", "reason": "Besproken."},
    )
    db.session.refresh(second)
    assert second.status is CalibrationStatus.APPROVED
    assert profile_of(newcomer).is_calibrated


def test_incomplete_attempt_cannot_be_submitted(app, make, db, calibration_set) -> None:
    client = sign_in(app.test_client(), make.assessor(calibrated=False))
    attempt = _start(client)
    response = post_form(client, f"{HOME}/{attempt.public_id}/indienen", {}, token_from=HOME)
    assert response.status_code == 302
    db.session.refresh(attempt)
    assert attempt.is_open
    assert "Geef elke competentie" in body(client.get(f"{HOME}/{attempt.public_id}"))


def test_autosave_compare_and_set_and_lock(app, make, db, calibration_set) -> None:
    newcomer = make.assessor(calibrated=False)
    client = sign_in(app.test_client(), newcomer)
    attempt = _start(client)
    token = client.get("/api/csrf-token").json["csrf_token"]
    url = f"{HOME}/{attempt.public_id}/concept"
    name = ops.field_name(attempt.scores[0].benchmark, attempt.scores[0].competency_code)
    headers = {"X-CSRFToken": token}
    first = client.post(url, json={"fields": {name: "4"}, "revision": 0}, headers=headers)
    assert first.status_code == 200 and first.json["revision"] == 1
    stale = client.post(url, json={"fields": {name: "2"}, "revision": 0}, headers=headers)
    assert stale.status_code == 409 and stale.json == stale.json | {"code": "stale", "revision": 1}
    bad = client.post(url, json={"fields": {name: "9", "x": "1"}, "revision": 1}, headers=headers)
    assert bad.status_code == 422 and set(bad.json["errors"]) == {name, "x"}
    db.session.refresh(attempt.scores[0])
    assert attempt.scores[0].value == 4
    # someone else's attempt is not found; after submission drafts are locked
    other = sign_in(app.test_client(), make.assessor(calibrated=False))
    other_token = other.get("/api/csrf-token").json["csrf_token"]
    assert (
        other.post(url, json={"fields": {}}, headers={"X-CSRFToken": other_token}).status_code
        == 404
    )
    post_form(
        client,
        f"{HOME}/{attempt.public_id}/indienen",
        _fields(attempt, lambda c: 3),
        token_from=HOME,
    )
    locked = client.post(url, json={"fields": {name: "3"}, "revision": 9}, headers=headers)
    assert locked.status_code == 409 and locked.json["code"] == "locked"
    logged_out = app.test_client().post(url, json={"fields": {}})
    assert logged_out.status_code in (400, 401)


def test_a_calibrated_assessor_cannot_start(app, make, db, calibration_set) -> None:
    client = sign_in(app.test_client(), make.assessor(calibrated=True))
    assert "Je bent gekalibreerd" in body(client.get(HOME))
    response = post_form(client, f"{HOME}/starten", {}, token_from=HOME)
    assert response.status_code == 302 and response.headers["Location"].endswith(HOME)
    assert db.session.scalar(db.select(db.func.count()).select_from(CalibrationAttempt)) == 0


def test_benchmark_recording_plays_only_for_assessors_calibrating_on_it(
    app, make, db, calibration_set
) -> None:
    asset = calibration_set[0].response.confirmed_take.asset
    video = f"/media/assets/{asset.public_id}/video"
    newcomer = make.assessor(calibrated=False)
    client = sign_in(app.test_client(), newcomer)
    assert client.get(video).status_code == 404
    _start(client)
    assert client.get(video).status_code in (200, 206)
    stranger = sign_in(app.test_client(), make.assessor(calibrated=False))
    assert stranger.get(video).status_code == 404
