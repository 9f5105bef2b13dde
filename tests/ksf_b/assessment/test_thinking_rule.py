"""Worked examples of the server's thinking-time rule (pure functions, no database, no HTTP).

Scenario: 60 s thinking, 120 s answer, grace 10 s. Thinking starts at 09:00:00, so the
deadline is 09:01:00 and the first take's answer clock starts at 09:01:10 (deadline + grace):
its answer time ends at 09:03:10 whether or not anything was recorded.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ksf_b.assessment import rules
from ksf_b.assessment.rules import TakeWindow

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
GRACE = 10


def limits(**extra):  # type: ignore[no-untyped-def]
    return rules.effective_limits(
        thinking_seconds=60,
        max_answer_seconds=120,
        allowed_retakes=1,
        max_prompt_plays=2,
        extras=[rules.Extra(**extra)] if extra else (),
    )


def first(at_seconds: float, grace: int = GRACE, **extra) -> TakeWindow:  # type: ignore[no-untyped-def]
    """The window of a first take opened `at_seconds` after thinking started."""
    lim = limits(**extra)
    return rules.first_take_window(
        thinking_deadline=rules.thinking_deadline(T0, lim),
        now=T0 + timedelta(seconds=at_seconds),
        limits=lim,
        grace_seconds=grace,
    )


def test_a_take_opened_during_thinking_time_gets_the_full_answer_time():
    assert first(20) == TakeWindow(allowed_seconds=120)
    assert first(60) == TakeWindow(allowed_seconds=120)  # at the deadline


def test_the_automatic_start_within_the_grace_gets_the_full_answer_time():
    assert first(61.5) == TakeWindow(allowed_seconds=120)  # network and camera took 1.5 s
    assert first(70) == TakeWindow(allowed_seconds=120)  # the last second of the grace


def test_a_late_opener_gets_only_what_is_left_of_the_answer_time():
    # reloaded and back 45 s after the deadline: 35 s past the grace, 85 s left
    window = first(105)
    assert window == TakeWindow(allowed_seconds=85, late_seconds=35)
    assert window.is_late and not window.missed
    # a fraction past the grace costs a whole second (whole seconds, never more than allowed)
    assert first(70.2) == TakeWindow(allowed_seconds=119, late_seconds=1)


def test_with_less_than_the_minimum_left_the_first_take_is_missed():
    # 09:03:06: 4 s left of the answer time, less than MIN_LATE_ANSWER_SECONDS (5)
    assert first(60 + GRACE + 116).missed
    assert first(60 + GRACE + 115) == TakeWindow(allowed_seconds=5, late_seconds=115)
    # an hour later: missed, nothing allowed
    assert first(3600) == TakeWindow(allowed_seconds=0, late_seconds=3600 - 70, missed=True)


def test_without_grace_the_answer_clock_starts_at_the_deadline():
    assert first(61, grace=0) == TakeWindow(allowed_seconds=119, late_seconds=1)


def test_accommodations_still_apply_to_thinking_and_answer_time():
    # +30 s thinking moves the deadline to 09:01:30 (clock from 09:01:40); +60 s answer: 180 s
    assert first(90, thinking_seconds=30) == TakeWindow(allowed_seconds=120)
    assert first(125, thinking_seconds=30, answer_seconds=60) == TakeWindow(
        allowed_seconds=155, late_seconds=25
    )


def test_a_retake_and_a_take_after_a_missed_first_one_have_their_own_clock():
    lim = limits()
    deadline = rules.thinking_deadline(T0, lim)
    late = T0 + timedelta(hours=2)
    common = {"thinking_deadline": deadline, "now": late, "limits": lim, "grace_seconds": GRACE}
    assert rules.take_window(takes_opened=1, first_missed=False, **common) == TakeWindow(120)
    assert rules.take_window(takes_opened=0, first_missed=True, **common) == TakeWindow(120)
    assert rules.take_window(takes_opened=0, first_missed=False, **common).missed


def test_overrun_is_measured_past_the_maximum_plus_grace():
    assert rules.overrun_seconds(None, 85, GRACE) == 0  # not measured yet
    assert rules.overrun_seconds(85.9, 85, GRACE) == 0
    assert rules.overrun_seconds(95.0, 85, GRACE) == 0  # within the grace
    assert rules.overrun_seconds(100.2, 85, GRACE) == 6
