"""The audio-only path with real ffmpeg: recorded calls become verified AAC in fast-start M4A.

Samples are made with ffmpeg's lavfi sine source in the formats an examiner may have (mp3,
m4a, wav, ogg, webm, an mp3 with cover art, a video with sound); bad ones (a PDF renamed
.mp3, zero bytes, a video without sound) fail with a Dutch reason and keep the original.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from ksf_b.extensions import db
from media.audio import AUDIO_AAC, AUDIO_COPY, build_audio_plan
from media.jobs import execute
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.models.job import Job, JobStatus
from media.probe import MediaInvalid, ProbeResult, VideoInfo, is_faststart, probe
from media.processing import request_processing
from media.storage import get_storage
from media.transcode import TranscodeSettings
from tests.media.samples import ffmpeg_args, run, store_original

SECONDS = 5
SINE = f"sine=frequency=440:sample_rate=44100:duration={SECONDS}"
GOOD = {
    "call.mp3": (["-c:a", "libmp3lame", "-b:a", "64k"], AUDIO_AAC),
    "call.m4a": (["-c:a", "aac", "-b:a", "64k"], AUDIO_COPY),
    "call.wav": (["-c:a", "pcm_s16le"], AUDIO_AAC),
    "call.ogg": (["-c:a", "libvorbis"], AUDIO_AAC),
    "call.webm": (["-c:a", "libopus"], AUDIO_AAC),
}


@pytest.fixture(scope="module")
def audio_samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("audio")
    paths: dict[str, Path] = {}
    for name, (codec, _path) in GOOD.items():
        paths[name] = folder / name
        run(ffmpeg_args("-f", "lavfi", "-i", SINE, *codec, str(paths[name])))
    cover = folder / "cover.png"
    run(ffmpeg_args("-f", "lavfi", "-i", "color=c=blue:size=64x64", "-frames:v", "1", str(cover)))
    paths["cover.mp3"] = folder / "cover.mp3"
    run(ffmpeg_args("-f", "lavfi", "-i", SINE, "-i", str(cover), "-map", "0:a", "-map", "1:v",
                    "-c:a", "libmp3lame", "-c:v", "png", "-disposition:v", "attached_pic",
                    str(paths["cover.mp3"])))  # fmt: skip
    paths["video.mp4"] = folder / "video.mp4"
    run(ffmpeg_args("-f", "lavfi", "-i", f"testsrc2=size=160x120:rate=15:duration={SECONDS}",
                    "-f", "lavfi", "-i", SINE, "-c:v", "libx264", "-preset", "ultrafast",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", str(paths["video.mp4"])))  # fmt: skip
    paths["silent.mp4"] = folder / "silent.mp4"
    run(ffmpeg_args("-f", "lavfi", "-i", f"testsrc2=size=160x120:rate=15:duration={SECONDS}",
                    "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
                    str(paths["silent.mp4"])))  # fmt: skip
    paths["document.mp3"] = folder / "document.mp3"
    paths["document.mp3"].write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    paths["empty.mp3"] = folder / "empty.mp3"
    paths["empty.mp3"].write_bytes(b"")
    return paths


def process(path: Path) -> tuple[MediaAsset, Job]:
    asset = store_original(path, kind=AssetKind.AUDIO)
    job = request_processing(asset)
    db.session.commit()
    execute(job.id, "test-worker")
    db.session.expire_all()
    return db.session.get(MediaAsset, asset.id), db.session.get(Job, job.id)


@pytest.mark.parametrize("name", [*sorted(GOOD), "cover.mp3", "video.mp4"])
def test_recordings_become_verified_faststart_m4a(
    app_ctx: Flask, audio_samples: dict[str, Path], name: str, tmp_path: Path
) -> None:
    asset, job = process(audio_samples[name])
    assert job.status is JobStatus.SUCCEEDED, job.log
    assert asset.status is AssetStatus.READY and asset.failure_reason is None
    expected_path = (
        GOOD[name][1] if name in GOOD else {"cover.mp3": AUDIO_AAC}.get(name, AUDIO_COPY)
    )
    assert asset.processing_path == expected_path
    assert asset.processed_key.endswith(".m4a") and asset.poster_key is None
    assert asset.audio_codec == "aac" and asset.video_codec is None
    assert asset.duration_seconds == pytest.approx(SECONDS, abs=0.2)
    target = tmp_path / "out.m4a"
    with get_storage().open(asset.processed_key) as stream:
        target.write_bytes(stream.read())
    result = probe(target)
    assert result.audio is not None and result.audio.codec == "aac"
    assert result.video is None  # cover art and the video's picture are dropped
    assert is_faststart(target)
    assert get_storage().exists(asset.original_key)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("document.mp3", "geen leesbare geluidsopname"),
        ("empty.mp3", "leeg (0 bytes)"),
        ("silent.mp4", "geen geluidsspoor"),
    ],
)
def test_bad_audio_fails_with_a_dutch_reason_and_keeps_the_original(
    app_ctx: Flask, audio_samples: dict[str, Path], name: str, words: str
) -> None:
    asset, job = process(audio_samples[name])
    assert job.status is JobStatus.FAILED
    assert job.attempts == 1  # deterministic: no retry
    assert asset.status is AssetStatus.FAILED
    assert words in (asset.failure_reason or "")
    assert get_storage().exists(asset.original_key)
    assert asset.processed_key is None


def _probe(audio_codec: str | None, video: bool = False) -> ProbeResult:
    from media.probe import AudioInfo

    return ProbeResult(
        format_name="x",
        duration=5.0,
        header_duration=5.0,
        size=100,
        video=VideoInfo("h264", "yuv420p", 2, 2, 15.0, None) if video else None,
        audio=AudioInfo(audio_codec, 1, 44100, None) if audio_codec else None,
    )


def test_audio_plan_copies_aac_encodes_the_rest_and_refuses_silence() -> None:
    settings = TranscodeSettings()
    copy = build_audio_plan(_probe("aac", video=True), settings)
    assert copy.path == AUDIO_COPY and copy.output_options["c:a"] == "copy"
    assert "vn" in copy.output_options and copy.output_options["movflags"] == "+faststart"
    encode = build_audio_plan(_probe("opus"), settings)
    assert (encode.path, encode.output_options["c:a"], encode.output_options["b:a"]) == (
        AUDIO_AAC,
        "aac",
        "128k",
    )
    with pytest.raises(MediaInvalid) as refused:
        build_audio_plan(_probe(None, video=True), settings)
    assert refused.value.reason == "no_audio"
