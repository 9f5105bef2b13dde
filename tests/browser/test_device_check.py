"""Device check in a real Chromium with the fake camera: preview, level meter, test recording."""

from tests.browser.conftest import assert_accessible, login_page, wait_until


def test_device_check_shows_camera_level_and_plays_back_a_test_recording(page, make, db):
    assessment = make.assessment(prepared=False, consent_at=None)
    make.scenario_set()
    login_page(page, assessment.candidate.user)
    page.goto("/assessment/toestemming")
    assert_accessible(page)
    page.get_by_role("button", name="Akkoord en verder").click()
    assert page.get_by_text("Vink aan dat je akkoord gaat").is_visible()
    page.get_by_label("Ik heb gelezen wat er wordt opgenomen").check()
    page.get_by_role("button", name="Akkoord en verder").click()
    page.wait_for_url("**/assessment/apparaatcontrole")
    assert_accessible(page)

    page.get_by_role("button", name="Camera en microfoon starten").click()
    # the preview shows real frames and the meter moves with the fake microphone's beep
    wait_until(page, "() => document.getElementById('camera-preview').videoWidth > 0")
    wait_until(
        page, "() => parseFloat(document.getElementById('level-meter').dataset.peak || 0) > 0.02"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Testopname maken (5 seconden)").click()
    playback = page.locator("#test-playback")
    playback.wait_for(state="visible", timeout=20_000)
    assert int(playback.get_attribute("data-bytes")) > 10_000
    # the local blob really plays: it loads and reports a duration
    page.evaluate("document.getElementById('test-playback').play()")
    wait_until(page, "() => document.getElementById('test-playback').currentTime > 0.5")
    page.get_by_label("Ik zag en hoorde mezelf goed in de testopname.").check()
    page.get_by_role("button", name="Verder naar de oefenvraag").click()
    page.wait_for_url("**/assessment/oefenvraag")
    db.session.expire_all()
    assert assessment.device_check_at is not None
