"""Thinking time is the server's (real Chromium, fake camera, real upload endpoints).

A candidate who leaves during thinking time (the page closed or reloaded) and comes back after
it ended (thinking started that much longer ago in the database, as a clock would) finds the
recording started at once, with only the rest of the answer time (counted by the server from
the thinking deadline plus grace), and the recording stops itself at the server's maximum.
One who comes back after the answer time too finds the first take lapsed and a retake to
start with a tap.
"""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from ksf_b.assessment import programme
from ksf_b.assessment.models import Response
from ksf_b.db_types import utcnow
from tests.browser.conftest import panel_phase, wait_until
from tests.browser.test_exam_phone_and_retake import takes_of

ANSWER = 20  # at_first_scenario: 60 s thinking, 20 s answers, thinking time started
GRACE = 1


def away_during_thinking(page, db, assessment, back_after_deadline: float) -> None:  # type: ignore[no-untyped-def]
    """Leave the exam during thinking time and come back `back_after_deadline` seconds after
    it ended (the clock moved on: thinking started that much longer ago)."""
    programme.get_settings().timing_grace_seconds = GRACE
    page.goto("/assessment/")
    [response] = db.session.query(Response).filter_by(assessment_id=assessment.id).all()
    response.thinking_started_at = utcnow() - timedelta(seconds=60 + back_after_deadline)
    db.session.commit()
    page.goto("/assessment/scenario")


def test_a_reload_during_thinking_time_that_ends_past_the_deadline_records_the_rest(
    page, db, at_first_scenario
):
    away_during_thinking(page, db, at_first_scenario, GRACE + 4)  # 4 s past deadline + grace
    panel_phase(page, "recording", timeout=15_000)  # nobody clicked
    expect(page.locator("#take-status")).to_contain_text("Je bedenktijd was al voorbij")
    [take] = takes_of(db)
    assert take.started_automatically is True
    assert take.late_seconds >= 4 and take.allowed_seconds == ANSWER - take.late_seconds
    assert 5 <= take.allowed_seconds <= ANSWER - 4
    expect(page.locator("#take-status")).to_contain_text(f"0:{take.allowed_seconds:02d}")
    parts = page.evaluate(
        "() => { const e = document.getElementById('elapsed');"
        " return [Number(e.dataset.elapsed), Number(e.dataset.remaining)]; }"
    )
    assert sum(parts) == take.allowed_seconds  # the timer counts down the server's maximum
    # it stops itself at the server's maximum, not the scenario's
    panel_phase(page, "review", timeout=(ANSWER + 10) * 1000)
    recorded = float(page.locator("#take-panel").get_attribute("data-recorded-seconds") or 0)
    assert take.allowed_seconds - 1 <= recorded <= take.allowed_seconds + 0.5
    page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached", timeout=60_000)


def test_back_after_the_answer_time_too_the_first_take_lapsed_and_a_tap_starts_the_retake(
    page, db, at_first_scenario
):
    away_during_thinking(page, db, at_first_scenario, 30 * 60)  # closed, back much later
    panel_phase(page, "prepare")
    expect(page.locator("#take-status")).to_contain_text("Je eerste opname is daarom vervallen")
    expect(page.locator("#take-status")).to_contain_text("nog 1 keer opnieuw opnemen")
    wait_until(page, "() => !document.getElementById('camera-preview').hidden")
    page.wait_for_timeout(1500)
    assert takes_of(db) == []  # nothing starts by itself: the retake is the candidate's
    page.locator("[data-action=record]:visible").click()
    panel_phase(page, "recording")
    [take] = takes_of(db)
    assert (take.allowed_seconds, take.late_seconds) == (ANSWER, 0)  # its own clock
    page.get_by_role("button", name="Stop opname").click()
    page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached", timeout=60_000)
