"""Stop recording → finalize uses the recorder's running SHA-256 (real Chromium, fake camera).

While recording, the recorder hashes each chunk as it is stored (in index order), so finalize
sends the whole-take SHA-256 without reading the take back from IndexedDB. Without that state
(a reload mid-take) or when the server refuses it (422), the take is hashed from IndexedDB as
before. The server only finalizes when its own SHA-256 of the assembled chunks equals the
browser's, so a FINALIZED upload proves the browser's hash right.
"""

from __future__ import annotations

import hashlib
import json

from media.models.upload import UploadSession, UploadState
from media.storage import get_storage
from tests.browser.conftest import panel_phase, wait_until
from tests.browser.test_exam_resilience import IDB_CHUNKS, take_row

STATS = "() => ({ ...window.ksfRecorderStats })"
# count the reads of a take's chunks from IndexedDB (the page's own RecordingStore module)
COUNT_STORE_READS = """async () => {
  const { RecordingStore } = await import('/static/js/recording-store.js');
  const read = RecordingStore.prototype.chunks;
  window.storeReads = 0;
  RecordingStore.prototype.chunks = function (...args) {
    window.storeReads++;
    return read.apply(this, args);
  };
}"""


def finalized_upload(app, db, take_id: str) -> UploadSession:  # type: ignore[no-untyped-def]
    take = take_row(db, take_id)
    upload = db.session.query(UploadSession).filter_by(public_id=take.upload_id).one()
    assert upload.state is UploadState.FINALIZED
    with app.app_context(), get_storage().open(take.asset.original_key) as body:
        assert hashlib.sha256(body.read()).hexdigest() == upload.sha256
    return upload


def chunk_md5s(app, upload: UploadSession) -> list[str]:  # type: ignore[no-untyped-def]
    """The MD5 of each chunk, cut from the stored original by the chunk rows' sizes."""
    with app.app_context(), get_storage().open(upload.asset.original_key) as body:
        data = body.read()
    digests, start = [], 0
    for chunk in sorted(upload.chunks, key=lambda c: c.index):
        digests.append(hashlib.md5(data[start : start + chunk.size]).hexdigest())
        start += chunk.size
    assert start == len(data) and len(digests) == upload.chunk_count
    return digests


def record_and_stop(page, seconds: float) -> str:  # type: ignore[no-untyped-def]
    page.locator("[data-action=record]:visible").click()
    panel_phase(page, "recording")
    take_id = page.locator("#take-panel").get_attribute("data-take-id")
    wait_until(page, f"async () => (await ({IDB_CHUNKS})('{take_id}')).total >= 2",
               timeout=15_000)  # fmt: skip
    page.wait_for_timeout(seconds * 1000)
    page.evaluate(COUNT_STORE_READS)
    page.get_by_role("button", name="Stop opname").click()
    page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached", timeout=60_000)
    return take_id


def test_stop_finalizes_with_the_running_hash_without_reading_indexeddb(
    page, app, db, at_first_scenario
):
    finalizes: list[dict] = []
    page.on(
        "request",
        lambda r: finalizes.append(json.loads(r.post_data)) if r.url.endswith("/finalize") else 0,
    )
    take_id = record_and_stop(page, 2)
    stats = page.evaluate(STATS)
    assert stats == {"runningHash": 1, "storeHash": 0, "runningRefused": 0}
    assert page.evaluate("() => window.storeReads") == 0  # nothing read back after the click
    upload = finalized_upload(app, db, take_id)
    assert [f["sha256"] for f in finalizes] == [upload.sha256]
    assert finalizes[0]["chunk_count"] == upload.chunk_count >= 2
    assert finalizes[0]["chunk_md5"] == chunk_md5s(app, upload)  # kept while recording
    assert page.evaluate(IDB_CHUNKS, take_id)["total"] == 0  # cleaned up after finalize


def test_a_refused_running_hash_falls_back_to_hashing_indexeddb_once(
    page, app, db, at_first_scenario
):
    sent: list[str] = []
    md5s: list[list[str]] = []

    def spoil_first(route):  # type: ignore[no-untyped-def]
        body = json.loads(route.request.post_data)
        if not sent:
            body["sha256"] = "0" * 64  # the server answers 422 file_checksum to this one
        sent.append(body["sha256"])
        md5s.append(body["chunk_md5"])
        route.continue_(post_data=json.dumps(body))

    page.route("**/finalize", spoil_first)
    take_id = record_and_stop(page, 1)
    stats = page.evaluate(STATS)
    assert stats == {"runningHash": 0, "storeHash": 1, "runningRefused": 1}
    assert page.evaluate("() => window.storeReads") >= 1  # the fallback read the take back
    upload = finalized_upload(app, db, take_id)
    assert sent == ["0" * 64, upload.sha256]
    # the running hash's MD5s, then those stored in IndexedDB: the same, and right
    assert md5s == [chunk_md5s(app, upload)] * 2


def test_a_take_interrupted_by_a_reload_is_hashed_from_indexeddb(page, app, db, at_first_scenario):
    page.locator("[data-action=record]:visible").click()
    panel_phase(page, "recording")
    take_id = page.locator("#take-panel").get_attribute("data-take-id")
    wait_until(page, f"async () => (await ({IDB_CHUNKS})('{take_id}')).total >= 3",
               timeout=20_000)  # fmt: skip
    before = page.evaluate(IDB_CHUNKS, take_id)
    page.once("dialog", lambda dialog: dialog.accept())
    finalizes: list[dict] = []
    page.on(
        "request",
        lambda r: finalizes.append(json.loads(r.post_data)) if r.url.endswith("/finalize") else 0,
    )
    page.reload()  # the recorder and its running hash are gone; the chunks are in IndexedDB
    page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached", timeout=60_000)
    stats = page.evaluate(STATS)
    assert stats == {"runningHash": 0, "storeHash": 1, "runningRefused": 0}
    upload = finalized_upload(app, db, take_id)
    assert upload.chunk_count >= before["total"]
    [body] = finalizes  # the MD5s stored with each chunk in IndexedDB
    assert body["chunk_md5"] == chunk_md5s(app, upload)
