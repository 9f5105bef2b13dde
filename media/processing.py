"""Processing of an uploaded original into a playable, verified MP4 and a poster frame.

`request_processing` is what the upload's finalize calls; `process_asset` is the plain
function the job runs. Assets of kind AUDIO take the audio-only path (`process_audio`: AAC
in a fast-start M4A, no poster; see `media/audio.py`). The original is never touched, so a
failed or crashed run can always be redone from it.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from media import keys
from media.alerts import alert_processing_failed
from media.audio import build_audio_plan, transcode_audio, verify_audio_output
from media.deferred import assemble_pending
from media.jobs import JobError, LeaseLost, PermanentJobError, TransientJobError, create_job
from media.jobs import heartbeat as job_heartbeat
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.models.job import Job
from media.probe import MediaInvalid, ProbeResult, probe
from media.storage import StorageError, get_storage
from media.transcode import (
    NO_AUDIO_ERROR,
    Plan,
    TranscodeSettings,
    build_plan,
    make_poster,
    transcode,
    verify_output,
)

JOB_KIND = "process_media"
TRUNCATION_RATIO = 0.9  # measured below 90 % of what the header claims: the file was cut off


def request_processing(asset: MediaAsset) -> Job:
    """Queue processing of an asset's original; idempotent, dispatched after the commit."""
    if asset.id is None:
        db.session.flush()
    job = create_job(JOB_KIND, {"asset_id": asset.id}, f"{JOB_KIND}:{asset.id}")
    if asset.status in (AssetStatus.UPLOADING, AssetStatus.QUEUED):
        asset.status = AssetStatus.QUEUED
    db.session.flush()
    return job


def awaits_silence_decision(asset: MediaAsset) -> bool:
    """True for a scenario video that failed only because it has no audio track."""
    if asset.kind is not AssetKind.SCENARIO or asset.status is not AssetStatus.FAILED:
        return False
    job = db.session.scalar(select(Job).where(Job.idempotency_key == f"{JOB_KIND}:{asset.id}"))
    return job is not None and (job.last_error or "").startswith(NO_AUDIO_ERROR)


def accept_silent(asset: MediaAsset) -> Job:
    """Process a silent scenario video again, adding a silent audio track (idempotent)."""
    if not awaits_silence_decision(asset):
        raise ValueError("only a scenario video refused for missing audio can be accepted")
    job = create_job(
        JOB_KIND, {"asset_id": asset.id, "allow_silent": True}, f"{JOB_KIND}:{asset.id}:silent"
    )
    asset.status = AssetStatus.QUEUED
    asset.failure_reason = None
    db.session.flush()
    return job


def settings_from_config() -> TranscodeSettings:
    """Read the encoder settings from the app config (defaults suit a talking head)."""
    config = current_app.config
    defaults = TranscodeSettings()
    return TranscodeSettings(
        preset=config.get("MEDIA_X264_PRESET", defaults.preset),
        crf=int(config.get("MEDIA_X264_CRF", defaults.crf)),
        maxrate=config.get("MEDIA_VIDEO_MAXRATE", defaults.maxrate),
        bufsize=config.get("MEDIA_VIDEO_BUFSIZE", defaults.bufsize),
        threads=int(config.get("MEDIA_FFMPEG_THREADS", defaults.threads)),
    )


def failure_message(error: JobError | None, kind: AssetKind = AssetKind.RECORDING) -> str:
    """Return the Dutch, user-facing explanation of why processing failed."""
    reason = error.reason if isinstance(error, MediaInvalid) else "exhausted"
    if kind is AssetKind.AUDIO and reason == "too_long":
        return _(
            "De geluidsopname is langer dan de toegestane %(minutes)s minuten.",
            minutes=current_app.config["MEDIA_MAX_AUDIO_SECONDS"] // 60,
        )
    if kind is AssetKind.AUDIO and reason in AUDIO_MESSAGES:
        return str(AUDIO_MESSAGES[reason])
    if reason == "no_audio" and kind is AssetKind.SCENARIO:  # an admin's file, not a microphone
        return _(
            "Deze acteursvideo heeft geen geluidsspoor. Is dat zo bedoeld, accepteer de video "
            "dan zonder geluid; anders upload je het bestand opnieuw met geluid."
        )
    messages = {
        "empty": _("Het bestand is leeg (0 bytes). Neem de opname opnieuw op."),
        "invalid": _(
            "Het bestand is geen leesbare video. Neem de opname opnieuw op of kies een ander "
            "bestand."
        ),
        "no_streams": _("Het bestand bevat geen beeld en geen geluid."),
        "no_video": _("Het bestand bevat geen beeld."),
        "no_audio": _("De opname bevat geen geluid. Controleer de microfoon en neem opnieuw op."),
        "truncated": _("De opname is onvolledig: het bestand is afgebroken."),
        "too_long": _(
            "De opname is langer dan de toegestane %(minutes)s minuten.",
            minutes=current_app.config["MEDIA_MAX_DURATION_SECONDS"] // 60,
        ),
        "unverified": _("De verwerkte video voldeed niet aan de controle."),
        "missing": _("Het originele bestand ontbreekt."),
        "damaged": _(
            "De opname is in de opslag beschadigd geraakt. De delen zijn bewaard en de "
            "beheerder is gewaarschuwd."
        ),
    }
    return messages.get(
        reason,
        _("De verwerking is na meerdere pogingen mislukt. De beheerder is gewaarschuwd."),
    )


AUDIO_MESSAGES = {
    "empty": _l("Het geluidsbestand is leeg (0 bytes). Kies een ander bestand."),
    "invalid": _l(
        "Het bestand is geen leesbare geluidsopname. Kies een mp3-, m4a-, wav-, ogg- of "
        "webm-bestand."
    ),
    "no_streams": _l("Het bestand bevat geen geluid."),
    "no_audio": _l("Het bestand bevat geen geluidsspoor."),
    "truncated": _l("De geluidsopname is onvolledig: het bestand is afgebroken."),
    "unverified": _l("Het verwerkte geluidsbestand voldeed niet aan de controle."),
}


def run_process_job(job: Job) -> None:
    """Run the processing of the asset named in the job's payload."""
    process_asset(int(job.payload["asset_id"]), job)


def process_job_failed(job: Job, error: JobError | None) -> None:
    """Mark the asset failed with a Dutch reason and alert the admins; the original stays."""
    asset = db.session.get(MediaAsset, int(job.payload["asset_id"]))
    if asset is None:
        return
    asset.status = AssetStatus.FAILED
    asset.failure_reason = failure_message(error, asset.kind)
    db.session.flush()
    alert_processing_failed(asset, job)


class _Heartbeat:
    """Extend the job's lease now and then while ffmpeg runs; stop if the lease is lost."""

    def __init__(self, job: Job) -> None:
        self.job_id = job.id
        self.worker_id = job.worker_id or ""
        lease = current_app.config["JOB_LEASE_SECONDS"]
        self.interval = max(0.5, lease / 5)
        self.last = time.monotonic()

    def __call__(self, progress: float | None = None) -> None:
        if time.monotonic() - self.last < self.interval:
            return
        self.beat(progress)

    def beat(self, progress: float | None = None) -> None:
        self.last = time.monotonic()
        if not job_heartbeat(self.job_id, self.worker_id, progress):
            raise LeaseLost(f"job {self.job_id}")


def process_asset(asset_id: int, job: Job) -> None:
    """Turn the asset's original into a verified MP4 and poster and mark it READY."""
    asset = db.session.get(MediaAsset, asset_id)
    if asset is None:
        raise PermanentJobError(f"asset {asset_id} does not exist")
    if _already_processed(asset):
        job.append_log("asset already ready; nothing to do")
        return
    with tempfile.TemporaryDirectory(prefix="ksf-assembled-") as folder:
        copy = Path(folder) / Path(keys.original_key(asset)).name  # the name ffmpeg sees
        try:
            discard_chunks = assemble_pending(asset, copy)  # finalize left it to this job
        except StorageError as error:
            raise TransientJobError(f"storage: {type(error).__name__}: {error}") from error
        if not asset.original_key:
            raise MediaInvalid("missing", f"asset {asset.public_id} has no original")
        asset.status = AssetStatus.PROCESSING
        asset.failure_reason = None
        db.session.commit()  # show "processing" now, and hold no write lock while ffmpeg runs
        if discard_chunks is not None:
            job.append_log(f"assembled the original from the chunks ({asset.original_size} B)")
            discard_chunks()  # after the commit: the original and its hash are recorded
        beat = _Heartbeat(job)
        try:
            _process(asset, job, beat, copy if discard_chunks is not None else None)
        except StorageError as error:
            raise TransientJobError(f"storage: {type(error).__name__}: {error}") from error


@contextlib.contextmanager
def _original_file(asset: MediaAsset, assembled: Path | None) -> Iterator[Path]:
    """The original as a local file: the copy the job just assembled, else from storage."""
    if assembled is not None:
        yield assembled
        return
    with get_storage().local_path(asset.original_key) as path:
        yield Path(path)


def _already_processed(asset: MediaAsset) -> bool:
    if asset.status is not AssetStatus.READY or not asset.processed_key:
        return False
    storage = get_storage()
    if asset.kind is AssetKind.AUDIO:  # no poster for sound
        return storage.exists(asset.processed_key)
    return storage.exists(asset.processed_key) and bool(
        asset.poster_key and storage.exists(asset.poster_key)
    )


def process_audio(
    asset: MediaAsset, job: Job, beat: _Heartbeat, assembled: Path | None = None
) -> None:
    """The audio-only path: AAC in a fast-start M4A, verified; no video and no poster."""
    config = current_app.config
    settings = settings_from_config()
    with (
        _original_file(asset, assembled) as source,
        tempfile.TemporaryDirectory(prefix="ksf-media-") as folder,
    ):
        original = probe(Path(source), config["FFPROBE_BINARY"])
        check_original(original, config["MEDIA_MAX_AUDIO_SECONDS"])
        plan = build_audio_plan(original, settings)
        job.append_log(f"plan: {plan.path} ({', '.join(plan.reasons)})")
        beat(0.0)
        target = Path(folder) / "processed.m4a"
        ffmpeg_binary = config["FFMPEG_BINARY"]
        transcode_audio(Path(source), target, plan, original.duration, ffmpeg_binary, beat)
        verification = verify_audio_output(
            target, original.duration, settings, config["FFPROBE_BINARY"]
        )
        if not verification.ok or verification.result is None:
            problems = "; ".join(verification.problems)
            raise MediaInvalid("unverified", "processed audio failed verification: " + problems)
        beat()
        result = verification.result
        with target.open("rb") as handle:
            stored = get_storage().save(keys.processed_key(asset), handle)
    assert result.audio is not None  # checked by verify_audio_output
    asset.processed_key = keys.processed_key(asset)
    asset.processed_size, asset.processed_sha256 = stored.size, stored.sha256
    asset.duration_seconds = round(result.duration, 3)
    asset.audio_codec = result.audio.codec
    asset.processing_path = plan.path
    asset.status = AssetStatus.READY
    asset.failure_reason = None
    asset.ready_at = utcnow()
    db.session.flush()


def _process(asset: MediaAsset, job: Job, beat: _Heartbeat, assembled: Path | None) -> None:
    if asset.kind is AssetKind.AUDIO:
        process_audio(asset, job, beat, assembled)
        return
    config = current_app.config
    settings = settings_from_config()
    with (
        _original_file(asset, assembled) as source,
        tempfile.TemporaryDirectory(prefix="ksf-media-") as folder,
    ):
        original = probe(Path(source), config["FFPROBE_BINARY"])
        check_original(original, config["MEDIA_MAX_DURATION_SECONDS"])
        allow_silent = bool(job.payload.get("allow_silent"))
        plan = build_plan(original, settings, allow_silent=allow_silent)
        job.append_log(f"plan: {plan.path} ({', '.join(plan.reasons)})")
        beat(0.0)  # heartbeats only when due: the claim just set a fresh lease
        target = Path(folder) / "processed.mp4"
        seconds = transcode(
            Path(source), target, plan, original.duration, config["FFMPEG_BINARY"], beat
        )
        job.append_log(f"{plan.path} of {original.duration:.2f}s took {seconds:.2f}s")
        poster = Path(folder) / "poster.jpg"
        with ThreadPoolExecutor(max_workers=1) as pool:  # poster and verification in parallel
            poster_done = pool.submit(
                make_poster, target, poster, original.duration, config["FFMPEG_BINARY"]
            )
            result = _verify(target, original, settings)
            poster_done.result()
        beat()
        _store(asset, plan, result, target, poster)


def check_original(original: ProbeResult, max_seconds: int) -> None:
    """Refuse originals that are empty of media, cut off, or longer than allowed."""
    if original.duration <= 0:
        raise MediaInvalid("invalid", "no decodable packets in the file")
    claimed = original.header_duration
    if claimed and original.duration < claimed * TRUNCATION_RATIO:
        raise MediaInvalid(
            "truncated",
            f"measured {original.duration:.2f}s but the header claims {claimed:.2f}s",
        )
    if original.duration > max_seconds:
        raise MediaInvalid(
            "too_long", f"duration {original.duration:.0f}s exceeds the cap of {max_seconds}s"
        )


def _verify(target: Path, original: ProbeResult, settings: TranscodeSettings) -> ProbeResult:
    verification = verify_output(
        target, original.duration, settings, current_app.config["FFPROBE_BINARY"]
    )
    if not verification.ok or verification.result is None:
        raise MediaInvalid(
            "unverified", "processed file failed verification: " + "; ".join(verification.problems)
        )
    return verification.result


def _store(asset: MediaAsset, plan: Plan, result: ProbeResult, target: Path, poster: Path) -> None:
    storage = get_storage()
    processed_key, poster_key = keys.processed_key(asset), keys.poster_key(asset)
    with target.open("rb") as handle:
        stored = storage.save(processed_key, handle)
    with poster.open("rb") as handle:
        storage.save(poster_key, handle)
    assert result.video is not None and result.audio is not None  # checked by verify_output
    asset.processed_key = processed_key
    asset.poster_key = poster_key
    asset.processed_size = stored.size
    asset.processed_sha256 = stored.sha256
    asset.duration_seconds = round(result.duration, 3)
    asset.width, asset.height = result.video.width, result.video.height
    asset.video_codec, asset.audio_codec = result.video.codec, result.audio.codec
    asset.processing_path = plan.path
    asset.status = AssetStatus.READY
    asset.failure_reason = None
    asset.ready_at = utcnow()
    db.session.flush()
