"""The exam on a 390×844 phone with touch, a retake as a decision, leaving mid-recording,
thinking time that starts the recording, honest timer and bar, and the choice of devices.

Screenshots of every phase land in $KSF_SCREENSHOTS (if set), to look at them.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ksf_b.assessment.models import Take
from ksf_b.db_types import utcnow
from tests.browser.conftest import (
    assert_accessible,
    login_page,
    panel_phase,
    wait_until,
)
from tests.browser.test_exam_resilience import IDB_CHUNKS

pytestmark = pytest.mark.browser

IN_VIEW = """(selector) => {
  const node = document.querySelector(selector);
  if (!node || node.hidden || !node.offsetParent) return null;
  const r = node.getBoundingClientRect();
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height,
          vw: innerWidth, vh: innerHeight, scrollY: scrollY};
}"""


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    folder = os.environ.get("KSF_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{folder}/{name}.png")


def assert_on_screen(page, *selectors: str) -> None:  # type: ignore[no-untyped-def]
    """Each element is entirely inside the viewport with the page not scrolled."""
    page.evaluate("() => window.scrollTo(0, 0)")
    for selector in selectors:
        box = page.evaluate(IN_VIEW, selector)
        assert box is not None, f"{selector} is not shown"
        assert box["scrollY"] == 0
        assert box["height"] > 40, (selector, box)
        assert box["top"] >= 0 and box["bottom"] <= box["vh"], (selector, box)
        assert box["left"] >= 0 and box["right"] <= box["vw"], (selector, box)


def takes_of(db) -> list[Take]:  # type: ignore[no-untyped-def]
    db.session.expire_all()
    return db.session.query(Take).order_by(Take.id).all()


@pytest.fixture
def phone(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        permissions=["camera", "microphone"],
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def test_phone_keeps_control_and_self_view_on_screen_and_retake_asks_first(
    phone, db, make, exam_scenarios, media_worker
):
    page = phone
    assessment = make.assessment(practice_done_at=utcnow())
    login_page(page, assessment.candidate.user)
    page.goto("/assessment/scenario")
    panel_phase(page, "ready")
    shot(page, "phone-1-ready")
    page.get_by_role("button", name="Start bedenktijd").tap()
    panel_phase(page, "thinking")
    wait_until(page, "() => !document.getElementById('camera-preview').hidden")
    assert_on_screen(page, "[data-action=record]:not([hidden])", "#camera-preview")
    shot(page, "phone-2-thinking")

    page.locator("[data-action=record]:visible").tap()
    panel_phase(page, "recording")
    assert_on_screen(page, "[data-action=stop]", "#camera-preview")
    shot(page, "phone-3-recording")
    page.wait_for_timeout(2500)
    page.get_by_role("button", name="Stop opname").tap()
    panel_phase(page, "review")
    page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached", timeout=60_000)
    assert_on_screen(page, "[data-action=confirm]", "#review-video")
    # the status is said once, not in the status line and the badge both
    assert page.locator("#take-status").inner_text().strip() == ""
    shot(page, "phone-4-review")
    assert_accessible(page)

    # retake: a question first, saying what happens, then a start button, no countdown
    assert len(takes_of(db)) == 1
    page.get_by_role("button", name="Opnieuw opnemen").tap()
    panel_phase(page, "confirm-retake")
    text = page.locator("#retake-text").inner_text()
    assert "vervalt" in text and "Dit is je laatste keer opnieuw opnemen." in text
    assert_on_screen(page, "[data-action=retake-yes]")
    shot(page, "phone-5-confirm-retake")
    assert_accessible(page)
    page.get_by_role("button", name="Nee, terug naar mijn opname").tap()
    panel_phase(page, "review")
    page.get_by_role("button", name="Opnieuw opnemen").tap()
    page.get_by_role("button", name="Ja, opnieuw opnemen").tap()
    panel_phase(page, "prepare")
    page.wait_for_timeout(4000)  # longer than a 3-2-1: nothing starts by itself
    assert page.locator("#take-panel").get_attribute("data-phase-current") == "prepare"
    assert len(takes_of(db)) == 1  # no take opened on the server
    wait_until(page, "() => !document.getElementById('camera-preview').hidden")
    assert_on_screen(page, "[data-action=record]:not([hidden])", "#camera-preview")
    shot(page, "phone-6-prepare")
    page.locator("[data-action=record]:visible").tap()
    panel_phase(page, "countdown")
    shot(page, "phone-7-countdown")
    panel_phase(page, "recording")
    assert len(takes_of(db)) == 2
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Stop opname").tap()
    page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached", timeout=60_000)
    expect(page.locator("#takes-text")).to_have_text(
        "Je kunt niet meer opnieuw opnemen; bevestig deze opname."
    )
    page.get_by_role("button", name="Deze opname bevestigen").tap()
    page.get_by_text("Scenario 2 van 10", exact=True).wait_for()
    expect(
        page.get_by_text("Je opname voor scenario 1 is bevestigd en opgeslagen.")
    ).to_be_visible()
    shot(page, "phone-8-next-scenario")


def test_thinking_time_starts_the_recording_and_timer_and_bar_are_honest(
    page, context, db, make, exam_scenarios, media_worker
):
    exam_scenarios[0].thinking_seconds = 3
    exam_scenarios[0].max_answer_seconds = 20
    db.session.commit()
    assessment = make.assessment(practice_done_at=utcnow())
    login_page(page, assessment.candidate.user)
    page.goto("/assessment/scenario")
    page.get_by_role("button", name="Start bedenktijd").click()
    panel_phase(page, "thinking")
    panel_phase(page, "recording", timeout=10_000)  # nobody clicked
    [take] = takes_of(db)
    assert take.started_automatically is True
    for _ in range(6):  # elapsed + remaining is the maximum, never one more
        parts = page.evaluate(
            "() => { const e = document.getElementById('elapsed');"
            " return [Number(e.dataset.elapsed), Number(e.dataset.remaining)]; }"
        )
        assert sum(parts) == 20, parts
        page.wait_for_timeout(400)
    wait_until(page, f"async () => (await ({IDB_CHUNKS})('{take.public_id}')).total >= 1")
    context.set_offline(True)
    page.wait_for_timeout(4500)  # chunks keep coming, none can be sent
    value = float(page.evaluate("() => document.getElementById('upload-progress').value"))
    assert value < 1.0
    expect(page.locator("#upload-text")).to_contain_text("wacht op de verbinding")
    context.set_offline(False)
    page.get_by_role("button", name="Stop opname").click()
    page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached", timeout=60_000)
    wait_until(page, "() => document.getElementById('upload-progress').value === 1")


def test_a_reload_mid_recording_warns_and_then_offers_a_free_retake(
    page, db, make, exam_scenarios, media_worker
):
    for scenario in exam_scenarios:
        scenario.allowed_retakes = 0  # only one take: the interrupted one must not use it up
    db.session.commit()
    assessment = make.assessment(practice_done_at=utcnow())
    login_page(page, assessment.candidate.user)
    page.goto("/assessment/scenario")
    page.get_by_role("button", name="Start bedenktijd").click()
    page.locator("[data-action=record]:visible").click()
    panel_phase(page, "recording")
    take_id = page.locator("#take-panel").get_attribute("data-take-id")
    wait_until(page, f"async () => (await ({IDB_CHUNKS})('{take_id}')).total >= 2",
               timeout=15_000)  # fmt: skip
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.reload()
    page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached", timeout=60_000)
    assert dialogs == ["beforeunload"]
    expect(page.locator("#take-status")).to_contain_text("De laatste seconden kunnen ontbreken")
    expect(page.locator("#take-status")).to_contain_text("telt dat niet als extra opname")
    [take] = takes_of(db)
    assert take.interrupted_at is not None
    expect(page.locator("#takes-text")).to_have_text("Je kunt nog 1 keer opnieuw opnemen.")
    page.get_by_role("button", name="Opnieuw opnemen").click()
    expect(page.locator("#retake-text")).to_contain_text("deze keer telt niet mee")
    page.get_by_role("button", name="Ja, opnieuw opnemen").click()
    page.locator("[data-action=record]:visible").click()
    panel_phase(page, "recording")
    page.wait_for_timeout(1500)
    page.get_by_role("button", name="Stop opname").click()
    page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached", timeout=60_000)
    assert len(takes_of(db)) == 2
    expect(page.get_by_role("button", name="Opnieuw opnemen")).to_be_hidden()


COUNT_DEVICES = """async () => {
  const counts = {videoinput: 0, audioinput: 0, audiooutput: 0};
  for (const d of await navigator.mediaDevices.enumerateDevices()) counts[d.kind] += 1;
  return counts;
}"""

SECOND_CAMERA = """() => {
  const real = navigator.mediaDevices.enumerateDevices.bind(navigator.mediaDevices);
  navigator.mediaDevices.enumerateDevices = async () => {
    const devices = await real();
    const camera = devices.find((d) => d.kind === 'videoinput');
    return [...devices, {kind: 'videoinput', deviceId: 'second-camera', label: '', groupId: 'x'}];
  };
  const gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
  window.__asked = [];
  navigator.mediaDevices.getUserMedia = (constraints) => {
    window.__asked.push(JSON.parse(JSON.stringify(constraints)));
    return gum(constraints);
  };
}"""


def test_device_check_offers_a_choice_only_when_there_is_one(page, make):
    assessment = make.assessment(prepared=False, consent_at=utcnow())
    login_page(page, assessment.candidate.user)
    page.goto("/assessment/apparaatcontrole")
    page.get_by_role("button", name="Camera en microfoon starten").click()
    page.locator("#level-meter").wait_for()
    counts = page.evaluate(COUNT_DEVICES)
    assert counts["videoinput"] == 1  # Chromium's fake camera: no camera choice offered
    page.wait_for_timeout(500)
    assert page.locator("#choose-video").is_hidden()
    microphones = page.locator("#choose-audio")
    assert microphones.is_visible() == (counts["audioinput"] > 1)

    page.add_init_script(script=f"({SECOND_CAMERA})()")
    page.reload()
    page.get_by_role("button", name="Camera en microfoon starten").click()
    camera = page.get_by_label("Camera", exact=True)
    expect(camera).to_be_visible()
    labels = camera.locator("option").all_inner_texts()
    assert len(labels) == 2 and labels[1] == "Camera 2"  # unnamed devices get a number
    assert_accessible(page)
    camera.select_option("second-camera")
    # the choice is asked for exactly; this stand-in camera does not exist, so the page falls
    # back to the default camera, forgets the choice and shows the camera really in use
    wait_until(page, "() => window.__asked.length >= 3")
    asked = page.evaluate("() => window.__asked")
    assert asked[1]["video"]["deviceId"] == {"exact": "second-camera"}
    assert "deviceId" not in asked[2]["video"]
    assert page.evaluate("() => localStorage.getItem('ksf-exam-devices')") is None
    wait_until(page, "() => document.getElementById('choose-video').selectedIndex === 0")
    expect(page.locator("#level-meter")).to_be_visible()
