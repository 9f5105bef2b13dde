"""Shared pieces of the benchmarks: result lines, timing, generated inputs, an isolated app,
the production shape (what `make run-prod` starts) in a temp folder."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

Line = tuple[str, float, str]  # (name, value, target such as "<=1.15" or ">=3")
T = TypeVar("T")

# A talking-head-like picture: a static 720p card (colour bars) with a 400x400 moving
# test pattern in the middle, drifting like a head; a steady tone as the voice.
TALKING_HEAD = (
    "smptehdbars=size=1280x720:rate=30,format=yuv420p[bg];"
    "testsrc2=size=400x400:rate=30[fg];"
    "[bg][fg]overlay=x='440+60*sin(t)':y='160+20*cos(1.3*t)':shortest=1"
)
VOICE = "sine=frequency=220:sample_rate=48000"


def isolate_instance() -> Path:
    """Point the app's instance folder (DB, storage, queue) at a temp folder; call first."""
    folder = Path(tempfile.mkdtemp(prefix="ksf-bench-"))
    os.environ["KSF_INSTANCE_PATH"] = str(folder)
    os.environ["QUEUE_URL"] = f"sqlite:///{folder}/queue.sqlite3"
    os.environ.setdefault("KSF_ENV", "testing")
    return folder


def timed(action: Callable[[], T]) -> tuple[T, float]:
    """Run `action` and return its result and wall time in seconds."""
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def run_quiet(command: list[str]) -> None:
    """Run a command, raising with its output if it fails."""
    subprocess.run(command, check=True, stdin=subprocess.DEVNULL, capture_output=True)


def generate(path: Path, seconds: int, video_codec_args: list[str], audio_args: list[str]) -> Path:
    """Generate a 1280x720 30 fps talking-head-like clip with ffmpeg."""
    run_quiet(
        [
            "ffmpeg", "-nostdin", "-y",
            "-f", "lavfi", "-i", TALKING_HEAD,
            "-f", "lavfi", "-i", VOICE,
            "-t", str(seconds), *video_codec_args, *audio_args, str(path),
        ]
    )  # fmt: skip
    return path


def vp8_opus_webm(path: Path, seconds: int) -> Path:
    """Like Chrome/Firefox's MediaRecorder: VP8 video, Opus audio in WebM."""
    vp8 = ["-c:v", "libvpx", "-b:v", "1500k", "-deadline", "realtime", "-cpu-used", "16"]
    return generate(path, seconds, [*vp8, "-threads", "2"], ["-c:a", "libopus", "-b:a", "64k"])


def h264_aac_mp4(path: Path, seconds: int) -> Path:
    """Like Safari's MediaRecorder: H.264 yuv420p video, AAC audio in MP4."""
    h264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-b:v", "2000k"]
    return generate(path, seconds, h264, ["-c:a", "aac", "-b:a", "128k"])


def format_line(name: str, value: float, target: str) -> str:
    """One figure a line: `bench NAME value=X target=<=Y`."""
    return f"bench {name} value={value} target={target}"


def print_figures(lines: Iterable[tuple[str, float, str]]) -> list[tuple[str, float, str]]:
    """Print each figure as it comes (`format_line`); return them all."""
    printed = []
    for line in lines:
        print(format_line(*line), flush=True)
        printed.append(line)
    return printed


def missed(value: float, target: str) -> bool:
    """True when `value` misses a target written as `<=Y` or `>=Y`."""
    limit = float(target[2:])
    return value > limit if target.startswith("<=") else value < limit


@contextlib.contextmanager
def production_shape(
    port: int, prefix: str, **settings: str
) -> Iterator[tuple[Any, dict[str, str], Path]]:
    """Start PostgreSQL, Redis and S3 on `port`+1..+3 as `make run-prod` does, migrate, and
    yield (stack, environment with `settings`, temp folder); everything stops afterwards."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from run_prod import Stack, environment

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    stack = Stack(port, folder=folder / "prod")
    try:
        stack.prepare()
        env = environment(stack, stack.start_postgres(), stack.start_redis(), stack.start_s3())
        env.update(LOG_FORMAT="text", LOG_LEVEL="WARNING", **settings)
        Path(env["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)
        flask(env, "db", "upgrade")
        yield stack, env, folder
    finally:
        stack.stop()


def flask(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """Run a `flask` command of the app in `env`, raising with its output if it fails."""
    return subprocess.run(
        [str(BIN / "flask"), *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )


def seed_world(env: dict[str, str], candidates: int, assessors: int, theory: int) -> dict:
    """Seed `bench.world` in the stack's database; return its accounts (emails, password)."""
    seeded = subprocess.run(
        [sys.executable, "-m", "bench.world", str(candidates), str(assessors), str(theory)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return json.loads(seeded.stdout.strip().splitlines()[-1])


def serve(stack: Any, env: dict[str, str]) -> str:
    """Start gunicorn and one media worker on the stack; return the site's URL once it listens."""
    from devtools.ports import wait_for_port

    stack.spawn("gunicorn", [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"], env, quiet=True)
    stack.spawn("worker", [sys.executable, "-m", "media.worker"], env, quiet=True)
    wait_for_port(stack.port)
    return f"http://127.0.0.1:{stack.port}"
