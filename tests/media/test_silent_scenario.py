"""An actor video without sound: the admin is told so (not about a microphone) and may accept it.

Accepted, it is processed again with a silent AAC track, so it plays and verifies like any
other; a candidate's silent recording still fails with the microphone message.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from flask import Flask

from ksf_b.accounts.models import Role
from ksf_b.extensions import db
from media.jobs import execute
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.models.job import Job, JobStatus
from media.probe import probe
from media.processing import accept_silent, awaits_silence_decision, request_processing
from media.storage import get_storage
from tests.conftest import csrf_token
from tests.media.samples import H264, VIDEO, ffmpeg_args, store_original


@pytest.fixture(scope="module")
def silent_mp4(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("silent") / "actor-without-sound.mp4"
    subprocess.run(ffmpeg_args("-f", "lavfi", "-i", VIDEO, *H264, "-an", str(path)), check=True)
    return path


def _process(asset: MediaAsset) -> Job:
    job = request_processing(asset)
    db.session.commit()
    execute(job.id, "test-worker")
    db.session.expire_all()
    return job


def test_a_silent_recording_of_a_candidate_still_fails_with_the_microphone_message(
    app_ctx: Flask, silent_mp4: Path
) -> None:
    asset = store_original(silent_mp4, AssetKind.RECORDING)
    _process(asset)
    assert asset.status is AssetStatus.FAILED
    assert "microfoon" in asset.failure_reason
    assert not awaits_silence_decision(asset)


def test_a_silent_actor_video_tells_the_admin_and_can_be_accepted(
    app_ctx: Flask, silent_mp4: Path
) -> None:
    asset = store_original(silent_mp4, AssetKind.SCENARIO)
    first = _process(asset)
    assert asset.status is AssetStatus.FAILED
    assert "acteursvideo heeft geen geluidsspoor" in asset.failure_reason
    assert "microfoon" not in asset.failure_reason
    assert awaits_silence_decision(asset)

    second = accept_silent(asset)
    db.session.commit()
    assert second.id != first.id and asset.status is AssetStatus.QUEUED
    assert execute(second.id, "test-worker") is JobStatus.SUCCEEDED
    db.session.expire_all()
    assert asset.status is AssetStatus.READY and asset.audio_codec == "aac"
    with get_storage().local_path(asset.processed_key) as processed:
        result = probe(processed)
    assert result.audio is not None and result.audio.codec == "aac"
    assert result.duration == pytest.approx(3, abs=0.2)
    assert not awaits_silence_decision(asset)
    with pytest.raises(ValueError):
        accept_silent(asset)  # nothing left to decide


def test_the_admin_page_offers_the_choice_and_the_button_works(
    app_ctx: Flask, make, login_as, silent_mp4: Path
) -> None:
    admin = make.user(Role.ADMIN)
    scenario = make.scenario(position=1)
    asset = store_original(silent_mp4, AssetKind.SCENARIO, owner_id=admin.id)
    scenario.video_asset = asset
    db.session.commit()
    _process(asset)
    client = login_as(admin)
    url = f"/beheer/assessment/scenarios/{scenario.public_id}/video"
    page = client.get(url).get_data(as_text=True)
    assert "geen geluidsspoor" in page and "Accepteren zonder geluid" in page
    token = csrf_token(client, url)
    response = client.post(url + "/zonder-geluid", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.expire_all()
    assert asset.status is AssetStatus.QUEUED
    again = client.post(url + "/zonder-geluid", data={"csrf_token": token}, follow_redirects=True)
    assert "wacht niet op een besluit" in again.get_data(as_text=True)
    assert "Accepteren zonder geluid" not in client.get(url).get_data(as_text=True)
