"""From a probed original to a playable MP4: a pure plan, a thin ffmpeg runner, checks.

`build_plan` decides remux or transcode from the probe result alone (unit-tested without
ffmpeg). The runner executes the command built from the plan with ffmpeg-python, reads
`-progress pipe:1` and reports progress, which the job uses as its heartbeat.
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import ffmpeg

from media.jobs import TransientJobError
from media.probe import MediaInvalid, ProbeResult, is_faststart, is_invalid_input, probe

REMUX = "remux"
TRANSCODE = "transcode"


@dataclass(frozen=True)
class TranscodeSettings:
    """Output settings for a talking head: 720p, capped bitrate, AAC, fast start."""

    preset: str = "veryfast"
    crf: int = 23
    maxrate: str = "2000k"
    bufsize: str = "4000k"
    max_short_side: int = 720  # 720p: 1280x720 landscape or 720x1280 portrait
    max_long_side: int = 1280
    audio_bitrate: str = "128k"
    threads: int = 0  # 0: ffmpeg picks (all cores)
    duration_tolerance_seconds: float = 0.5
    duration_tolerance_ratio: float = 0.02


@dataclass(frozen=True)
class Plan:
    """What to run: `path` is remux or transcode; `output_options` go to the MP4 output."""

    path: str
    video_copy: bool
    audio_copy: bool
    scale: tuple[int, int] | None
    output_options: dict[str, object] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()
    silent_audio: bool = False  # no audio in the source: add a silent AAC track (accepted)


def target_size(width: int, height: int, settings: TranscodeSettings) -> tuple[int, int]:
    """Fit within 720p (either orientation) and round both sides down to even numbers."""
    short, long = min(width, height), max(width, height)
    factor = min(1.0, settings.max_short_side / short, settings.max_long_side / long)
    new_width = max(2, int(width * factor) // 2 * 2)
    new_height = max(2, int(height * factor) // 2 * 2)
    return new_width, new_height


NO_AUDIO_ERROR = "the file has no audio stream"


def remux_blockers(result: ProbeResult) -> list[str]:
    """Return why the video cannot be copied as is (empty list: it can)."""
    video = result.video
    if video is None:
        return ["no video"]
    blockers = []
    if video.codec != "h264":
        blockers.append(f"video codec {video.codec}")
    if video.pix_fmt != "yuv420p":
        blockers.append(f"pixel format {video.pix_fmt}")
    if video.width % 2 or video.height % 2:
        blockers.append(f"odd dimensions {video.width}x{video.height}")
    return blockers


def build_plan(
    result: ProbeResult,
    settings: TranscodeSettings,
    force_transcode: bool = False,
    allow_silent: bool = False,
) -> Plan:
    """Decide remux (copy H.264) or transcode (libx264) and the ffmpeg output options.

    A source without audio is refused unless `allow_silent` (an admin accepted a silent actor
    video): then the MP4 gets a silent AAC track, so every processed file has the same shape.
    """
    if result.video is None:
        raise MediaInvalid("no_video", "the file has no video stream")
    if result.audio is None and not allow_silent:
        raise MediaInvalid("no_audio", NO_AUDIO_ERROR)
    blockers = remux_blockers(result) + (["transcode forced"] if force_transcode else [])
    silent = result.audio is None
    audio_copy = not silent and result.audio is not None and result.audio.codec == "aac"
    options: dict[str, object] = {"movflags": "+faststart", "f": "mp4"}
    if audio_copy:
        options["c:a"] = "copy"
    else:
        options.update({"c:a": "aac", "b:a": settings.audio_bitrate})
    if silent:
        options["shortest"] = None  # the silent source is endless: stop with the video
    if not blockers:
        options["c:v"] = "copy"
        reasons = ("video is H.264 yuv420p",) + (("audio is AAC",) if audio_copy else ())
        return Plan(REMUX, True, audio_copy, None, options, reasons, silent)
    width, height = result.video.width, result.video.height
    size = target_size(width, height, settings)
    scale = size if size != (width, height) else None
    options.update(
        {
            "c:v": "libx264",
            "preset": settings.preset,
            "crf": settings.crf,
            "maxrate": settings.maxrate,
            "bufsize": settings.bufsize,
            "pix_fmt": "yuv420p",
            "profile:v": "high",
            "fps_mode": "vfr",  # browsers record variable frame rate; never duplicate frames
            "threads": settings.threads,
        }
    )
    return Plan(TRANSCODE, False, audio_copy, scale, options, tuple(blockers), silent)


def build_command(plan: Plan, source: Path, target: Path, ffmpeg_binary: str) -> list[str]:
    """Compile the plan into an ffmpeg argument list (via ffmpeg-python; never a shell)."""
    stream = ffmpeg.input(str(source))
    video = stream["v:0"]
    if plan.scale is not None:
        video = video.filter("scale", plan.scale[0], plan.scale[1])
    audio = stream["a:0"]
    if plan.silent_audio:
        silence = ffmpeg.input("anullsrc=channel_layout=stereo:sample_rate=48000", f="lavfi")
        audio = silence["a:0"]
    output = ffmpeg.output(video, audio, str(target), **plan.output_options)
    output = output.global_args("-nostdin", "-hide_banner", "-nostats", "-progress", "pipe:1")
    return output.overwrite_output().compile(cmd=ffmpeg_binary)


class FfmpegFailed(TransientJobError):
    """ffmpeg stopped without a usable output for a reason a retry may fix."""


ProgressCallback = Callable[[float], None]


def run_ffmpeg(
    command: list[str],
    duration: float,
    on_progress: ProgressCallback | None = None,
    timeout: float | None = None,
) -> None:
    """Run ffmpeg, report progress (0..1) from `-progress pipe:1`, classify failures."""
    with tempfile.TemporaryFile() as stderr_file:
        process = subprocess.Popen(  # noqa: S603  (argument list, binary from config)
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=stderr_file
        )
        timer = _kill_after(process, timeout)
        try:
            _read_progress(process, duration, on_progress)
        except BaseException:
            process.kill()
            process.wait()
            raise
        finally:
            if timer is not None:
                timer.cancel()
        returncode = process.wait()
        stderr_file.seek(0)
        stderr = stderr_file.read().decode("utf-8", "replace")
    if returncode != 0:
        raise classify_ffmpeg_failure(returncode, stderr)


def _kill_after(process: subprocess.Popen, timeout: float | None) -> threading.Timer | None:
    if timeout is None:
        return None
    timer = threading.Timer(timeout, process.kill)
    timer.daemon = True
    timer.start()
    return timer


def _read_progress(
    process: subprocess.Popen, duration: float, on_progress: ProgressCallback | None
) -> None:
    assert process.stdout is not None
    for raw in process.stdout:
        key, _, value = raw.decode("ascii", "replace").strip().partition("=")
        if on_progress is None or duration <= 0:
            continue
        if key == "out_time_us" and value.strip().isdigit():
            on_progress(min(1.0, int(value) / 1_000_000 / duration))
        elif key == "progress" and value == "end":
            on_progress(1.0)


def classify_ffmpeg_failure(returncode: int, stderr: str) -> Exception:
    """Deterministic input errors are permanent; a killed or crashed ffmpeg is transient."""
    tail = stderr[-3000:]
    if returncode > 0 and is_invalid_input(stderr):
        return MediaInvalid("invalid", "ffmpeg cannot read the input", detail=tail)
    if returncode < 0:
        return FfmpegFailed(f"ffmpeg was killed by signal {-returncode}", detail=tail)
    return FfmpegFailed(f"ffmpeg exited with status {returncode}", detail=tail)


def poster_command(video: Path, target: Path, at_seconds: float, ffmpeg_binary: str) -> list[str]:
    """Build the command that grabs one JPEG frame at `at_seconds` of the processed MP4."""
    stream = ffmpeg.input(str(video), ss=f"{at_seconds:.3f}")
    output = ffmpeg.output(stream["v:0"], str(target), vframes=1, **{"q:v": 3, "f": "image2"})
    return (
        output.global_args("-nostdin", "-hide_banner").overwrite_output().compile(cmd=ffmpeg_binary)
    )


def poster_time(duration: float) -> float:
    """Pick the poster moment: 1 s in, or 10 % of very short clips."""
    return 1.0 if duration >= 3.0 else max(0.0, duration * 0.1)


def make_poster(video: Path, target: Path, duration: float, ffmpeg_binary: str) -> None:
    """Write a JPEG poster frame taken from the processed MP4."""
    run_ffmpeg(poster_command(video, target, poster_time(duration), ffmpeg_binary), duration)
    if not target.exists() or target.stat().st_size == 0:
        raise FfmpegFailed("no poster frame was written")


@dataclass(frozen=True)
class Verification:
    ok: bool
    problems: tuple[str, ...]
    result: ProbeResult | None


def verify_output(
    path: Path, expected_duration: float, settings: TranscodeSettings, ffprobe_binary: str
) -> Verification:
    """Check the processed MP4: streams, codecs, fast start and duration near the original's."""
    result = probe(path, ffprobe_binary, measure_packets=False)
    problems = []
    if result.video is None or result.video.codec != "h264":
        problems.append("video stream missing or not H.264")
    elif result.video.pix_fmt != "yuv420p":
        problems.append(f"pixel format {result.video.pix_fmt}")
    if result.audio is None or result.audio.codec != "aac":
        problems.append("audio stream missing or not AAC")
    problems += container_problems(path, result, expected_duration, settings)
    return Verification(not problems, tuple(problems), result)


def container_problems(
    path: Path, result: ProbeResult, expected_duration: float, settings: TranscodeSettings
) -> list[str]:
    """What is wrong with any processed MP4/M4A: fast start, and duration near the original's."""
    problems = []
    if not is_faststart(path):
        problems.append("moov box is not before mdat (no fast start)")
    tolerance = max(
        settings.duration_tolerance_seconds, expected_duration * settings.duration_tolerance_ratio
    )
    if abs(result.duration - expected_duration) > tolerance:
        problems.append(
            f"duration {result.duration:.2f}s differs from original {expected_duration:.2f}s"
        )
    return problems


def transcode(
    source: Path,
    target: Path,
    plan: Plan,
    duration: float,
    ffmpeg_binary: str,
    on_progress: ProgressCallback | None = None,
) -> float:
    """Run the plan from `source` to `target`; return the wall time in seconds."""
    started = time.monotonic()
    timeout = max(300.0, duration * 10)
    run_ffmpeg(build_command(plan, source, target, ffmpeg_binary), duration, on_progress, timeout)
    return time.monotonic() - started
