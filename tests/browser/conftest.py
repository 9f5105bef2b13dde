"""Browser tests: Debian's Chromium driven by Playwright against the app on loopback.

Chromium runs with a fake camera and microphone and auto-accepted permission prompts
(`devtools.chromium`, shared with the benchmarks); nothing is downloaded.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from flask import Flask
from werkzeug.serving import make_server

from devtools import chromium
from ksf_b.db_types import utcnow
from tests.factories import PASSWORD
from tests.support.services import free_port


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


class LiveServer:
    """The test app served by werkzeug in a thread on a free loopback port."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = make_server("127.0.0.1", self.port, app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[LiveServer]:
    server = LiveServer(app)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright_instance():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):  # type: ignore[no-untyped-def]
    browser = chromium.launch(playwright_instance)
    yield browser
    browser.close()


@pytest.fixture
def context(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        permissions=["camera", "microphone"],
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):  # type: ignore[no-untyped-def]
    page = context.new_page()
    yield page
    page.close()


def login_page(page, user, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Log in through the real login form, as a person would."""
    chromium.log_in(page, user.email, password)


def serious_axe_violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """Run axe-core in the page and return the serious and critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def assert_accessible(page) -> None:  # type: ignore[no-untyped-def]
    violations = serious_axe_violations(page)
    assert not violations, f"axe found serious/critical violations on {page.url}: {violations}"


# --- the exam (recorder) tests: a real media worker next to the live server -----------------


@pytest.fixture(scope="module")
def media_worker(app: Flask, database_url: str, live_server):  # type: ignore[no-untyped-def]
    """Run the real media worker (`python -m media.worker`) on the test database and storage.

    Module-scoped: a worker left running would also claim (and sweep) the jobs of later
    tests that start workers of their own.

    Same environment as the test process (instance folder, queue file, storage), so what the
    live server queues after a finalize is processed by real ffmpeg in another process.
    """
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    log_path = Path(app.instance_path) / "media-worker.log"
    env = {
        **os.environ,
        "KSF_ENV": "testing",
        "DATABASE_URL": database_url,
        "QUEUE_URL": app.config["QUEUE_URL"],
        "WORKER_CONCURRENCY": "2",
        "JOB_SWEEP_SECONDS": "2",
    }
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "media.worker"], cwd=root, env=env, stdout=log, stderr=log
        )
    yield process
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


def wait_for_assets(app: Flask, asset_ids: list[int], timeout: float = 120.0):  # type: ignore[no-untyped-def]
    """Wait until the worker finished every asset (ready or failed); return them, detached."""
    import time

    from ksf_b.extensions import db
    from media.models.asset import AssetStatus, MediaAsset

    deadline = time.monotonic() + timeout
    finished = {AssetStatus.READY, AssetStatus.FAILED}
    while True:
        with app.app_context():
            assets = [db.session.get(MediaAsset, asset_id) for asset_id in asset_ids]
            if all(a is not None and a.status in finished for a in assets) or (
                time.monotonic() > deadline
            ):
                for asset in assets:
                    db.session.expunge(asset)
                return assets
        time.sleep(0.5)


def probe_processed(app: Flask, asset) -> dict:  # type: ignore[no-untyped-def]
    """ffprobe the processed MP4 of `asset` as stored (streams and measured duration)."""
    import json
    import subprocess

    from media.storage import get_storage

    with app.app_context(), get_storage().local_path(asset.processed_key) as path:
        result = subprocess.run(
            [
                app.config["FFPROBE_BINARY"],
                "-v",
                "error",
                "-show_entries",
                "format=format_name,duration:stream=codec_type,codec_name,pix_fmt",
                "-of",
                "json",
                str(path),
            ],
            capture_output=True,
            check=True,
            text=True,
        )
    return json.loads(result.stdout)


@pytest.fixture
def exam_scenarios(make):  # type: ignore[no-untyped-def]
    """Ten active scenarios with short answers, so a run through all ten stays quick (thinking
    time is long: the tests start recording early; it would start by itself at the end)."""
    return make.scenario_set(
        thinking_seconds=60, max_answer_seconds=10, allowed_retakes=1, max_prompt_plays=2
    )


def wait_until(page, expression: str, arg=None, timeout: float = 20_000):  # type: ignore[no-untyped-def]
    """Poll a JS function in the page until it returns something truthy, and return that.

    `page.wait_for_function` evaluates its predicate with eval(), which the site's CSP
    (script-src 'self') forbids; `page.evaluate` goes through the DevTools protocol instead.
    """
    import time

    deadline = time.monotonic() + timeout / 1000
    while True:
        value = page.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression} ({arg!r})")
        page.wait_for_timeout(100)


def panel_phase(page, phase: str, timeout: float = 20_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the exam's take panel shows `phase` (ready, thinking, recording, review…)."""
    page.locator(f"#take-panel[data-phase-current={phase}]").wait_for(
        state="attached", timeout=timeout
    )


def record_take(page, seconds: float | None) -> dict:  # type: ignore[no-untyped-def]
    """Click 'Start opname', record for `seconds` (None: until the automatic stop), stop,
    and wait until the take shows 'Opgeslagen'; return its id and the recorded length."""
    page.locator("[data-action=record]:visible").first.click()
    panel_phase(page, "recording")
    if seconds is not None:
        page.wait_for_timeout(seconds * 1000)
        page.get_by_role("button", name="Stop opname").click()
    panel_phase(page, "review", timeout=60_000)
    page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached", timeout=60_000)
    assert page.get_by_text("Opgeslagen", exact=True).first.is_visible()
    panel = page.locator("#take-panel")
    return {
        "take_id": panel.get_attribute("data-take-id"),
        "seconds": float(panel.get_attribute("data-recorded-seconds") or 0),
        "mime": panel.get_attribute("data-mime"),
    }


@pytest.fixture
def at_first_scenario(page, db, make, exam_scenarios):  # type: ignore[no-untyped-def]
    """A prepared candidate on scenario 1 (20 s answers), thinking time started."""
    exam_scenarios[0].max_answer_seconds = 20
    db.session.commit()
    assessment = make.assessment(practice_done_at=utcnow())
    login_page(page, assessment.candidate.user)
    page.goto("/assessment/scenario")
    page.get_by_role("button", name="Start bedenktijd").click()
    panel_phase(page, "thinking")
    return assessment
