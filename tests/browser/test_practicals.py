"""The practicals in a real Chromium: an examiner scores five chats on a tablet with touch,
reloads halfway without losing a mark, signs off and sees the outcome; axe on every new page."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from sqlalchemy import select

from ksf_b.accounts.models import Role
from practicals.models import Observation, ObservationMark, ObservationStatus, PracticalKind
from tests.browser.conftest import assert_accessible
from tests.practicals import support

TABLET = {"width": 820, "height": 1180}


def finalize_bodies(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """The JSON of every finalize request the page sends from now on."""
    bodies: list[dict] = []
    page.on(
        "request",
        lambda r: bodies.append(json.loads(r.post_data)) if r.url.endswith("/finalize") else 0,
    )
    return bodies


def sign_in(context, live_server, user) -> None:  # type: ignore[no-untyped-def]
    """A signed session cookie for `user` (form logins would trip the shared rate limit)."""
    app = live_server.app
    serializer = app.session_interface.get_signing_serializer(app)
    value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True})
    context.add_cookies(
        [{"name": app.config["SESSION_COOKIE_NAME"], "value": value, "url": live_server.url}]
    )


@pytest.fixture
def tablet(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        viewport=TABLET,
        has_touch=True,
        is_mobile=True,
        device_scale_factor=1,
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


def mark_for(position: int, code: str) -> str:
    """Chat 2 gets 'niet goed' on 2.4b, chats 4 and 5 'n.v.t.' on 2.5d; the rest is good."""
    if position == 2 and code == "2.4b":
        return "not_good"
    if position in (4, 5) and code == "2.5d":
        return "na"
    return "good"


def tap_chat(page, position: int, codes) -> None:  # type: ignore[no-untyped-def]
    for code in codes:
        value = mark_for(position, code)
        page.locator(f'label[for="mark-{position}-{code.replace(".", "_")}-{value}"]').tap()


def stored_marks(make, observation) -> dict[tuple[int, str], str]:  # type: ignore[no-untyped-def]
    make.db.session.rollback()
    rows = make.db.session.execute(
        select(ObservationMark)
        .join(ObservationMark.entry)
        .where(ObservationMark.entry.has(observation_id=observation.id))
    ).scalars()
    return {(m.entry.position, m.code): m.value for m in rows if m.value}


def wait_stored(page, make, observation, count: int) -> dict:  # type: ignore[no-untyped-def]
    for _attempt in range(150):
        marks = stored_marks(make, observation)
        if len(marks) >= count:
            return marks
        page.wait_for_timeout(200)
    raise AssertionError(f"only {len(stored_marks(make, observation))} of {count} marks stored")


def test_examiner_scores_five_chats_on_a_tablet_reloads_and_signs_off(tablet, live_server, make):
    observation = support.observation(make, PracticalKind.CHAT)
    codes = observation.definition.checklist().codes
    sign_in(tablet, live_server, observation.examiner)
    page = tablet.new_page()
    page.goto(f"/praktijk/{observation.public_id}")
    assert_accessible(page)
    for position in (1, 2):
        tap_chat(page, position, codes)
    page.locator("[data-autosave-status][data-state=saved]").wait_for()
    tap_chat(page, 3, codes)
    last = f"#mark-3-{codes[-1].replace('.', '_')}-{mark_for(3, codes[-1])}"
    page.locator(f"{last}:checked").wait_for(state="attached")  # the examiner sees the last tap
    page.reload()  # halfway, without waiting for chat 3 to be saved
    # the page may have been rendered just before the last save landed: it reloads itself
    page.locator(f"{last}:checked").wait_for(state="attached")
    for position in (1, 2, 3):
        for code in codes:
            radio = f"#mark-{position}-{code.replace('.', '_')}-{mark_for(position, code)}"
            assert page.locator(radio).is_checked(), radio
    assert page.locator('[data-progress="3"]').inner_text() == "20/20"
    wait_stored(page, make, observation, 60)
    for position in (4, 5):
        tap_chat(page, position, codes)
    marks = wait_stored(page, make, observation, 100)
    assert marks[(2, "2.4b")] == "not_good" and marks[(5, "2.5d")] == "na"
    assert len(marks) == 100
    page.locator("#outcome-panel [data-outcome=passed]").wait_for()  # refreshed after saving
    page.locator('label[for="confirm"]').tap()
    page.locator("#confirm:checked").wait_for(state="attached")
    with page.expect_navigation():
        page.get_by_role("button", name="Aftekenen").tap()
    assert page.get_by_text("De checklist is afgetekend.").is_visible()
    assert page.locator("[data-outcome=passed]").is_visible()
    assert "20 van 20 punten" in page.locator("#outcome-panel").inner_text()
    assert page.locator("#mark-1-1_1a-good").is_disabled()
    assert_accessible(page)
    make.db.session.rollback()
    found = make.db.session.get(Observation, observation.id)
    assert found.status is ObservationStatus.SIGNED_OFF


def test_phone_checklist_and_every_new_page_pass_axe(tablet, live_server, make):
    from practicals import versions

    observation = support.observation(make, PracticalKind.PHONE)
    signed = support.signed_off(make, PracticalKind.CHAT, examiner=observation.examiner)
    draft = versions.new_draft(PracticalKind.PHONE, make.user(Role.ADMIN))
    make.db.session.commit()
    sign_in(tablet, live_server, observation.examiner)
    page = tablet.new_page()
    for path in (
        "/praktijk/",
        f"/praktijk/{observation.public_id}",
        f"/praktijk/{signed.public_id}",
    ):
        page.goto(path)
        assert_accessible(page)
    page.goto(f"/praktijk/{observation.public_id}")
    page.locator('label[for="mark-1-2_3_1"]').tap()
    page.locator("#remark-1-2_3_1").fill("Gebruikte het spellingsalfabet bij de postcode.")
    page.locator("[data-autosave-status][data-state=saved]").wait_for()
    page.reload()
    assert page.locator("#mark-1-2_3_1").is_checked()
    assert "spellingsalfabet" in page.locator("#remark-1-2_3_1").input_value()

    sign_in(tablet, live_server, make.user(Role.ADMIN))
    for path in (
        "/beheer/praktijk/",
        "/beheer/praktijk/plannen",
        f"/beheer/praktijk/{signed.public_id}",
        "/beheer/praktijk/instellingen",
        "/beheer/praktijk/checklists",
        f"/beheer/praktijk/checklists/{signed.definition_id}",
        f"/beheer/praktijk/checklists/{draft.id}",  # the structured editor
    ):
        page.goto(path)
        assert_accessible(page)
    sign_in(tablet, live_server, signed.candidate)
    page.goto("/kandidaat/praktijk/")
    assert page.get_by_text("Geslaagd", exact=True).is_visible()
    assert_accessible(page)


def test_examiner_uploads_a_recorded_call_and_plays_it(tablet, live_server, make, tmp_path):
    """The real upload script (ChunkUploader) sends an mp3; the job runs (real ffmpeg); the
    page then shows a player whose source answers with audio."""
    import subprocess

    from media.jobs import execute
    from media.models.job import Job, JobStatus

    observation = support.observation(make, PracticalKind.PHONE)
    recording = tmp_path / "gesprek.mp3"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
         "-i", "sine=frequency=440:duration=3", "-c:a", "libmp3lame", str(recording)],
        check=True,
    )  # fmt: skip
    sign_in(tablet, live_server, observation.examiner)
    page = tablet.new_page()
    finalizes = finalize_bodies(page)
    page.goto(f"/praktijk/{observation.public_id}")
    page.locator("#audio-1").set_input_files(str(recording))
    page.locator("[data-audio-send]").first.tap()
    page.get_by_text("De opname is bewaard en wordt nu verwerkt.").wait_for()
    [body] = finalizes  # one chunk (under 8 MB): its MD5 is the file's
    assert body["chunk_md5"] == [hashlib.md5(recording.read_bytes()).hexdigest()]
    job = make.db.session.scalar(select(Job).where(Job.status == JobStatus.QUEUED))
    execute(job.id, "browser-test")
    page.locator("audio").wait_for()  # the script saw "ready" and reloaded the page
    assert "klaar om af te spelen" in page.locator(".audio-list").inner_text()
    source = page.locator("audio").get_attribute("src")
    answer = page.request.get(source, headers={"Range": "bytes=0-15"})
    assert answer.status == 206 and answer.headers["content-type"] == "audio/mp4"
    assert_accessible(page)


def test_examiner_records_a_call_in_the_browser(tablet, live_server, make):
    """MediaRecorder with Chromium's fake microphone: record, stop, the same upload follows."""
    from media.jobs import execute
    from media.models.asset import AssetStatus
    from media.models.job import Job, JobStatus
    from practicals.models import AudioEvidence

    observation = support.observation(make, PracticalKind.PHONE)
    sign_in(tablet, live_server, observation.examiner)
    page = tablet.new_page()
    finalizes = finalize_bodies(page)
    page.goto(f"/praktijk/{observation.public_id}")
    page.locator("[data-audio-record]").first.tap()
    page.get_by_text("Bezig met opnemen").wait_for()
    page.wait_for_timeout(2500)
    page.locator("[data-audio-stop]").first.tap()
    page.get_by_text("De opname is bewaard en wordt nu verwerkt.").wait_for()
    [body] = finalizes
    assert len(body["chunk_md5"]) == body["chunk_count"] >= 1
    assert all(re.fullmatch(r"[0-9a-f]{32}", digest) for digest in body["chunk_md5"])
    job = make.db.session.scalar(select(Job).where(Job.status == JobStatus.QUEUED))
    execute(job.id, "browser-test")
    page.locator("audio").wait_for()
    make.db.session.expire_all()
    recording = make.db.session.scalar(select(AudioEvidence))
    assert recording.filename.startswith("opname-") and recording.filename.endswith(".webm")
    assert recording.asset.status is AssetStatus.READY
    assert recording.asset.duration_seconds > 1.5


KEPT_IN_BROWSER = """() => new Promise((resolve, reject) => {
  const owed = JSON.parse(localStorage.getItem("practicals-audio:attach") || "[]").length;
  const open = indexedDB.open("ksf-recorder");
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains("takes")) return resolve({ unsent: 0, takes: 0, owed });
    const tx = db.transaction(["takes", "chunks"]);
    const takes = tx.objectStore("takes").getAll();
    const chunks = tx.objectStore("chunks").getAll();
    tx.oncomplete = () => resolve({
      unsent: chunks.result.filter((c) => !c.sent).length, takes: takes.result.length, owed,
    });
  };
})"""


def kept_in_browser(page) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """What the page keeps for the server: unsent chunks and takes (IndexedDB), owed attaches."""
    return page.evaluate(KEPT_IN_BROWSER)


def test_a_call_recording_survives_a_reload_midway(tablet, live_server, make):
    """Record with the fake microphone while the chunk PUTs fail (they stay in IndexedDB
    only), reload mid-recording: the next load sends them, finalizes, attaches the recording
    to its call, and after processing it plays."""
    from media.jobs import execute
    from media.models.asset import AssetStatus
    from media.models.job import Job, JobStatus
    from media.models.upload import UploadChunk, UploadSession, UploadState
    from practicals.models import AudioEvidence

    observation = support.observation(make, PracticalKind.PHONE)
    sign_in(tablet, live_server, observation.examiner)
    page = tablet.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" while recording: yes
    page.goto(f"/praktijk/{observation.public_id}")
    page.route("**/media/uploads/*/chunks/*", lambda route: route.abort())  # the network fails
    page.locator("[data-audio-record]").first.tap()
    page.get_by_text("Bezig met opnemen").wait_for()
    page.wait_for_timeout(5000)  # two-second timeslices: a few chunks in IndexedDB
    kept = kept_in_browser(page)["unsent"]
    assert kept >= 2, kept
    make.db.session.rollback()
    assert make.db.session.query(UploadChunk).count() == 0  # nothing reached the server
    assert make.db.session.query(AudioEvidence).count() == 0

    page.unroute("**/media/uploads/*/chunks/*")
    page.reload()  # mid-recording: the microphone stops, the page loads anew
    page.get_by_text("De opname is bewaard en wordt nu verwerkt.").wait_for(timeout=30_000)
    make.db.session.rollback()
    upload = make.db.session.scalar(select(UploadSession))
    assert upload.state is UploadState.FINALIZED and upload.chunk_count >= kept
    recording = make.db.session.scalar(select(AudioEvidence))
    assert recording.entry.position == 1 and recording.filename.startswith("opname-")
    job = make.db.session.scalar(select(Job).where(Job.status == JobStatus.QUEUED))
    execute(job.id, "browser-test")
    page.locator("audio").wait_for(timeout=30_000)  # ready: the script reloaded the page
    make.db.session.expire_all()
    assert recording.asset.status is AssetStatus.READY
    assert recording.asset.duration_seconds > 3  # the seconds before the reload
    source = page.locator("audio").get_attribute("src")
    answer = page.request.get(source, headers={"Range": "bytes=0-15"})
    assert answer.status == 206 and answer.headers["content-type"] == "audio/mp4"
    left = kept_in_browser(page)
    assert left == {"unsent": 0, "takes": 0, "owed": 0}
