"""Takes survive a network cut and a reload in the middle of the recording (real Chromium,
real upload endpoints, a real media worker), and a phone with touch records a take.

"Complete" after a reload mid-recording means: the take holds everything MediaRecorder had
handed to the page before the reload, i.e. every chunk written to IndexedDB (what was still
in the recorder's own buffer, about one 2-second timeslice, is lost: docs/recording.md); the
server assembles exactly those chunks, and the processed MP4 lasts as long as the recording up
to that last chunk.
"""

from __future__ import annotations

from playwright.sync_api import expect

from devtools.chromium import CHROMIUM_ARGS
from ksf_b.assessment.models import Take
from ksf_b.db_types import utcnow
from media.models.asset import AssetStatus
from media.models.upload import UploadChunk, UploadSession, UploadState
from tests.browser.conftest import (
    assert_accessible,
    login_page,
    panel_phase,
    probe_processed,
    wait_for_assets,
    wait_until,
)

TIMESLICE_SECONDS = 2.0
TOLERANCE = 1.0

IDB_CHUNKS = """async (takeId) => {
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open("ksf-recorder");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const chunks = await new Promise((resolve, reject) => {
    const request = db.transaction("chunks").objectStore("chunks")
      .getAll(IDBKeyRange.bound([takeId, 0], [takeId, Infinity]));
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
  return { total: chunks.length, unsent: chunks.filter((c) => !c.sent).length };
}"""


def take_row(db, public_id: str) -> Take:  # type: ignore[no-untyped-def]
    db.session.expire_all()
    return db.session.query(Take).filter_by(public_id=public_id).one()


def processed_duration(app, db, take: Take) -> float:  # type: ignore[no-untyped-def]
    [asset] = wait_for_assets(app, [take.asset_id])
    assert asset.status is AssetStatus.READY, asset.failure_reason
    probe = probe_processed(app, asset)
    assert {s["codec_type"] for s in probe["streams"]} == {"video", "audio"}
    return float(probe["format"]["duration"])


def test_network_cut_in_the_middle_of_a_recording_loses_nothing(
    page, context, app, db, at_first_scenario, media_worker
):
    page.locator("[data-action=record]:visible").click()
    panel_phase(page, "recording")
    take_id = page.locator("#take-panel").get_attribute("data-take-id")
    page.wait_for_timeout(2500)
    context.set_offline(True)
    banner = page.locator("#offline-banner")
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("role", "alert")
    assert "Geen internetverbinding" in banner.inner_text()
    page.wait_for_timeout(5000)
    # what was recorded while offline waits in IndexedDB
    held = wait_until(page, f"async () => {{ const c = await ({IDB_CHUNKS})('{take_id}');"
                      " return c.unsent >= 2 ? c : null; }")  # fmt: skip
    assert held["unsent"] >= 2
    context.set_offline(False)
    expect(banner).to_contain_text("De verbinding is terug")
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Stop opname").click()
    page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached", timeout=60_000)
    seconds = float(page.locator("#take-panel").get_attribute("data-recorded-seconds"))
    assert seconds > 8

    take = take_row(db, take_id)
    upload = db.session.query(UploadSession).filter_by(public_id=take.upload_id).one()
    assert upload.state is UploadState.FINALIZED
    assert upload.chunk_count >= held["total"]
    assert abs(processed_duration(app, db, take) - seconds) <= TOLERANCE
    page.get_by_role("button", name="Deze opname bevestigen").click()
    page.get_by_text("Scenario 2 van 10", exact=True).wait_for()


def test_reload_in_the_middle_of_a_recording_sends_the_chunks_from_indexeddb(
    page, app, db, at_first_scenario, media_worker
):
    page.locator("[data-action=record]:visible").click()
    panel_phase(page, "recording")
    take_id = page.locator("#take-panel").get_attribute("data-take-id")
    # reload once at least two chunks are stored (Chrome's MP4 muxer emits them unevenly)
    wait_until(page, f"async () => (await ({IDB_CHUNKS})('{take_id}')).total >= 2",
               timeout=15_000)  # fmt: skip
    # chunks go to the server while recording, not only at the end
    wait_until(page, f"async () => (await ({IDB_CHUNKS})('{take_id}')).total > "
               f"(await ({IDB_CHUNKS})('{take_id}')).unsent")  # fmt: skip
    recording = take_row(db, take_id)
    assert recording.asset.status is AssetStatus.UPLOADING
    held_by_server = db.session.query(UploadChunk).join(UploadSession)
    assert held_by_server.filter(UploadSession.public_id == recording.upload_id).count() >= 1
    assert page.locator("#take-panel").get_attribute("data-phase-current") == "recording"
    elapsed = float(page.locator("#take-panel").get_attribute("data-elapsed"))
    before = page.evaluate(IDB_CHUNKS, take_id)
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.reload()
    # after the reload the page finds the take in IndexedDB, sends it, finalizes, shows it
    page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached", timeout=60_000)
    panel_phase(page, "review")
    expect(page.locator("#saved-badge")).to_have_text("Opgeslagen")
    expect(page.locator("#saved-badge")).to_be_visible()
    assert dialogs == ["beforeunload"]  # leaving mid-recording asked first
    assert page.evaluate(IDB_CHUNKS, take_id)["total"] == 0  # cleaned up after finalize

    take = take_row(db, take_id)
    upload = db.session.query(UploadSession).filter_by(public_id=take.upload_id).one()
    assert upload.state is UploadState.FINALIZED
    assert upload.chunk_count >= before["total"]
    duration = processed_duration(app, db, take)
    assert elapsed - TIMESLICE_SECONDS - TOLERANCE <= duration <= elapsed + TIMESLICE_SECONDS
    # the processed take plays back in the review, and it can be confirmed
    wait_until(page, "() => (document.getElementById('review-video').src || '').includes('/video')",
               timeout=30_000)  # fmt: skip
    page.get_by_role("button", name="Deze opname bevestigen").click()
    page.get_by_text("Scenario 2 van 10", exact=True).wait_for()


def test_a_phone_with_touch_records_a_take(
    browser, playwright_instance, live_server, app, db, make, exam_scenarios, media_worker
):
    assert "--use-fake-device-for-media-stream" in CHROMIUM_ARGS
    phone = playwright_instance.devices["Pixel 7"]
    context = browser.new_context(
        **phone,
        base_url=live_server.url,
        locale="nl-NL",
        permissions=["camera", "microphone"],
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        assessment = make.assessment(practice_done_at=utcnow())
        login_page(page, assessment.candidate.user)
        page.goto("/assessment/scenario")
        assert page.evaluate("() => matchMedia('(pointer: coarse)').matches")
        assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")
        assert_accessible(page)
        page.get_by_role("button", name="Start bedenktijd").tap()
        panel_phase(page, "thinking")
        page.locator("[data-action=record]:visible").tap()
        panel_phase(page, "recording")
        box = page.get_by_role("button", name="Stop opname").bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44  # a finger-sized target
        page.wait_for_timeout(2500)
        page.get_by_role("button", name="Stop opname").tap()
        page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached")
        take = take_row(db, page.locator("#take-panel").get_attribute("data-take-id"))
        seconds = float(page.locator("#take-panel").get_attribute("data-recorded-seconds"))
        assert abs(processed_duration(app, db, take) - seconds) <= TOLERANCE
        page.get_by_role("button", name="Deze opname bevestigen").tap()
        page.get_by_text("Scenario 2 van 10", exact=True).wait_for()
    finally:
        context.close()


def test_losing_the_login_mid_recording_keeps_the_take_until_the_candidate_is_back(
    page, context, app, db, at_first_scenario, media_worker
):
    page.locator("[data-action=record]:visible").click()
    panel_phase(page, "recording")
    take_id = page.locator("#take-panel").get_attribute("data-take-id")
    wait_until(page, f"async () => (await ({IDB_CHUNKS})('{take_id}')).total >= 1")
    context.clear_cookies()  # the session is gone (expired, logged out elsewhere)
    page.wait_for_timeout(3000)
    page.get_by_role("button", name="Stop opname").click()
    panel_phase(page, "review")
    page.locator("#take-panel[data-recorded-seconds]").wait_for(state="attached")
    expect(page.locator("#take-status")).to_contain_text("Het verzenden is mislukt")
    seconds = float(page.locator("#take-panel").get_attribute("data-recorded-seconds"))
    held = page.evaluate(IDB_CHUNKS, take_id)
    assert held["unsent"] >= 1  # refused by the server, so still waiting on this device
    assert page.locator("#take-panel").get_attribute("data-take-state") != "saved"

    login_page(page, at_first_scenario.candidate.user)
    page.goto("/assessment/scenario")
    page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached", timeout=60_000)
    take = take_row(db, take_id)
    upload = db.session.query(UploadSession).filter_by(public_id=take.upload_id).one()
    assert upload.chunk_count == held["total"]
    assert abs(processed_duration(app, db, take) - seconds) <= TOLERANCE


def test_a_reload_during_thinking_time_continues_the_same_countdown(page, db, make, exam_scenarios):
    exam_scenarios[0].thinking_seconds = 90
    db.session.commit()
    assessment = make.assessment(practice_done_at=utcnow())
    login_page(page, assessment.candidate.user)
    page.goto("/assessment/scenario")
    page.get_by_role("button", name="Start bedenktijd").click()
    panel_phase(page, "thinking")

    def remaining() -> int:
        text = page.locator("#thinking-timer").inner_text()  # "Bedenktijd: nog 1:29"
        minutes, seconds = text.rsplit(" ", 1)[1].split(":")
        return int(minutes) * 60 + int(seconds)

    before = remaining()
    page.reload()
    panel_phase(page, "thinking")  # not back to "Start bedenktijd"
    assert 0 < remaining() <= before <= 90
