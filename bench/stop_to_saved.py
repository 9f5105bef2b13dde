"""Stop recording → saved: takes recorded in Chromium against the production shape.

Starts what `make run-prod` starts (PostgreSQL, Redis, moto's S3 server, gunicorn, one media
worker) on ports BENCH_STOP_PORT..+3 (default 5124), seeds one candidate ready to record
(consent, device check and practice done), and drives Debian's Chromium through Playwright
with the fake camera and microphone (as tests/browser do). For each of BENCH_STOP_TAKES
scenarios (default 3) it starts the thinking time, clicks "Start opname", records for
BENCH_STOP_SECONDS (default 180: a 3-minute take), clicks "Stop opname" and times until the
take panel shows the verified-finalize state (`data-take-state=saved`, the "Opgeslagen"
badge: every chunk acknowledged and the server's SHA-256 of the whole file matched, see
docs/recording.md). Each take's line splits that time (Playwright's request timing): click →
finalize request sent (the browser: the last chunk, then the hash) and the finalize request
itself (the server: reading the chunk objects back, hashing, writing the original). Then it
confirms the take and goes on to the next scenario.

Afterwards it asks the S3 server itself (boto3, not the app's storage code) whether each
take's original and processed objects exist with the sizes the database states, once the
worker has processed them (at most 180 s).

Figures: stop_to_saved p50/p95/max in ms (target p95 <= 2000), takes in S3.
"""

from __future__ import annotations

import functools
import json
import math
import os
import subprocess
import sys
import time

from bench.common import ROOT, Line, production_shape, seed_world, serve
from devtools import chromium
from devtools.ports import wait_for_health

PORT = int(os.environ.get("BENCH_STOP_PORT", "5124"))
TAKES = int(os.environ.get("BENCH_STOP_TAKES", "3"))
SECONDS = float(os.environ.get("BENCH_STOP_SECONDS", "180"))


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 3 values is the largest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def _record(url: str, email: str, password: str) -> list[tuple[str, float]]:
    """Log in, record TAKES scenarios; return (take id, stop→saved seconds) per take."""
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as playwright:
        browser = chromium.launch(playwright)
        context = browser.new_context(
            base_url=url, locale="nl-NL", permissions=["camera", "microphone"]
        )
        context.set_default_timeout(30_000)
        page = context.new_page()
        chromium.log_in(page, email, password)
        page.goto("/assessment/scenario")
        panel = page.locator("#take-panel")
        for position in range(1, TAKES + 1):
            page.get_by_text(f"Scenario {position} van 10", exact=True).wait_for()
            page.locator("#take-panel[data-phase-current=ready]").wait_for(state="attached")
            page.get_by_role("button", name="Start bedenktijd").click()
            page.locator("[data-action=record]:visible").first.click()
            page.locator("#take-panel[data-phase-current=recording]").wait_for(state="attached")
            page.wait_for_timeout(SECONDS * 1000)
            stop = page.get_by_role("button", name="Stop opname")
            stop.wait_for()
            finalizes: list[dict] = []
            finished = functools.partial(_note_finalize, finalizes)
            page.on("requestfinished", finished)
            clicked = time.time() * 1000
            started = time.perf_counter()
            stop.click()
            page.locator("#take-panel[data-take-state=saved]").wait_for(
                state="attached", timeout=120_000
            )
            took = time.perf_counter() - started
            page.remove_listener("requestfinished", finished)
            results.append((panel.get_attribute("data-take-id") or "", took))
            split = _split(clicked, finalizes)
            print(f"bench stop_to_saved take {position}: {took * 1000:.0f} ms{split}", flush=True)
            page.get_by_role("button", name="Deze opname bevestigen").click()
            if position < TAKES:
                page.get_by_text(f"Scenario {position + 1} van 10", exact=True).wait_for()
        browser.close()
    return results


def _note_finalize(finalizes: list[dict], request) -> None:  # type: ignore[no-untyped-def]
    if request.url.endswith("/finalize"):
        finalizes.append(request.timing)


def _split(clicked: float, finalizes: list[dict]) -> str:
    """Where the time went: click → finalize request sent (the browser: last chunk, hash),
    the finalize request itself (the server), from Playwright's request timing."""
    if not finalizes:
        return ""
    first, last = finalizes[0], finalizes[-1]
    sent = first["startTime"] - clicked
    answered = last["startTime"] + last["responseEnd"] - clicked
    return (
        f" (click → finalize sent {sent:.0f} ms, finalize answered {answered - sent:.0f} ms"
        f" later, {len(finalizes)} finalize request(s); load average"
        f" {' '.join(f'{x:.2f}' for x in os.getloadavg())})"
    )


def _objects() -> None:
    """(child process, app environment) Print each take's keys and stated sizes as JSON."""
    from sqlalchemy import select

    from ksf_b.app import create_app
    from ksf_b.assessment.models import Take
    from ksf_b.extensions import db

    rows = []
    with create_app().app_context():
        for take in db.session.scalars(select(Take)):
            asset = take.asset
            rows.append(
                {
                    "take": take.public_id,
                    "status": asset.status.value,
                    "original": asset.original_key,
                    "original_size": asset.original_size,
                    "processed": asset.processed_key,
                    "processed_size": asset.processed_size,
                }
            )
    print(json.dumps(rows))


def _in_s3(env: dict, take_ids: list[str], wait: float = 180) -> int:
    """How many of the takes have their original and processed objects in the S3 server."""
    import boto3

    s3 = boto3.client(
        "s3",
        endpoint_url=env["S3_ENDPOINT_URL"],
        aws_access_key_id=env["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=env["S3_SECRET_ACCESS_KEY"],
        region_name="us-east-1",
    )
    deadline = time.monotonic() + wait
    while True:
        done = subprocess.run(
            [sys.executable, "-m", "bench.stop_to_saved", "objects"],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        )  # fmt: skip
        rows = {r["take"]: r for r in json.loads(done.stdout.strip().splitlines()[-1])}
        ready = [rows.get(t) for t in take_ids]
        if all(r and r["status"] == "ready" for r in ready) or time.monotonic() > deadline:
            break
        time.sleep(3)
    found = 0
    for row in ready:
        if not row or not row["original"] or not row["processed"]:
            continue
        sizes = [
            s3.head_object(Bucket=env["S3_BUCKET"], Key=row[key])["ContentLength"]
            for key in ("original", "processed")
        ]
        if sizes == [row["original_size"], row["processed_size"]]:
            found += 1
        else:
            print(
                f"bench stop_to_saved: {row['take']} sizes {sizes} differ from the DB", flush=True
            )
    return found


def run() -> list[Line]:
    shape = production_shape(PORT, "ksf-bench-stop-", BASE_URL=f"http://127.0.0.1:{PORT}")
    with shape as (stack, env, _folder):
        accounts = seed_world(env, 1, 0, 0)
        url = serve(stack, env)
        wait_for_health(url)
        takes = _record(url, accounts["candidates"][0], accounts["password"])
        stored = _in_s3(env, [take for take, _ in takes])
    millis = [round(seconds * 1000) for _, seconds in takes]
    label = f"{len(takes)}x{SECONDS:g}s"
    return [
        (f"stop_to_saved_p50_ms_{label}", percentile(millis, 0.5), "<=2000"),
        (f"stop_to_saved_p95_ms_{label}", percentile(millis, 0.95), "<=2000"),
        (f"stop_to_saved_max_ms_{label}", max(millis), "<=5000"),
        ("stop_takes_in_s3_original_and_processed", stored, f">={len(takes)}"),
    ]


def main() -> None:
    from bench.common import print_figures

    if sys.argv[1:] == ["objects"]:
        _objects()
        return
    print_figures(run())


if __name__ == "__main__":
    main()
