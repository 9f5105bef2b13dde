"""Takes opened through the real upload sessions, and who may view assessment media."""

from __future__ import annotations

import pytest

from ksf_b.accounts.models import Role
from ksf_b.assessment import operations as ops
from ksf_b.assessment import programme
from media.models.asset import AssetKind, AssetStatus
from media.models.upload import UploadSession, UploadState
from tests.conftest import login


def client_for(app, user):  # type: ignore[no-untyped-def]
    """A fresh browser logged in as `user` through the real form."""
    browser = app.test_client()
    assert login(browser, user.email).status_code == 302
    return browser


def test_open_take_opens_an_upload_session_and_counts_takes(app, db, make):
    make.scenario_set()
    assessment = make.assessment()
    user = assessment.candidate.user
    response = ops.current_response(assessment)
    first = ops.open_take(response, user)
    second = ops.open_take(response, user)
    assert (first.number, second.number) == (1, 2)
    upload = db.session.query(UploadSession).filter_by(public_id=first.upload_id).one()
    assert upload.owner_id == user.id and upload.state is UploadState.OPEN
    assert upload.max_bytes == app.config["RECORDING_MAX_BYTES"]
    assert first.asset.kind is AssetKind.RECORDING
    assert first.asset.status is AssetStatus.UPLOADING
    with pytest.raises(ops.LimitReached):
        ops.open_take(response, user)
    # an unfinished upload cannot be confirmed
    with pytest.raises(ops.UploadNotVerified):
        ops.confirm_take(second, user)
    admin = make.user(role=Role.ADMIN)
    programme.grant_accommodation(assessment, admin, reason="Technische storing", extra_retakes=1)
    db.session.refresh(assessment)
    assert ops.open_take(response, user).number == 3


def test_assessors_see_recordings_only_after_submission(app, db, make):
    assigned_first = make.assessor()
    make.scenario_set()
    assessment = make.assessment()
    user = assessment.candidate.user
    ops.register_prompt_play(ops.current_response(assessment), user)
    takes = []
    while (response := ops.current_response(assessment)) is not None:
        take = make.take(response)
        ops.confirm_take(take, user)
        takes.append(take)
    db.session.commit()
    path = f"/media/assets/{takes[0].asset.public_id}"
    assessor = client_for(app, assigned_first)
    assert assessor.get(path).status_code == 404  # not handed in yet
    ops.submit_assessment(assessment, user)  # assigns the calibrated assessor
    db.session.commit()
    assert assessor.get(path).status_code == 200
    # an assessor who is not assigned to this candidate never sees the recording
    assert client_for(app, make.user(role=Role.ASSESSOR)).get(path).status_code == 404
    assert client_for(app, make.candidate().user).get(path).status_code == 404
    assert client_for(app, user).get(path).status_code == 200


def test_candidate_sees_the_prompt_only_after_a_counted_play(app, db, make):
    admin = make.user(role=Role.ADMIN)
    scenarios = make.scenario_set()
    video = make.asset(admin, kind=AssetKind.SCENARIO, status=AssetStatus.READY)
    later_video = make.asset(admin, kind=AssetKind.SCENARIO, status=AssetStatus.READY)
    scenarios[0].video_asset = video
    scenarios[1].video_asset = later_video
    assessment = make.assessment()
    user = assessment.candidate.user
    db.session.commit()
    path = f"/media/assets/{video.public_id}"
    client = client_for(app, user)
    assert client.get(path).status_code == 404  # no play counted yet
    response = ops.current_response(assessment)
    ops.register_prompt_play(response, user)
    db.session.commit()
    assert client.get(path).status_code == 200
    assert client.get(f"/media/assets/{later_video.public_id}").status_code == 404
    make.take(response)  # once recording started the prompt is closed
    assert client.get(path).status_code == 404

    assert client_for(app, make.user(role=Role.ASSESSOR)).get(path).status_code == 200
    manager = make.user(role=Role.MANAGER, company=make.company())
    assert client_for(app, manager).get(path).status_code == 404
