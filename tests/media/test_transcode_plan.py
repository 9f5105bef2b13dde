"""The remux-or-transcode decision and its ffmpeg options, without running ffmpeg."""

from __future__ import annotations

from pathlib import Path

import pytest

from media.probe import AudioInfo, MediaInvalid, ProbeResult, VideoInfo
from media.transcode import (
    REMUX,
    TRANSCODE,
    TranscodeSettings,
    build_command,
    build_plan,
    classify_ffmpeg_failure,
    poster_time,
    target_size,
)

SETTINGS = TranscodeSettings()


def probed(
    vcodec: str = "h264",
    pix_fmt: str = "yuv420p",
    size: tuple[int, int] = (1280, 720),
    acodec: str | None = "aac",
) -> ProbeResult:
    audio = AudioInfo(acodec, 1, 48000, None) if acodec else None
    return ProbeResult(
        format_name="mov,mp4",
        duration=10.0,
        header_duration=10.0,
        size=1000,
        video=VideoInfo(vcodec, pix_fmt, size[0], size[1], 30.0, None),
        audio=audio,
    )


def test_h264_aac_is_remuxed_with_both_streams_copied() -> None:
    plan = build_plan(probed(), SETTINGS)
    assert plan.path == REMUX
    assert plan.output_options["c:v"] == "copy"
    assert plan.output_options["c:a"] == "copy"
    assert plan.output_options["movflags"] == "+faststart"
    assert plan.scale is None


def test_h264_with_opus_audio_copies_video_and_encodes_aac() -> None:
    plan = build_plan(probed(acodec="opus"), SETTINGS)
    assert plan.path == REMUX
    assert plan.output_options["c:v"] == "copy"
    assert plan.output_options["c:a"] == "aac"
    assert plan.output_options["b:a"] == "128k"


@pytest.mark.parametrize(
    ("vcodec", "pix_fmt", "size", "reason"),
    [
        ("vp8", "yuv420p", (640, 480), "video codec vp8"),
        ("vp9", "yuv420p", (640, 480), "video codec vp9"),
        ("h264", "yuv444p", (640, 480), "pixel format yuv444p"),
        ("h264", "yuv420p", (641, 480), "odd dimensions 641x480"),
    ],
)
def test_other_video_is_transcoded_to_h264_yuv420p(
    vcodec: str, pix_fmt: str, size: tuple[int, int], reason: str
) -> None:
    plan = build_plan(probed(vcodec, pix_fmt, size, "opus"), SETTINGS)
    assert plan.path == TRANSCODE
    assert reason in plan.reasons
    options = plan.output_options
    assert options["c:v"] == "libx264"
    assert options["pix_fmt"] == "yuv420p"
    assert options["preset"] == "veryfast"
    assert options["maxrate"] == "2000k" and options["bufsize"] == "4000k"
    assert options["movflags"] == "+faststart"
    assert options["c:a"] == "aac"


def test_transcode_scales_down_above_720p_and_keeps_even_sides() -> None:
    assert build_plan(probed("vp8", size=(1920, 1080)), SETTINGS).scale == (1280, 720)
    assert build_plan(probed("vp8", size=(1080, 1920)), SETTINGS).scale == (720, 1280)
    assert build_plan(probed("vp8", size=(641, 481)), SETTINGS).scale == (640, 480)
    assert build_plan(probed("vp8", size=(640, 480)), SETTINGS).scale is None


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        ((1280, 720), (1280, 720)),
        ((2560, 1440), (1280, 720)),
        ((999, 701), (998, 700)),
        ((999, 777), (924, 720)),
    ],
)
def test_target_size(size: tuple[int, int], expected: tuple[int, int]) -> None:
    assert target_size(*size, SETTINGS) == expected


def test_missing_streams_are_refused_for_good() -> None:
    with pytest.raises(MediaInvalid) as error:
        build_plan(probed(acodec=None), SETTINGS)
    assert error.value.reason == "no_audio"
    assert error.value.transient is False


def test_command_is_an_argument_list_with_progress_and_the_configured_binary() -> None:
    plan = build_plan(probed("vp8", size=(1920, 1080), acodec="opus"), SETTINGS)
    command = build_command(plan, Path("/in/x.webm"), Path("/out/y.mp4"), "/opt/ff/ffmpeg")
    assert command[0] == "/opt/ff/ffmpeg"
    assert command[command.index("-progress") + 1] == "pipe:1"
    assert "scale=1280:720" in " ".join(command)
    assert command[command.index("-c:v") + 1] == "libx264"
    assert "/out/y.mp4" in command


def test_remux_command_maps_one_video_and_one_audio_stream() -> None:
    command = build_command(build_plan(probed(), SETTINGS), Path("a"), Path("b"), "ffmpeg")
    assert command[command.index("-c:v") + 1] == "copy"
    assert "-filter_complex" not in command
    maps = [command[i + 1] for i, arg in enumerate(command) if arg == "-map"]
    assert maps == ["0:v:0", "0:a:0"]


def test_failure_classification() -> None:
    invalid = classify_ffmpeg_failure(1, "x.webm: Invalid data found when processing input")
    assert invalid.transient is False
    killed = classify_ffmpeg_failure(-9, "frame=  10 fps=0.0")
    assert killed.transient is True
    other = classify_ffmpeg_failure(1, "Conversion failed! No space left on device")
    assert other.transient is True


def test_poster_time_is_one_second_or_ten_percent_of_a_short_clip() -> None:
    assert poster_time(60) == 1.0
    assert poster_time(2.0) == pytest.approx(0.2)


def test_a_transcode_can_be_forced_for_h264_input() -> None:
    plan = build_plan(probed(), SETTINGS, force_transcode=True)
    assert plan.path == TRANSCODE and plan.output_options["c:v"] == "libx264"
