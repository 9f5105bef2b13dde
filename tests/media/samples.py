"""Sample media made by real ffmpeg, like the files browsers upload, plus broken ones.

Generated once per test session into a temp folder: 3-second 320x240 clips (a moving
test pattern and a tone), except where a test needs something longer.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest

from ksf_b.extensions import db
from media import keys
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.storage import get_storage

SECONDS = 3
VIDEO = f"testsrc2=size=320x240:rate=30:duration={SECONDS}"
AUDIO = f"sine=frequency=440:sample_rate=48000:duration={SECONDS}"
VP8 = ["-c:v", "libvpx", "-b:v", "400k", "-deadline", "realtime", "-cpu-used", "8"]
VP9 = ["-c:v", "libvpx-vp9", "-b:v", "400k", "-deadline", "realtime", "-cpu-used", "8"]
H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]

GOOD = (
    "vp8_opus.webm",
    "vp9_opus.webm",
    "streamed.webm",
    "safari.mp4",
    "chrome_frag.mp4",
    "chrome_aac_frag.mp4",
)
BAD = ("truncated.mp4", "truncated.webm", "empty.webm", "document.webm")


def ffmpeg_args(*args: str) -> list[str]:
    return ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", *args]


def lavfi_inputs(video: str = VIDEO, audio: str = AUDIO) -> list[str]:
    return ["-f", "lavfi", "-i", video, "-f", "lavfi", "-i", audio]


def run(args: list[str], stdout_path: Path | None = None) -> None:
    if stdout_path is None:
        subprocess.run(args, check=True)
        return
    with stdout_path.open("wb") as handle:
        subprocess.run(args, check=True, stdout=handle)


def make_samples(folder: Path) -> dict[str, Path]:
    """Write every sample into `folder` and return them by name."""
    paths = {name: folder / name for name in GOOD + BAD}
    inputs = lavfi_inputs()
    run(ffmpeg_args(*inputs, *VP8, "-c:a", "libopus", str(paths["vp8_opus.webm"])))
    run(ffmpeg_args(*inputs, *VP9, "-c:a", "libopus", str(paths["vp9_opus.webm"])))
    # Like MediaRecorder: written to a pipe as a live stream, so no duration and no cues.
    run(
        ffmpeg_args(*inputs, *VP8, "-c:a", "libopus", "-live", "1", "-f", "webm", "pipe:"),
        stdout_path=paths["streamed.webm"],
    )
    # Like Safari: H.264/AAC, index at the end (not fast start).
    run(ffmpeg_args(*inputs, *H264, "-c:a", "aac", str(paths["safari.mp4"])))
    # Like Chrome's MediaRecorder in MP4 mode: fragmented, H.264 with Opus audio.
    run(
        ffmpeg_args(
            *inputs, *H264, "-c:a", "libopus", "-movflags", "frag_keyframe+empty_moov",
            str(paths["chrome_frag.mp4"]),
        )
    )  # fmt: skip
    # Like Chrome and Edge 123+ on Windows and macOS asked for "video/mp4;codecs=avc1,mp4a.40.2".
    run(
        ffmpeg_args(
            *inputs, *H264, "-c:a", "aac", "-movflags", "frag_keyframe+empty_moov",
            str(paths["chrome_aac_frag.mp4"]),
        )
    )  # fmt: skip
    whole_mp4 = paths["safari.mp4"].read_bytes()
    paths["truncated.mp4"].write_bytes(whole_mp4[: len(whole_mp4) // 2])  # index lost
    whole_webm = paths["vp8_opus.webm"].read_bytes()
    paths["truncated.webm"].write_bytes(whole_webm[: len(whole_webm) // 3])
    paths["empty.webm"].write_bytes(b"")
    paths["document.webm"].write_bytes(minimal_pdf())
    return paths


def minimal_pdf() -> bytes:
    """A small but real PDF document (to be renamed .webm)."""
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    )
    xref = len(body)
    return body + (
        b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000052 00000 n \n"
        b"0000000101 00000 n \ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n"
        + str(xref).encode()
        + b"\n%%EOF\n"
    )


def make_long_webm(path: Path, seconds: int, size: str = "640x360") -> Path:
    """A longer VP8/Opus WebM, for tests that need a job to be busy for a while."""
    run(
        ffmpeg_args(
            *lavfi_inputs(
                f"testsrc2=size={size}:rate=30:duration={seconds}",
                f"sine=frequency=440:sample_rate=48000:duration={seconds}",
            ),
            *VP8,
            "-c:a",
            "libopus",
            str(path),
        )
    )
    return path


@pytest.fixture(scope="session")
def media_samples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """All sample files (good and bad), generated once per session."""
    return make_samples(tmp_path_factory.mktemp("samples"))


def store_original(
    path: Path, kind: AssetKind = AssetKind.RECORDING, owner_id: int | None = None
) -> MediaAsset:
    """Create an asset whose original is really in the app's storage (committed)."""
    asset = MediaAsset(kind=kind, status=AssetStatus.UPLOADING, owner_id=owner_id)
    db.session.add(asset)
    db.session.flush()
    data = path.read_bytes()
    stored = get_storage().save(keys.original_key(asset), io.BytesIO(data))
    asset.original_key = keys.original_key(asset)
    asset.original_size, asset.original_sha256 = stored.size, stored.sha256
    asset.original_mime = "video/mp4" if path.suffix == ".mp4" else "video/webm"
    db.session.commit()
    return asset
