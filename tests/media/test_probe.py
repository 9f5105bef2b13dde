"""ffprobe on real files: streams, a MEASURED duration, and clear refusals of bad input."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from media.probe import MediaInvalid, is_faststart, mp4_top_level_boxes, probe
from tests.media.samples import SECONDS


def test_streamed_webm_has_no_duration_in_its_header_but_one_is_measured(
    media_samples: dict[str, Path],
) -> None:
    path = media_samples["streamed.webm"]
    claimed = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert claimed == "N/A"
    result = probe(path)
    assert result.header_duration is None
    assert result.duration == pytest.approx(SECONDS, abs=0.1)


@pytest.mark.parametrize(
    ("name", "vcodec", "acodec"),
    [
        ("vp8_opus.webm", "vp8", "opus"),
        ("vp9_opus.webm", "vp9", "opus"),
        ("safari.mp4", "h264", "aac"),
        ("chrome_frag.mp4", "h264", "opus"),
        ("chrome_aac_frag.mp4", "h264", "aac"),
    ],
)
def test_streams_and_duration_of_browser_like_files(
    media_samples: dict[str, Path], name: str, vcodec: str, acodec: str
) -> None:
    result = probe(media_samples[name])
    assert result.video is not None and result.audio is not None
    assert (result.video.codec, result.audio.codec) == (vcodec, acodec)
    assert (result.video.width, result.video.height) == (320, 240)
    assert result.video.pix_fmt == "yuv420p"
    assert result.duration == pytest.approx(SECONDS, abs=0.1)


def test_truncated_webm_measures_less_than_its_header_claims(
    media_samples: dict[str, Path],
) -> None:
    result = probe(media_samples["truncated.webm"])
    assert result.header_duration == pytest.approx(SECONDS, abs=0.1)
    assert result.duration < result.header_duration * 0.9


@pytest.mark.parametrize(
    ("name", "reason"),
    [("empty.webm", "empty"), ("document.webm", "invalid"), ("truncated.mp4", "invalid")],
)
def test_bad_files_are_refused_for_good(
    media_samples: dict[str, Path], name: str, reason: str
) -> None:
    with pytest.raises(MediaInvalid) as error:
        probe(media_samples[name])
    assert error.value.reason == reason
    assert error.value.transient is False


def test_fast_start_is_read_from_the_box_order(media_samples: dict[str, Path]) -> None:
    boxes = mp4_top_level_boxes(media_samples["safari.mp4"])
    assert boxes.index("mdat") < boxes.index("moov")
    assert not is_faststart(media_samples["safari.mp4"])


def test_the_index_duration_of_an_mp4_matches_the_measured_one(
    media_samples: dict[str, Path],
) -> None:
    path = media_samples["safari.mp4"]
    indexed = probe(path, measure_packets=False).duration
    assert indexed == pytest.approx(probe(path).duration, abs=0.05)


def test_verification_names_what_is_wrong_with_a_result(media_samples: dict[str, Path]) -> None:
    from media.transcode import TranscodeSettings, verify_output

    verdict = verify_output(media_samples["safari.mp4"], 10.0, TranscodeSettings(), "ffprobe")
    assert verdict.ok is False
    assert any("fast start" in problem for problem in verdict.problems)
    assert any("differs from original" in problem for problem in verdict.problems)
    good = verify_output(media_samples["safari.mp4"], SECONDS, TranscodeSettings(), "ffprobe")
    assert not any("differs" in problem for problem in good.problems)
