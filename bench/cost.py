"""CPU cost per kind of request, per process of the production shape (`bench/cost.py`).

Latency under load on a shared 2-core machine says how busy the machine was; CPU time does
not depend on it. This starts the production shape (as `bench/load.py` does), seeds a few
accounts, then sends each kind of request of the exam-day load COST_REQUESTS times, one after
the other from one client, and reads the CPU time (user + system, children included) that
each server process used meanwhile from /proc: gunicorn (all workers), PostgreSQL (every
backend), moto's S3 server, Redis, the media worker, and this client itself.

Figures: `bench cost_<kind>_<process>_ms value=X` (CPU milliseconds per request) and, per
kind, the capacity of this machine's cores if that kind were all it served
(`bench cost_<kind>_capacity_per_s`). Against the exam-day load this tells which process
must get cheaper, or move to another machine, for the p95 target.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import requests

from bench.load import MIME, make_chunks, offered_per_second, wait_for_idle

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "scripts"))

PORT = int(os.environ.get("COST_PORT", "5130"))
REQUESTS = int(os.environ.get("COST_REQUESTS", "150"))
TOKEN_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def _tree_cpu(process: psutil.Process) -> float:
    """CPU seconds of a process and its live children (their reaped children included)."""
    total = 0.0
    for proc in [process, *process.children(recursive=True)]:
        try:
            times = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def _postgres_cpu(port: int) -> float:
    """Every PostgreSQL process of the cluster on `port` (the postmaster and its backends)."""
    for proc in psutil.process_iter(["name", "cmdline"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if "postgres" in (proc.info["name"] or "") and f"-p {port}" in cmdline:
            return _tree_cpu(proc)
    return 0.0


class Meter:
    """Snapshot the CPU seconds of each process of the stack."""

    def __init__(self, stack, pg_port: int, metrics_token: str) -> None:  # type: ignore[no-untyped-def]
        self.processes = {name: psutil.Process(p.pid) for name, p in stack.processes}
        self.pg_port = pg_port
        self.metrics_token = metrics_token
        self.client = psutil.Process()

    def read(self) -> dict[str, float]:
        values = {name: _tree_cpu(proc) for name, proc in self.processes.items()}
        values["postgres"] = _postgres_cpu(self.pg_port)
        times = self.client.cpu_times()
        values["client"] = times.user + times.system
        return values


def _login(session: requests.Session, url: str, email: str, password: str) -> str:
    page = session.get(f"{url}/accounts/login")
    token = TOKEN_RE.search(page.text).group(1)  # type: ignore[union-attr]
    answer = session.post(
        f"{url}/accounts/login",
        data={"email": email, "password": password, "csrf_token": token},
        allow_redirects=False,
    )
    answer.raise_for_status()
    return session.get(f"{url}/api/csrf-token").json()["csrf_token"]


WARM = 9  # requests before the meter starts: each of the 3 gunicorn workers a few
# a folder: py-spy (pip install py-spy) samples gunicorn per kind of request into it
PROFILE = os.environ.get("COST_PROFILE", "")


def _spy(pid: int, kind: str) -> subprocess.Popen:
    """py-spy sampling the process and its children (`--gil`: Python holding the GIL)."""
    spy = subprocess.Popen(
        [str(BIN / "py-spy"), "record", "--pid", str(pid), "--subprocesses", "--format", "raw",
         "--rate", "200", "--gil", "-o", f"{PROFILE}/{kind}.txt"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    time.sleep(1.5)
    return spy


def _measure(
    meter: Meter, count: int, action: Callable[[int], None], kind: str = ""
) -> dict[str, float]:
    for n in range(WARM):  # every gunicorn worker: first-request imports are not the cost
        action(-1 - n)
    spy = _spy(meter.processes["gunicorn"].pid, kind) if PROFILE and kind else None
    before = meter.read()
    for n in range(1, count + 1):
        action(n)
    time.sleep(0.3)  # let a just-answered process finish its bookkeeping
    after = meter.read()
    if spy is not None:
        spy.send_signal(2)
        spy.wait(30)
    return {name: (after[name] - before[name]) * 1000 / count for name in after}


def _candidates_needed() -> int:
    """Two rounds of takes (through the app, then direct), each opened by its own candidate."""
    return max(40, 2 * (-(-(REQUESTS + WARM) // 15) + 1) + 2)


def run() -> list[tuple[str, float, str]]:
    from run_prod import Stack, environment, wait_for_port

    folder = Path(tempfile.mkdtemp(prefix="ksf-bench-cost-"))
    stack = Stack(PORT, folder=folder / "prod")
    try:
        stack.prepare()
        env = environment(stack, stack.start_postgres(), stack.start_redis(), stack.start_s3())
        env.update(LOG_FORMAT="text", LOG_LEVEL="WARNING")
        unlimited = "1000000 per minute"  # every request comes from 127.0.0.1
        env.update(LOGIN_RATE_LIMIT=unlimited, LOGIN_ADDRESS_RATE_LIMIT=unlimited)
        Path(env["PROMETHEUS_MULTIPROC_DIR"]).mkdir(parents=True, exist_ok=True)
        for command in (["db", "upgrade"], ["seed-demo", "--if-empty"]):
            subprocess.run(
                [str(BIN / "flask"), *command], cwd=ROOT, env=env, check=True, capture_output=True
            )
        seeded = subprocess.run(
            [sys.executable, "-m", "bench.world", str(_candidates_needed()), "1", "2"],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        accounts = json.loads(seeded.stdout.strip().splitlines()[-1])
        chunks = [p.read_bytes() for p in sorted(make_chunks(folder, 30).glob("chunk-*.bin"))]
        stack.spawn("gunicorn", [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"], env, quiet=True)
        stack.spawn("worker", [sys.executable, "-m", "media.worker"], env, quiet=True)
        wait_for_port(PORT)
        time.sleep(20)  # the demo's actor videos are processed first; let the worker settle
        meter = Meter(stack, PORT + 1, env["METRICS_TOKEN"])
        return _run_kinds(f"http://127.0.0.1:{PORT}", accounts, chunks, meter)
    finally:
        stack.stop()


def _run_kinds(
    url: str, accounts: dict, chunks: list[bytes], meter: Meter
) -> list[tuple[str, float, str]]:
    password = accounts["password"]
    results: dict[str, dict[str, float]] = {}
    candidates = iter(accounts["candidates"])

    # logins: a fresh session each time, the whole form round (page, POST, token)
    def login(_n: int) -> None:
        _login(requests.Session(), url, accounts["assessors"][0], password)

    results["login"] = _measure(meter, max(10, REQUESTS // 10), login, "login")

    # chunk PUTs: takes of 15 chunks, each its own candidate's session, opened beforehand
    def open_takes() -> list[dict]:
        opened_takes = []
        for _ in range(-(-(REQUESTS + WARM) // len(chunks)) + 1):
            session = requests.Session()
            token = _login(session, url, next(candidates), password)
            current = session.get(f"{url}/assessment/api/current").json()
            opened = session.post(
                f"{url}/assessment/api/responses/{current['response_id']}/takes",
                headers={"X-CSRFToken": token},
            )
            opened_takes.append({"session": session, "token": token, "take": opened.json()})
        return opened_takes

    takes = open_takes()
    sent = {"n": 0}

    def put_chunk(_n: int) -> None:
        take, index = divmod(sent["n"], len(chunks))
        sent["n"] += 1
        owner = takes[take]
        answer = owner["session"].put(
            f"{url}{owner['take']['upload_url']}/chunks/{index}",
            data=chunks[index],
            headers={
                "X-CSRFToken": owner["token"],
                "Content-Type": "application/octet-stream",
                "X-Chunk-Sha256": hashlib.sha256(chunks[index]).hexdigest(),
            },
        )
        answer.raise_for_status()

    results["chunk_put"] = _measure(meter, REQUESTS, put_chunk, "chunk_put")
    full = takes[: sent["n"] // len(chunks)]
    results["finalize"] = _finalize_costs(url, full, chunks, meter)
    if takes[0]["session"].get(f"{url}{takes[0]['take']['upload_url']}").json().get("direct"):
        results.update(_direct_costs(url, open_takes(), chunks, meter))
    assessor = requests.Session()
    token = _login(assessor, url, accounts["assessors"][0], password)
    work = accounts["rating"][0]
    pages = [p for p in work["pages"] if "/opname/" in p]
    results["rating_screen"] = _measure(
        meter,
        REQUESTS // 3,
        lambda n: assessor.get(url + pages[n % len(pages)]).raise_for_status(),
        "rating_screen",
    )
    revision: dict = {"value": None}

    def save_draft(n: int) -> None:
        draft = work["drafts"][0]
        answer = assessor.post(
            url + draft["url"],
            json={"fields": draft["fields"], "revision": revision["value"]},
            headers={"X-CSRFToken": token},
        )
        answer.raise_for_status()
        revision["value"] = answer.json()["revision"]

    results["rating_draft"] = _measure(meter, REQUESTS // 3, save_draft, "rating_draft")
    results.update(_theory_costs(url, accounts, meter, password))
    return _lines(results)


def _direct_costs(url: str, takes: list[dict], chunks: list[bytes], meter: Meter) -> dict:
    """Direct mode: chunk targets from the app (32 a call), the bytes to S3, finalize."""
    store = requests.Session()  # the browser sends no cookies to the store

    def targets(n: int) -> None:
        owner = takes[abs(n) % len(takes)]
        answer = owner["session"].post(
            f"{url}{owner['take']['upload_url']}/chunk-targets",
            json={"indexes": list(range(32))},
            headers={"X-CSRFToken": owner["token"]},
        )
        answer.raise_for_status()
        owner["targets"] = answer.json()["targets"]

    results = {"chunk_targets": _measure(meter, REQUESTS // 3, targets, "chunk_targets")}
    for n in range(len(takes)):
        targets(n)
    sent = {"n": 0}

    def put_direct(_n: int) -> None:
        take, index = divmod(sent["n"], len(chunks))
        sent["n"] += 1
        target = takes[take]["targets"][str(index)]
        store.put(target["url"], data=chunks[index], headers=target["headers"]).raise_for_status()

    results["chunk_put_direct"] = _measure(meter, REQUESTS, put_direct, "chunk_put_direct")
    full = takes[: sent["n"] // len(chunks)]
    wait_for_idle(url, meter.metrics_token, 900)  # the takes of the rounds before
    worker = meter.processes["worker"]
    for proc in [worker, *worker.children(recursive=True)]:
        proc.suspend()  # the finalized takes wait, so their processing is measured apart
    try:
        results["finalize_direct"] = _finalize_costs(url, full, chunks, meter, per_chunk=True)
    finally:
        for proc in [worker, *worker.children(recursive=True)]:
            proc.resume()
    results["process_take"] = _processing_costs(url, meter, len(full))
    return results


def _processing_costs(url: str, meter: Meter, takes: int) -> dict[str, float]:
    """Every process's CPU from the worker's resumption until the backlog is empty, per take:
    assembling the original from the chunk objects, probing, remuxing, verifying, the poster,
    storing and deleting (the media worker with its ffmpeg and ffprobe children, moto,
    PostgreSQL, Redis)."""
    spy = _spy(meter.processes["worker"].pid, "process_take") if PROFILE else None
    before = meter.read()
    drained = wait_for_idle(url, meter.metrics_token, 900)
    after = meter.read()
    print(
        f"bench cost process_take: {takes} takes processed in {drained:.1f} s wall "
        f"({takes / drained:.2f} a second with the worker's threads)",
        flush=True,
    )
    if spy is not None:
        spy.send_signal(2)
        spy.wait(30)
    return {name: (after[name] - before[name]) * 1000 / max(1, takes) for name in after}


def _finalize_costs(
    url: str, takes: list[dict], chunks: list[bytes], meter: Meter, per_chunk: bool = False
) -> dict:
    """Finalize each full take as its owner; the worker's processing counts apart."""
    whole = hashlib.sha256(b"".join(chunks)).hexdigest()
    body: dict = {"chunk_count": len(chunks), "sha256": whole, "mime": MIME}
    if per_chunk:
        body["chunks"] = [hashlib.sha256(chunk).hexdigest() for chunk in chunks]
        body["chunk_md5"] = [hashlib.md5(chunk).hexdigest() for chunk in chunks]  # as browsers

    def finalize(n: int) -> None:
        owner = takes[n]
        answer = owner["session"].post(
            f"{url}{owner['take']['upload_url']}/finalize",
            json=body,
            headers={"X-CSRFToken": owner["token"]},
        )
        answer.raise_for_status()

    finalize(0)
    before = meter.read()
    for n in range(1, len(takes)):
        finalize(n)
    time.sleep(0.3)
    after = meter.read()
    count = max(1, len(takes) - 1)
    return {name: (after[name] - before[name]) * 1000 / count for name in after}


def _theory_costs(url: str, accounts: dict, meter: Meter, password: str) -> dict:
    theory = accounts.get("theory") or []
    if not theory:
        return {}
    session = requests.Session()
    token = _login(session, url, theory[0], password)
    home = session.get(f"{url}/toets-a/")
    match = TOKEN_RE.search(home.text)
    started = session.post(
        f"{url}/toets-a/start",
        data={"code": accounts["theory_code"], "csrf_token": match.group(1) if match else ""},
        allow_redirects=False,
    )
    sitting = re.search(r"/zitting/([0-9a-f]+)/vraag/", started.headers.get("Location", ""))
    if not sitting:
        return {}
    public = sitting.group(1)

    def item(n: int) -> None:
        session.get(f"{url}/toets-a/zitting/{public}/vraag/{n % 10 + 1}").raise_for_status()

    def answer(n: int) -> None:
        session.post(
            f"{url}/toets-a/api/zitting/{public}/vraag/{n % 10 + 1}",
            json={"fields": {"flag": ["y"] if n % 2 else []}},
            headers={"X-CSRFToken": token},
        ).raise_for_status()

    return {
        "theory_item": _measure(meter, REQUESTS // 3, item, "theory_item"),
        "theory_answer": _measure(meter, REQUESTS // 3, answer, "theory_answer"),
    }


# what the exam-day load (bench/load.py) offers of each kind per second: 200 candidates taking
# a turn every 2 s (open, 15 chunks, finalize: a take every 34 s), 100 A-test candidates with an
# item and an answer every ~15 s, 20 assessors (3 of 7 tasks a page), 5 users logging in a second
CHUNKS_PER_S, TAKES_PER_S = offered_per_second(200)  # 88.2 and 5.9 for 30-s takes
OFFERED = {
    "chunk_put": CHUNKS_PER_S,
    "finalize": TAKES_PER_S,
    # direct mode (S3): the same chunks straight to the store, a targets call per 32 chunks
    "chunk_put_direct": CHUNKS_PER_S,
    "chunk_targets": round(CHUNKS_PER_S / 32, 1),
    "finalize_direct": TAKES_PER_S,
    "process_take": TAKES_PER_S,  # every finalized take: the drain keeps up only at this rate
    "theory_item": 6.7,
    "theory_answer": 6.7,
    "rating_screen": 1.6,
    "rating_draft": 1.0,
    "login": 5.0,
}


def _lines(results: dict[str, dict[str, float]]) -> list[tuple[str, float, str]]:
    """CPU ms per process as information; per kind, how many a second the cores could serve
    if that kind were all the servers did, against what the exam day offers of it."""
    lines: list[tuple[str, float, str]] = []
    cores = os.cpu_count() or 1
    for kind, costs in results.items():
        # the worker is a server only of the processing, which counts apart from the requests
        excluded = ("client",) if kind == "process_take" else ("client", "worker")
        server = sum(v for k, v in costs.items() if k not in excluded)
        shares = ", ".join(f"{name} {ms:.1f}" for name, ms in sorted(costs.items()))
        print(f"bench cost {kind}: CPU ms per request: {shares}; servers {server:.1f}", flush=True)
        if server > 0:
            capacity = round(cores * 1000 / server, 1)
            lines.append((f"cost_{kind}_capacity_per_s", capacity, f">={OFFERED.get(kind, 1)}"))
    return lines


def main() -> None:
    from bench.common import print_figures

    print_figures(run())


if __name__ == "__main__":
    main()
