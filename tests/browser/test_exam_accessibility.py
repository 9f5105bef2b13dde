"""axe-core on every candidate exam page (no serious or critical violations), and the help a
candidate gets when the browser refuses the camera."""

from __future__ import annotations

from playwright.sync_api import expect

from devtools import chromium
from ksf_b.db_types import utcnow
from ksf_b.journey.models import CandidateState
from tests.browser.conftest import assert_accessible, login_page, panel_phase


def test_exam_pages_before_and_during_the_run_are_accessible(page, make, exam_scenarios):
    waiting = make.candidate(state=CandidateState.DOSSIER_IN_PROGRESS)
    login_page(page, waiting.user)
    page.goto("/assessment/")
    expect(page.get_by_text("nog niet geopend")).to_be_visible()
    assert_accessible(page)

    assessment = make.assessment(practice_done_at=utcnow())
    page.context.clear_cookies()
    login_page(page, assessment.candidate.user)
    for path in ("/assessment/", "/assessment/toestemming", "/assessment/apparaatcontrole",
                 "/assessment/oefenvraag", "/assessment/inleveren"):  # fmt: skip
        page.goto(path)
        assert_accessible(page)
    page.goto("/assessment/scenario")
    panel_phase(page, "ready")
    assert_accessible(page)
    page.get_by_role("button", name="Start bedenktijd").click()
    panel_phase(page, "thinking")
    expect(page.get_by_role("timer").first).to_contain_text("Bedenktijd")
    assert_accessible(page)
    # keyboard only: Tab reaches the record button and Enter starts the countdown
    record = page.locator("[data-action=record]:visible")
    record.focus()
    page.keyboard.press("Enter")
    panel_phase(page, "recording")
    assert_accessible(page)
    page.keyboard.press("Enter")  # focus moved to "Stop opname"
    page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached", timeout=30_000)
    assert_accessible(page)


def test_without_camera_permission_the_candidate_gets_help_per_browser(
    playwright_instance, live_server, make
):
    # a Chromium that does not auto-accept the prompt: headless, the request is refused
    args = [a for a in chromium.CHROMIUM_ARGS if a != "--use-fake-ui-for-media-stream"]
    browser = chromium.launch(playwright_instance, args)
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    try:
        assessment = make.assessment(prepared=False, consent_at=utcnow())
        login_page(page, assessment.candidate.user)
        page.goto("/assessment/apparaatcontrole")
        page.get_by_role("button", name="Camera en microfoon starten").click()
        help_block = page.locator("#camera-help")
        expect(help_block).to_be_visible()
        expect(help_block.locator("[data-problem=denied]")).to_be_visible()
        for browser_name in ("Chrome / Edge", "Firefox", "Safari (iPhone / iPad)"):
            expect(help_block).to_contain_text(browser_name)
        assert_accessible(page)
    finally:
        context.close()
        browser.close()
