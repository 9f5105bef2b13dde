"""The assessment operations hold the limits themselves, whatever a client sends."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ksf_b.assessment import operations as ops
from ksf_b.assessment import programme, scenario_admin
from ksf_b.assessment.models import Accommodation, Assessment, Response
from ksf_b.db_types import utcnow
from ksf_b.journey.models import CandidateState
from media.models.asset import AssetStatus


@pytest.fixture
def scenarios(make):  # type: ignore[no-untyped-def]
    return make.scenario_set()


@pytest.fixture
def assessment(make, scenarios) -> Assessment:  # type: ignore[no-untyped-def]
    return make.assessment()


def actor(assessment: Assessment):  # type: ignore[no-untyped-def]
    return assessment.candidate.user


def confirm_all(make, db, assessment: Assessment) -> None:  # type: ignore[no-untyped-def]
    while (response := ops.current_response(assessment)) is not None:
        take = make.take(response)
        ops.confirm_take(take, actor(assessment))
        db.session.flush()


def test_current_response_follows_positions_and_is_created_lazily(db, assessment, scenarios):
    assert db.session.query(Response).count() == 0
    response = ops.current_response(assessment)
    assert response.scenario is scenarios[0]
    assert ops.current_response(assessment) is response
    assert db.session.query(Response).count() == 1
    assert ops.progress(assessment) == ops.Progress(confirmed=0, total=10, position=1)


def test_play_limit_holds_on_direct_calls(db, assessment):
    response = ops.current_response(assessment)
    assert ops.register_prompt_play(response, actor(assessment)) == 1
    assert ops.register_prompt_play(response, actor(assessment)) == 0
    with pytest.raises(ops.LimitReached) as refused:
        ops.register_prompt_play(response, actor(assessment))
    assert "zo vaak bekeken" in refused.value.message
    assert refused.value.as_http().code == 409
    db.session.expire_all()
    assert db.session.get(Response, response.id).prompt_plays == 2


def test_first_scenario_action_starts_recording_state(db, assessment):
    candidate = assessment.candidate
    assert candidate.state is CandidateState.ASSESSMENT_INVITED
    ops.register_prompt_play(ops.current_response(assessment), actor(assessment))
    assert candidate.state is CandidateState.RECORDING
    assert assessment.started_at is not None


def test_extra_plays_accommodation_extends_the_play_limit(db, make, assessment):
    admin = make.user(role=make_admin_role())
    programme.grant_accommodation(assessment, admin, reason="Slechthorend", extra_prompt_plays=1)
    response = ops.current_response(assessment)
    remaining = [ops.register_prompt_play(response, actor(assessment)) for _ in range(3)]
    assert remaining == [2, 1, 0]
    with pytest.raises(ops.LimitReached):
        ops.register_prompt_play(response, actor(assessment))


def make_admin_role():  # type: ignore[no-untyped-def]
    from ksf_b.accounts.models import Role

    return Role.ADMIN


def test_take_limit_holds_on_direct_calls(db, make, assessment):
    response = ops.current_response(assessment)
    make.take(response)
    make.take(response)  # first take plus one allowed retake
    db.session.refresh(response)
    assert ops.takes_remaining(response) == 0
    with pytest.raises(ops.LimitReached) as refused:
        ops.open_take(response, actor(assessment))
    assert "alle toegestane opnames" in refused.value.message


def test_extra_retake_and_time_accommodations_extend_limits(db, make, assessment):
    admin = make.user(role=make_admin_role())
    response = ops.current_response(assessment)
    before = ops.limits_for(response)
    programme.grant_accommodation(
        assessment,
        admin,
        reason="Dyslexie: meer tijd om te lezen",
        extra_thinking_seconds=30,
        extra_answer_seconds=60,
        extra_retakes=1,
    )
    db.session.refresh(assessment)
    after = ops.limits_for(response)
    assert after.takes_allowed == before.takes_allowed + 1
    assert after.thinking_seconds == before.thinking_seconds + 30
    assert after.max_answer_seconds == before.max_answer_seconds + 60
    accommodation = db.session.query(Accommodation).one()
    assert accommodation.granted_by is admin and accommodation.granted_at is not None


def test_accommodation_needs_a_reason_and_something_to_grant(make, assessment):
    admin = make.user(role=make_admin_role())
    with pytest.raises(ops.InvalidInput):
        programme.grant_accommodation(assessment, admin, reason=" ", extra_retakes=1)
    with pytest.raises(ops.InvalidInput):
        programme.grant_accommodation(assessment, admin, reason="Reden")
    with pytest.raises(ops.InvalidInput):
        programme.grant_accommodation(assessment, admin, reason="Reden", extra_retakes=-1)


def test_closed_window_refuses(db, make, scenarios):
    assessment = make.assessment(days_left=-1, opens_at=utcnow() - timedelta(days=20))
    response = ops.current_response(assessment)
    with pytest.raises(ops.WindowClosed):
        ops.register_prompt_play(response, actor(assessment))
    with pytest.raises(ops.WindowClosed):
        ops.open_take(response, actor(assessment))
    with pytest.raises(ops.WindowClosed):
        ops.give_consent(assessment, actor(assessment))


def test_window_not_yet_open_refuses(make, scenarios):
    assessment = make.assessment(opens_at=utcnow() + timedelta(days=1))
    with pytest.raises(ops.WindowClosed):
        ops.register_prompt_play(ops.current_response(assessment), actor(assessment))


def test_scenarios_need_consent_and_device_check(make, scenarios):
    assessment = make.assessment(prepared=False)
    response = ops.current_response(assessment)
    with pytest.raises(ops.NotReady):
        ops.register_prompt_play(response, actor(assessment))
    with pytest.raises(ops.NotReady):
        ops.record_device_check(assessment, actor(assessment))
    ops.give_consent(assessment, actor(assessment))
    with pytest.raises(ops.NotReady):
        ops.complete_practice(assessment, actor(assessment))
    ops.record_device_check(assessment, actor(assessment))
    ops.complete_practice(assessment, actor(assessment))
    assert ops.register_prompt_play(response, actor(assessment)) == 1


def test_a_later_scenario_cannot_be_answered_first(db, make, assessment, scenarios):
    later = Response(assessment=assessment, scenario=scenarios[3])
    db.session.add(later)
    db.session.flush()
    with pytest.raises(ops.OutOfOrder):
        ops.register_prompt_play(later, actor(assessment))


def test_start_thinking_is_idempotent(assessment):
    response = ops.current_response(assessment)
    deadline = ops.start_thinking(response, actor(assessment))
    assert ops.start_thinking(response, actor(assessment)) == deadline
    assert deadline - response.thinking_started_at.replace(tzinfo=deadline.tzinfo) == timedelta(
        seconds=60
    )


@pytest.mark.parametrize("status", [AssetStatus.UPLOADING])
def test_confirm_refuses_an_unfinished_upload(make, assessment, status):
    response = ops.current_response(assessment)
    take = make.take(response, status=status)
    with pytest.raises(ops.UploadNotVerified):
        ops.confirm_take(take, actor(assessment))
    assert not response.is_confirmed


def test_confirm_refuses_a_failed_upload_with_its_reason(make, assessment):
    response = ops.current_response(assessment)
    take = make.take(response, status=AssetStatus.FAILED)
    take.asset.failure_reason = "Geen videostroom gevonden"
    with pytest.raises(ops.UploadFailed) as refused:
        ops.confirm_take(take, actor(assessment))
    assert "Geen videostroom gevonden" in refused.value.message


@pytest.mark.parametrize("status", [AssetStatus.QUEUED, AssetStatus.PROCESSING, AssetStatus.READY])
def test_confirm_accepts_a_verified_upload_and_moves_on(make, assessment, scenarios, status):
    response = ops.current_response(assessment)
    take = make.take(response, status=status)
    ops.confirm_take(take, actor(assessment))
    assert response.confirmed_take is take
    assert ops.confirm_take(take, actor(assessment)) is response  # repeat is harmless
    assert ops.current_response(assessment).scenario is scenarios[1]
    assert ops.progress(assessment).confirmed == 1


def test_submit_needs_all_ten(db, make, assessment):
    candidate = assessment.candidate
    ops.register_prompt_play(ops.current_response(assessment), actor(assessment))
    for _ in range(9):
        response = ops.current_response(assessment)
        ops.confirm_take(make.take(response), actor(assessment))
    with pytest.raises(ops.Incomplete) as refused:
        ops.submit_assessment(assessment, actor(assessment))
    assert "9 van de 10" in refused.value.message
    response = ops.current_response(assessment)
    ops.confirm_take(make.take(response), actor(assessment))
    assert ops.current_response(assessment) is None
    ops.submit_assessment(assessment, actor(assessment))
    assert candidate.state is CandidateState.RATING  # submit_part2, then start_rating
    assert assessment.submitted_at is not None
    with pytest.raises(ops.AlreadySubmitted):
        ops.submit_assessment(assessment, actor(assessment))


def test_ensure_assessment_uses_the_programme_window(db, make):
    candidate = make.candidate(state=CandidateState.ASSESSMENT_INVITED)
    settings = programme.get_settings()
    settings.window_days = 10
    now = utcnow()
    assessment = ops.ensure_assessment(candidate, now=now)
    assert assessment.closes_at - assessment.opens_at == timedelta(days=10)
    assert ops.ensure_assessment(candidate) is assessment
    assert ops.ensure_assessment(make.candidate(state=CandidateState.NOMINATED)) is None


def test_open_assessment_refuses_a_deadline_before_opening(make):
    candidate = make.candidate(state=CandidateState.ASSESSMENT_INVITED)
    now = utcnow()
    with pytest.raises(ops.InvalidInput):
        ops.open_assessment(candidate, None, now, now - timedelta(days=1))


def test_save_scenario_requires_oral_language_and_a_free_position(db, make, scenarios):
    admin = make.user(role=make_admin_role())
    fields = {
        "position": 3,
        "title": "Nieuw",
        "situation": "Situatie",
        "instructions": "Instructie",
        "thinking_seconds": 60,
        "max_answer_seconds": 120,
        "allowed_retakes": 1,
        "max_prompt_plays": 2,
        "active": True,
    }
    with pytest.raises(ops.InvalidInput) as refused:
        scenario_admin.save_scenario(None, admin, competency_codes=["analysis"], **fields)
    assert "Mondelinge taalvaardigheid" in refused.value.message
    with pytest.raises(ops.InvalidInput) as refused:
        scenario_admin.save_scenario(
            None, admin, competency_codes=["analysis", "oral_language"], **fields
        )
    assert "Positie 3 is al in gebruik" in refused.value.message
    db.session.rollback()
    fields["active"] = False
    saved = scenario_admin.save_scenario(
        None, admin, competency_codes=["analysis", "oral_language"], **fields
    )
    assert saved.competency_codes == ["analysis", "oral_language"]
    assert scenario_admin.coverage_warnings() == []
