"""process_asset with real ffmpeg: browser-like files become faststart MP4s, bad ones FAILED."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask

from ksf_b.accounts.models import Role
from ksf_b.extensions import db
from media.jobs import execute, reap_expired_leases
from media.models.asset import AssetStatus, MediaAsset
from media.models.job import Job, JobStatus
from media.probe import is_faststart, probe
from media.processing import process_asset, request_processing
from media.storage import get_storage
from tests.media.samples import BAD, SECONDS, store_original

EXPECTED_PATH = {
    "vp8_opus.webm": "transcode",
    "vp9_opus.webm": "transcode",
    "streamed.webm": "transcode",
    "safari.mp4": "remux",
    "chrome_frag.mp4": "remux",
    "chrome_aac_frag.mp4": "remux",
}
AUDIO_COPIED = {"safari.mp4", "chrome_aac_frag.mp4"}  # AAC recorded: no second encoding


def outbox(app: Flask) -> list[Path]:
    folder = Path(app.config["MAIL_OUTBOX"])
    return sorted(folder.glob("*.eml")) if folder.exists() else []


def process(path: Path) -> tuple[MediaAsset, Job]:
    asset = store_original(path)
    job = request_processing(asset)
    db.session.commit()
    execute(job.id, "test-worker")
    db.session.expire_all()
    return db.session.get(MediaAsset, asset.id), db.session.get(Job, job.id)


@pytest.mark.parametrize("name", sorted(EXPECTED_PATH))
def test_browser_recordings_become_verified_faststart_mp4s(
    app_ctx: Flask, media_samples: dict[str, Path], name: str
) -> None:
    asset, job = process(media_samples[name])
    assert job.status is JobStatus.SUCCEEDED, job.log
    assert asset.status is AssetStatus.READY
    assert asset.processing_path == EXPECTED_PATH[name]
    assert ("audio is AAC" in job.log) == (name in AUDIO_COPIED), job.log
    assert asset.duration_seconds == pytest.approx(SECONDS, abs=0.15)
    assert (asset.width, asset.height, asset.video_codec, asset.audio_codec) == (
        320,
        240,
        "h264",
        "aac",
    )
    assert asset.ready_at is not None and asset.failure_reason is None
    storage = get_storage()
    with storage.local_path(asset.processed_key) as processed:
        assert is_faststart(processed)
        result = probe(processed)
        assert result.video.pix_fmt == "yuv420p"
        assert result.duration == pytest.approx(SECONDS, abs=0.15)
        assert processed.stat().st_size == asset.processed_size
    with storage.open(asset.poster_key) as poster:
        assert poster.read(3) == b"\xff\xd8\xff"  # a JPEG
    assert storage.exists(asset.original_key)


@pytest.mark.parametrize("name", BAD)
def test_bad_files_fail_with_a_dutch_reason_alert_admins_and_keep_the_original(
    app: Flask, app_ctx: Flask, make, media_samples: dict[str, Path], name: str
) -> None:
    admin = make.user(Role.ADMIN)
    mails_before = len(outbox(app))
    asset, job = process(media_samples[name])
    assert asset.status is AssetStatus.FAILED
    assert asset.failure_reason and "bestand" in asset.failure_reason.lower()
    assert job.status is JobStatus.FAILED
    assert job.attempts == 1  # deterministic: not retried
    assert job.last_error
    assert get_storage().exists(asset.original_key)
    assert asset.processed_key is None
    mails = outbox(app)
    assert len(mails) == mails_before + 1
    message = mails[-1].read_text()
    assert admin.email in message and asset.public_id in message


def test_a_failed_file_does_not_stop_the_next_job(
    app_ctx: Flask, media_samples: dict[str, Path]
) -> None:
    bad, _ = process(media_samples["document.webm"])
    good, _ = process(media_samples["vp8_opus.webm"])
    assert (bad.status, good.status) == (AssetStatus.FAILED, AssetStatus.READY)


def test_too_long_recordings_are_refused(
    app: Flask, app_ctx: Flask, media_samples: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.config, "MEDIA_MAX_DURATION_SECONDS", 2)
    asset, job = process(media_samples["safari.mp4"])
    assert asset.status is AssetStatus.FAILED
    assert "langer dan" in asset.failure_reason
    assert "exceeds the cap" in job.last_error


def test_request_processing_is_idempotent(app_ctx: Flask, media_samples: dict[str, Path]) -> None:
    asset = store_original(media_samples["safari.mp4"])
    first = request_processing(asset)
    db.session.commit()
    assert asset.status is AssetStatus.QUEUED
    assert request_processing(asset).id == first.id
    db.session.commit()
    assert db.session.query(Job).count() == 1


def test_a_rerun_after_success_changes_nothing(
    app_ctx: Flask, media_samples: dict[str, Path]
) -> None:
    asset, job = process(media_samples["safari.mp4"])
    before = (asset.processed_sha256, asset.ready_at)
    process_asset(asset.id, job)
    db.session.commit()
    db.session.expire_all()
    assert (asset.processed_sha256, asset.ready_at) == before
    assert "already ready" in job.log


def test_a_crash_midway_is_redone_cleanly(app_ctx: Flask, media_samples: dict[str, Path]) -> None:
    """A worker died after writing half a processed file: the reaper re-queues, a rerun fixes it."""
    asset = store_original(media_samples["vp8_opus.webm"])
    job = request_processing(asset)
    db.session.commit()
    storage = get_storage()
    storage.save(f"processed/{asset.public_id}.mp4", io.BytesIO(b"half a file"))
    asset.status = AssetStatus.PROCESSING
    job.status, job.worker_id = JobStatus.RUNNING, "dead-worker"
    job.lease_expires_at = job.created_at  # long expired
    db.session.commit()
    assert reap_expired_leases() == [job.id]
    assert execute(job.id, "live-worker") is JobStatus.SUCCEEDED
    db.session.expire_all()
    assert asset.status is AssetStatus.READY
    assert job.attempts == 2  # the dead worker's attempt counts
    with storage.local_path(asset.processed_key) as processed:
        assert probe(processed).duration == pytest.approx(SECONDS, abs=0.15)
        assert processed.stat().st_size == asset.processed_size > 100


@pytest.mark.parametrize("name", ["streamed.webm", "chrome_frag.mp4"])
def test_processing_works_on_every_storage_backend(
    app_ctx: Flask, app_storage, media_samples: dict[str, Path], name: str
) -> None:  # type: ignore[no-untyped-def]
    asset, job = process(media_samples[name])
    assert asset.status is AssetStatus.READY, job.log
    assert app_storage.size(asset.processed_key) == asset.processed_size
    with app_storage.local_path(asset.processed_key) as processed:
        assert is_faststart(processed)
