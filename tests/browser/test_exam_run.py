"""A candidate's whole part 2 in a real Chromium with the fake camera and a real media worker.

Consent, device check, the practice question, all ten scenarios (the first with a real prompt
video, its captions and its play limit; the last stopped automatically at the maximum answer
length), submit and done. Afterwards every confirmed take is a processed, playable MP4
(H.264/AAC, checked with ffprobe) about as long as the browser recorded it.
"""

from __future__ import annotations

import subprocess

import pytest
from playwright.sync_api import expect

from ksf_b.accounts.models import Role
from ksf_b.assessment.models import Assessment
from ksf_b.journey.models import CandidateState
from media.models.asset import AssetKind, AssetStatus
from tests.browser.conftest import (
    assert_accessible,
    login_page,
    panel_phase,
    probe_processed,
    record_take,
    wait_for_assets,
    wait_until,
)

CAPTIONS = "WEBVTT\n\n00:00.000 --> 00:02.000\nGoedemiddag, u spreekt met Sanne.\n"
DURATION_TOLERANCE = 1.0  # seconds between what the browser recorded and the processed MP4


@pytest.fixture(scope="session")
def prompt_mp4(tmp_path_factory) -> bytes:  # type: ignore[no-untyped-def]
    """A 2-second H.264/AAC clip standing in for an actor video."""
    path = tmp_path_factory.mktemp("prompt") / "prompt.mp4"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
         "-f", "lavfi", "-i", "sine=frequency=440", "-t", "2", "-c:v", "libx264",
         "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart", str(path)],
        check=True,
    )  # fmt: skip
    return path.read_bytes()


def play_prompt_once(page, then_text: str) -> None:  # type: ignore[no-untyped-def]
    """Click play, wait until the server counted it (the text changes) and the clip ended."""
    page.get_by_role("button", name="Video afspelen").click()
    expect(page.locator("#plays-text")).to_have_text(then_text)
    wait_until(page, "() => document.getElementById('prompt-video').currentTime > 0.3")
    wait_until(page, "() => document.getElementById('prompt-video').ended", timeout=15_000)


def check_prompt_video_and_play_limit(page) -> None:  # type: ignore[no-untyped-def]
    assert page.get_by_text("Je kunt de video nog 2 keer afspelen.").is_visible()
    assert page.get_by_text("Tijdelijke placeholder-video").is_visible()
    play_prompt_once(page, "Je kunt de video nog 1 keer afspelen.")
    cue = wait_until(
        page,
        "() => { const t = document.getElementById('prompt-video').textTracks[0];"
        " return t && t.cues && t.cues.length ? t.cues[0].text : null; }",
    )
    assert cue == "Goedemiddag, u spreekt met Sanne."
    play_prompt_once(page, "Je hebt de video zo vaak bekeken als is toegestaan.")
    expect(page.get_by_role("button", name="Video afspelen")).to_be_disabled()
    # bypassing the page: the server refuses a third play
    config = page.evaluate("JSON.parse(document.getElementById('exam-config').textContent)")
    url = config["state"]["urls"]["play"]
    token = page.locator("meta[name=csrf-token]").get_attribute("content")
    refused = page.request.post(url, headers={"X-CSRFToken": token})
    assert refused.status == 409
    assert "zo vaak bekeken" in refused.json()["error"]


def prepare(page, assessment: Assessment) -> None:  # type: ignore[no-untyped-def]
    """Overview → consent → device check → practice, as the candidate clicks through."""
    login_page(page, assessment.candidate.user)
    page.goto("/assessment/")
    assert_accessible(page)
    page.get_by_role("link", name="Verder").click()
    page.get_by_label("Ik heb gelezen wat er wordt opgenomen").check()
    page.get_by_role("button", name="Akkoord en verder").click()
    page.get_by_role("button", name="Camera en microfoon starten").click()
    wait_until(page, "() => document.getElementById('camera-preview').videoWidth > 0")
    wait_until(page, "() => parseFloat(document.getElementById('level-meter').dataset.peak) > 0.02")
    page.get_by_role("button", name="Testopname maken (5 seconden)").click()
    page.locator("#test-playback").wait_for(state="visible", timeout=20_000)
    page.get_by_label("Ik zag en hoorde mezelf goed in de testopname.").check()
    page.get_by_role("button", name="Verder naar de oefenvraag").click()
    page.wait_for_url("**/assessment/oefenvraag")
    panel_phase(page, "ready")
    assert_accessible(page)
    record_take(page, 2)
    page.get_by_role("button", name="Verder naar scenario 1").click()
    page.wait_for_url("**/assessment/scenario")


def answer_scenario(page, position: int, seconds: float | None) -> dict:  # type: ignore[no-untyped-def]
    page.get_by_text(f"Scenario {position} van 10", exact=True).wait_for()
    panel_phase(page, "ready")
    page.get_by_role("button", name="Start bedenktijd").click()
    panel_phase(page, "thinking")
    assert page.get_by_role("timer").first.is_visible()
    take = record_take(page, seconds)
    if position == 1:
        assert_accessible(page)  # the review phase
        assert page.get_by_text("Je kunt nog 1 keer opnieuw opnemen.").is_visible()
    page.get_by_role("button", name="Deze opname bevestigen").click()
    return take


def test_candidate_records_all_ten_scenarios_into_playable_mp4s(
    page, app, db, make, exam_scenarios, media_worker, prompt_mp4
):
    admin = make.user(role=Role.ADMIN)
    prompt = make.ready_asset(prompt_mp4, owner=admin, kind=AssetKind.SCENARIO)
    first = exam_scenarios[0]
    first.video_asset, first.captions_vtt, first.is_placeholder = prompt, CAPTIONS, True
    db.session.commit()
    assessment = make.assessment(prepared=False)

    prepare(page, assessment)
    page.get_by_text("Scenario 1 van 10", exact=True).wait_for()
    assert_accessible(page)
    check_prompt_video_and_play_limit(page)

    recorded = {}
    for position in range(1, 11):
        seconds = None if position == 10 else 2.5  # the last one stops by itself at 10 s
        take = answer_scenario(page, position, seconds)
        recorded[take["take_id"]] = take
    assert recorded[take["take_id"]]["seconds"] >= 9.5
    page.wait_for_url("**/assessment/inleveren")
    assert page.get_by_text("Je hebt 10 van de 10 scenario's beantwoord en bevestigd.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Assessment indienen").click()
    page.wait_for_url("**/assessment/klaar")
    assert_accessible(page)

    db.session.expire_all()
    # handed in, part 2 goes straight to its assessors (assessors.assignment)
    assert assessment.candidate.state is CandidateState.RATING
    takes = [r.confirmed_take for r in assessment.responses]
    assert sorted(t.public_id for t in takes) == sorted(recorded)
    assets = wait_for_assets(app, [t.asset_id for t in takes])
    by_asset = {t.asset_id: recorded[t.public_id] for t in takes}
    for asset in assets:
        assert asset.status is AssetStatus.READY, (asset.public_id, asset.failure_reason)
        probe = probe_processed(app, asset)
        codecs = {s["codec_type"]: s["codec_name"] for s in probe["streams"]}
        assert codecs == {"video": "h264", "audio": "aac"}
        duration = float(probe["format"]["duration"])
        assert abs(duration - by_asset[asset.id]["seconds"]) <= DURATION_TOLERANCE, (
            duration,
            by_asset[asset.id],
        )
