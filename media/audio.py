"""Audio-only processing: from any readable recording (mp3, m4a, wav, ogg, webm) to AAC in M4A.

The video path (`media.transcode`) refuses a file without a video stream; an asset of kind
AUDIO takes this path instead. A plan is pure (unit-tested without ffmpeg); the command is
run by the same runner as the video path, so progress, time limits and the classification of
ffmpeg failures are shared. Cover art in an mp3 (an attached picture) is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import ffmpeg

from media.probe import MediaInvalid, ProbeResult, probe
from media.transcode import TranscodeSettings, Verification, container_problems, run_ffmpeg

AUDIO_COPY = "audio-copy"  # the source is AAC already: copied into a fast-start M4A
AUDIO_AAC = "audio-aac"  # anything else: encoded to AAC
NO_AUDIO_ERROR = "the file has no audio stream"


@dataclass(frozen=True)
class AudioPlan:
    path: str
    output_options: dict[str, object]
    reasons: tuple[str, ...] = ()


def build_audio_plan(result: ProbeResult, settings: TranscodeSettings) -> AudioPlan:
    """Copy AAC, encode everything else to AAC; always M4A with the index first (fast start)."""
    if result.audio is None:
        raise MediaInvalid("no_audio", NO_AUDIO_ERROR)
    options: dict[str, object] = {"movflags": "+faststart", "f": "mp4", "vn": None}
    if result.audio.codec == "aac":
        options["c:a"] = "copy"
        return AudioPlan(AUDIO_COPY, options, ("audio is AAC",))
    options.update({"c:a": "aac", "b:a": settings.audio_bitrate})
    return AudioPlan(AUDIO_AAC, options, (f"audio codec {result.audio.codec}",))


def audio_command(plan: AudioPlan, source: Path, target: Path, ffmpeg_binary: str) -> list[str]:
    """Compile the plan into an ffmpeg argument list (via ffmpeg-python; never a shell)."""
    stream = ffmpeg.input(str(source))
    output = ffmpeg.output(stream["a:0"], str(target), **plan.output_options)
    output = output.global_args("-nostdin", "-hide_banner", "-nostats", "-progress", "pipe:1")
    return output.overwrite_output().compile(cmd=ffmpeg_binary)


def transcode_audio(
    source: Path,
    target: Path,
    plan: AudioPlan,
    duration: float,
    ffmpeg_binary: str,
    on_progress=None,  # type: ignore[no-untyped-def]
) -> None:
    """Run the audio plan from `source` to `target` (time limit as for video)."""
    timeout = max(300.0, duration * 10)
    run_ffmpeg(audio_command(plan, source, target, ffmpeg_binary), duration, on_progress, timeout)


def verify_audio_output(
    path: Path, expected_duration: float, settings: TranscodeSettings, ffprobe_binary: str
) -> Verification:
    """Check the processed M4A: AAC audio, no video, fast start, duration near the original's."""
    result = probe(path, ffprobe_binary, measure_packets=False)
    problems = []
    if result.audio is None or result.audio.codec != "aac":
        problems.append("audio stream missing or not AAC")
    if result.video is not None:
        problems.append("a video stream is present")
    problems += container_problems(path, result, expected_duration, settings)
    return Verification(not problems, tuple(problems), result)
