"""ffprobe: what an input holds, with its duration MEASURED from the packets.

Chrome's MediaRecorder writes WebM without a duration in the header, and a container's
header may lie (a truncated file still claims its full length), so the duration used
everywhere is the span of the packets actually present in the file.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from media.jobs import PermanentJobError, TransientJobError

PROBE_TIMEOUT_SECONDS = 120

# Phrases in ffmpeg/ffprobe output that mean "this input is bad", which no retry can fix.
INVALID_INPUT_MARKERS = (
    "invalid data found when processing input",
    "moov atom not found",
    "ebml header parsing failed",
    "could not find codec parameters",
    "does not contain any stream",
    "no decoder",
    "unsupported codec",
)


class MediaInvalid(PermanentJobError):
    """The input is not usable media (corrupt, empty, unsupported); retrying cannot help.

    `reason` is a short machine code that processing maps to a Dutch message.
    """

    def __init__(self, reason: str, message: str, *, detail: str = "") -> None:
        super().__init__(message, detail=detail)
        self.reason = reason


class ProbeFailed(TransientJobError):
    """ffprobe could not run to the end (killed, timed out): worth another try."""


@dataclass(frozen=True)
class VideoInfo:
    codec: str
    pix_fmt: str | None
    width: int
    height: int
    frame_rate: float | None
    bit_rate: int | None
    profile: str | None = None


@dataclass(frozen=True)
class AudioInfo:
    codec: str
    channels: int | None
    sample_rate: int | None
    bit_rate: int | None


@dataclass(frozen=True)
class ProbeResult:
    format_name: str
    duration: float  # measured from the packets
    header_duration: float | None  # what the container claims, when it claims anything
    size: int
    video: VideoInfo | None
    audio: AudioInfo | None


PACKET_FIELDS = ("pts_time", "dts_time", "duration_time")


def header_command(path: Path, ffprobe_binary: str, with_packets: bool = False) -> list[str]:
    """ffprobe arguments for the container and stream description (JSON); `with_packets` adds
    every packet's timing (demux only, no decoding) to the same run."""
    packets = ["-show_entries", "packet=" + ",".join(PACKET_FIELDS)] if with_packets else []
    return [ffprobe_binary, "-v", "error", "-hide_banner", "-show_format", "-show_streams",
            *packets, "-of", "json", "-i", str(path)]  # fmt: skip


def _start(command: list[str]) -> subprocess.Popen:
    try:
        return subprocess.Popen(  # noqa: S603  (argument list, binary from config)
            command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as error:
        raise ProbeFailed(f"ffprobe could not start: {error}") from error


def _finish(process: subprocess.Popen) -> bytes:
    """Wait for an ffprobe run; return its stdout or raise a classified error."""
    try:
        stdout, stderr_bytes = process.communicate(timeout=PROBE_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as error:
        process.kill()
        process.communicate()
        raise ProbeFailed("ffprobe timed out") from error
    stderr = stderr_bytes.decode("utf-8", "replace")
    if process.returncode != 0:
        raise classify_probe_error(stderr, process.returncode)
    return stdout


def run_ffprobe(
    path: Path, ffprobe_binary: str, with_packets: bool = True
) -> tuple[dict, list[tuple[str, ...]]]:
    """Describe the file and list its packets in one ffprobe run; return (header, packet rows).

    One process, not a header probe and a packet scan side by side: starting Debian's ffprobe
    (215 shared libraries) costs about 40 ms of CPU, as much as scanning a 3-minute take.
    """
    output = _finish(_start(header_command(path, ffprobe_binary, with_packets)))
    try:
        info = json.loads(output)
    except json.JSONDecodeError as error:
        raise ProbeFailed("ffprobe returned unreadable output") from error
    rows = [
        tuple(str(packet.get(name, "N/A")) for name in PACKET_FIELDS)
        for packet in info.pop("packets", [])
    ]
    return info, rows


def is_invalid_input(stderr: str) -> bool:
    """True when ffmpeg/ffprobe's messages say the input itself is unusable."""
    lowered = stderr.lower()
    return any(marker in lowered for marker in INVALID_INPUT_MARKERS)


def classify_probe_error(stderr: str, returncode: int = 1) -> Exception:
    """Tell an invalid input (permanent) from a failure of the tool itself (transient)."""
    if returncode > 0 and is_invalid_input(stderr):
        return MediaInvalid("invalid", "not a readable media file", detail=stderr[-2000:])
    return ProbeFailed("ffprobe failed", detail=stderr[-2000:])


def probe(path: Path, ffprobe_binary: str = "ffprobe", measure_packets: bool = True) -> ProbeResult:
    """Describe the media file at `path`; raise MediaInvalid when it is not usable media.

    `measure_packets=False` takes the duration from the container's index instead, which
    is exact for an MP4 we wrote ourselves (its sample tables list every packet).
    """
    size = path.stat().st_size
    if size == 0:
        raise MediaInvalid("empty", "the file is empty (0 bytes)")
    info, packets = run_ffprobe(path, ffprobe_binary, with_packets=measure_packets)
    streams = info.get("streams", [])
    video = _video(streams)
    audio = _audio(streams)
    if video is None and audio is None:
        raise MediaInvalid("no_streams", "the file holds no audio or video stream")
    fmt = info.get("format", {})
    return ProbeResult(
        format_name=fmt.get("format_name", ""),
        duration=measured_duration(packets) if measure_packets else _index_duration(info),
        header_duration=_float(fmt.get("duration")),
        size=size,
        video=video,
        audio=audio,
    )


def measured_duration(packets: list[tuple[str, ...]]) -> float:
    """Return the time span the packets cover, first start to last end, over all streams.

    Each row is (pts_time, dts_time, duration_time) as ffprobe prints them; N/A when unknown.
    """
    starts: list[float] = []
    ends: list[float] = []
    for row in packets:
        pts, dts, duration = [*row, "", "", ""][:3]
        time = _float(pts)
        if time is None:
            time = _float(dts)
        if time is None:
            continue
        starts.append(time)
        ends.append(time + (_float(duration) or 0.0))
    if not starts:
        return 0.0
    return max(0.0, max(ends) - min(starts))


def _index_duration(info: dict) -> float:
    """Return the longest stream duration the container's index states."""
    durations = [_float(stream.get("duration")) for stream in info.get("streams", [])]
    durations.append(_float(info.get("format", {}).get("duration")))
    return max((value for value in durations if value is not None), default=0.0)


def _video(streams: list[dict]) -> VideoInfo | None:
    for stream in streams:
        disposition = stream.get("disposition") or {}
        if stream.get("codec_type") == "video" and not disposition.get("attached_pic"):
            return VideoInfo(
                codec=stream.get("codec_name", "unknown"),
                pix_fmt=stream.get("pix_fmt"),
                width=int(stream.get("width") or 0),
                height=int(stream.get("height") or 0),
                frame_rate=_rate(stream.get("avg_frame_rate")),
                bit_rate=_int(stream.get("bit_rate")),
                profile=stream.get("profile"),
            )
    return None


def _audio(streams: list[dict]) -> AudioInfo | None:
    for stream in streams:
        if stream.get("codec_type") == "audio":
            return AudioInfo(
                codec=stream.get("codec_name", "unknown"),
                channels=_int(stream.get("channels")),
                sample_rate=_int(stream.get("sample_rate")),
                bit_rate=_int(stream.get("bit_rate")),
            )
    return None


def _float(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _int(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _rate(value: str | None) -> float | None:
    if not value or "/" not in value:
        return _float(value)
    numerator, denominator = value.split("/", 1)
    num, den = _float(numerator), _float(denominator)
    if not num or not den:
        return None
    return num / den


def mp4_top_level_boxes(path: Path, limit: int = 64) -> list[str]:
    """Return the types of an MP4's top-level boxes in file order (reads headers only)."""
    boxes: list[str] = []
    file_size = path.stat().st_size
    with path.open("rb") as handle:
        position = 0
        while position + 8 <= file_size and len(boxes) < limit:
            handle.seek(position)
            header = handle.read(16)
            size = int.from_bytes(header[0:4], "big")
            boxes.append(header[4:8].decode("latin-1"))
            if size == 1:
                size = int.from_bytes(header[8:16], "big")
            elif size == 0:
                break  # the box runs to the end of the file
            if size < 8:
                break
            position += size
    return boxes


def is_faststart(path: Path) -> bool:
    """True when the MP4's index (moov) comes before its media data (mdat)."""
    boxes = mp4_top_level_boxes(path)
    return "moov" in boxes and "mdat" in boxes and boxes.index("moov") < boxes.index("mdat")
