"""Rating in a real Chromium: keyboard-only rating of ten responses, reload, submit, moderation.

The recordings are a real MP4 made by ffmpeg, so the video plays and seeks for real.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from assessors import assignment as assign_ops
from assessors import operations as ops
from assessors.blind import candidate_code
from assessors.demo import _render_clip
from ksf_b.accounts.models import Role
from ksf_b.journey.models import CandidateState
from tests.browser.conftest import assert_accessible, login_page, wait_until
from tests.browser.test_dossier import sign_in

SCORE = {"analysis": "4", "sensitivity": "3", "flexibility": "4", "oral_language": "3"}


def tab_to(page, selector: str, limit: int = 80) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the focused element matches `selector` (keyboard only)."""
    for _ in range(limit):
        if page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def wait_saved(page, key: str) -> None:  # type: ignore[no-untyped-def]
    """Wait until the server confirmed every change (autosave left nothing in localStorage)."""
    wait_until(
        page,
        "k => localStorage.getItem('autosave:' + k) === null && "
        "document.querySelector('[data-autosave-status]').dataset.state === 'saved'",
        key,
    )


def score_of(code: str) -> str:
    return SCORE.get(code, "3")


def rate_with_keyboard(page, number: int, note: str | None) -> None:  # type: ignore[no-untyped-def]
    """On one response page: every competency by its digit, Tab to the next, then the note."""
    groups = page.locator(".score-group").evaluate_all("gs => gs.map(g => g.dataset.code)")
    tab_to(page, ".score-group input[type=radio]")
    for code in groups:
        page.keyboard.press(score_of(code))
        assert page.evaluate("() => document.activeElement.value") == score_of(code)
        page.keyboard.press("Tab")
    if note:
        tab_to(page, "#notes")
        page.keyboard.type(note)


@pytest.fixture
def clip() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        return _render_clip(Path(folder))[0]


def test_keyboard_rating_reload_submit_moderation_and_outcome(
    page, context, live_server, make, clip
):  # type: ignore[no-untyped-def]
    first_user, second_user = make.assessor(), make.assessor()
    lead = make.assessor(lead=True, max_open=0)
    candidate = make.submitted_part2(clip=clip)
    first, second = assign_ops.active_assignments(candidate)
    assert first.assessor_id == first_user.id
    base = f"/beoordelen/{first.public_id}"
    login_page(page, first_user)
    page.goto("/beoordelen")
    assert_accessible(page)
    assert candidate.user.full_name not in page.content()
    page.goto(base)
    assert_accessible(page)

    page.goto(f"{base}/opname/1")
    assert page.locator("#take-video").get_attribute("preload") == "metadata"
    assert_accessible(page)
    for number in range(1, 11):
        assert page.url.endswith(f"/opname/{number}")
        rate_with_keyboard(page, number, "[00:02] Vat het gevoel samen" if number == 1 else None)
        if number == 1:
            # the timestamp in the note is a button that seeks the video; Alt+T inserts the time
            tab_to(page, "#note-times button")
            page.keyboard.press("Enter")
            wait_until(
                page, "() => Math.round(document.getElementById('take-video').currentTime) === 2"
            )
            page.keyboard.press("Alt+1")  # a non-shortcut: ignored
            tab_to(page, "#notes")
            page.keyboard.press("End")
            page.keyboard.press("Alt+t")
            page.keyboard.type("Sluit af met een afspraak")
            assert "[00:02] Sluit af met een afspraak" in page.locator("#notes").input_value()
            page.keyboard.press("Alt+s")
            assert page.locator("[data-rate='1.25']").get_attribute("aria-pressed") == "true"
        wait_saved(page, f"rating:{first.public_id}:{number}")
        assert page.locator("[data-done]").inner_text() == str(number)
        if number == 5:
            page.reload()
            for earlier in range(1, 6):
                page.goto(f"{base}/opname/{earlier}")
                for code in page.locator(".score-group").evaluate_all(
                    "gs => gs.map(g => g.dataset.code)"
                ):
                    checked = page.locator(f"input[name='score-{code}']:checked")
                    assert checked.get_attribute("value") == score_of(code), (earlier, code)
            page.goto(f"{base}/opname/1")
            notes = page.locator("#notes").input_value()
            assert notes == "[00:02] Vat het gevoel samen\n[00:02] Sluit af met een afspraak"
            assert page.locator("#note-times button").count() == 2
            page.goto(f"{base}/opname/5")
        if number < 10:
            page.keyboard.press("Alt+n")
            page.wait_for_url(f"**/opname/{number + 1}")
    page.goto(base)
    assert "10 van 10" in page.content()
    tab_to(page, "form[action$='/indienen'] button")
    page.keyboard.press("Enter")
    page.wait_for_url("**?ingediend=1")
    assert "Je beoordeling kan niet meer worden gewijzigd" in page.locator("main").inner_text()

    # the second assessor rates two points lower on flexibility in one scenario, and submits
    flex = next(
        r.scenario.position
        for r in ops.responses_of(candidate)
        if "flexibility" in r.scenario.competency_codes
    )
    for response in ops.responses_of(candidate):
        fields = {f"score-{c}": score_of(c) for c in response.scenario.competency_codes}
        if response.scenario.position == flex:
            fields["score-flexibility"] = "2"
        ops.save_draft(second, response, fields, None)
    make.db.session.commit()
    context.clear_cookies()
    sign_in(context, live_server, second_user)
    page.goto(f"/beoordelen/{second.public_id}")
    page.get_by_role("button", name="Beoordeling indienen").click()
    page.wait_for_url("**?ingediend=1")
    make.db.session.rollback()
    assert make.db.session.get(type(candidate), candidate.id).state is CandidateState.MODERATION

    # the lead finds the candidate in moderation and records a consensus with a reason
    context.clear_cookies()
    sign_in(context, live_server, lead)
    page.goto("/beoordelen")
    page.get_by_role("link", name=candidate_code(candidate)).click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    assert "Flexibiliteit" in page.content()
    page.get_by_label("Consensusscore (1 tot en met 5)").fill("3")
    page.get_by_label("Onderbouwing").fill("Past de aanpak aan, maar pas laat in het gesprek.")
    page.get_by_role("button", name="Consensus vastleggen").click()
    page.wait_for_load_state("networkidle")
    outcome = page.locator("#outcome")
    assert "voldoende" in outcome.inner_text()
    assert "gemiddelde" in outcome.inner_text() and "≥ 3,0" in outcome.inner_text()
    assert_accessible(page)

    # the admin sees the outcome with its explanation; every admin page passes axe
    context.clear_cookies()
    sign_in(context, live_server, make.user(role=Role.ADMIN))
    page.goto(f"/beheer/beoordeling/kandidaat/{candidate.public_id}")
    assert "alle competenties ≥ 3,0" in page.locator("#outcome").inner_text()
    assert_accessible(page)
    for path in (
        "/beheer/beoordeling",
        "/beheer/beoordeling/instellingen",
        "/beheer/beoordeling/beoordelaars",
        f"/beheer/beoordeling/beoordelaars/{lead.public_id}",
        "/beheer/beoordeling/rubriek",
        "/beheer/beoordeling/rubriek/1",
    ):
        page.goto(path)
        assert_accessible(page)
    page.goto("/beheer/beoordeling/rubriek")
    page.get_by_role("button", name="Concept bewerken").click()
    page.wait_for_load_state("networkidle")
    assert "/rubriek/2" in page.url
    assert_accessible(page)
