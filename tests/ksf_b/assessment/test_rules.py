"""Worked examples for the pure assessment rules (no database, no HTTP)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ksf_b.assessment import rules
from ksf_b.assessment.rules import Extra, Limits, ScenarioCoverage
from ksf_b.competencies import COMPETENCY_CODES, ORAL_LANGUAGE

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)


def base(**extra_kwargs) -> Limits:  # type: ignore[no-untyped-def]
    return rules.effective_limits(
        thinking_seconds=60,
        max_answer_seconds=120,
        allowed_retakes=1,
        max_prompt_plays=2,
        **extra_kwargs,
    )


def test_limits_without_accommodation_count_the_first_take():
    assert base() == Limits(
        thinking_seconds=60, max_answer_seconds=120, takes_allowed=2, prompt_plays=2
    )


def test_accommodations_add_up():
    limits = base(
        extras=[Extra(thinking_seconds=30, retakes=1), Extra(answer_seconds=60, prompt_plays=1)]
    )
    assert limits == Limits(
        thinking_seconds=90, max_answer_seconds=180, takes_allowed=3, prompt_plays=3
    )


def test_play_limit():
    limits = base()
    assert rules.can_play(0, limits) and rules.can_play(1, limits)
    assert not rules.can_play(2, limits)
    assert rules.plays_remaining(1, limits) == 1
    assert rules.plays_remaining(5, limits) == 0


def test_take_limit_with_extra_retake():
    assert not rules.can_take(2, base())
    assert rules.can_take(2, base(extras=[Extra(retakes=1)]))
    assert rules.takes_remaining(0, base()) == 2


def test_window_is_half_open():
    opens, closes = T0, T0 + timedelta(days=14)
    assert not rules.is_open(opens, closes, T0 - timedelta(seconds=1))
    assert rules.is_open(opens, closes, T0)
    assert rules.is_open(opens, closes, closes - timedelta(seconds=1))
    assert not rules.is_open(opens, closes, closes)
    assert rules.is_open(None, closes, T0 - timedelta(days=100))


def test_thinking_deadline_includes_extra_time():
    limits = base(extras=[Extra(thinking_seconds=30)])
    assert rules.thinking_deadline(T0, limits) == T0 + timedelta(seconds=90)


def test_next_scenario_follows_the_order_not_the_ids():
    order = [7, 3, 9]
    assert rules.next_scenario(order, []) == 7
    assert rules.next_scenario(order, [7]) == 3
    assert rules.next_scenario(order, [3]) == 7  # an answer out of order does not skip ahead
    assert rules.next_scenario(order, [7, 3, 9]) is None


def full_set() -> list[ScenarioCoverage]:
    return [
        ScenarioCoverage(
            f"S{i}",
            True,
            frozenset({COMPETENCY_CODES[i % 7], COMPETENCY_CODES[(i + 1) % 7], ORAL_LANGUAGE}),
        )
        for i in range(10)
    ]


def test_a_good_set_has_no_warnings():
    assert rules.coverage_warnings(full_set()) == []


def test_missing_oral_language_is_named():
    scenarios = full_set()
    first = scenarios[0]
    scenarios[0] = ScenarioCoverage(first.title, True, first.competency_codes - {ORAL_LANGUAGE})
    warnings = rules.coverage_warnings(scenarios)
    assert warnings == ["Scenario 'S0' toetst geen mondelinge taalvaardigheid."]


def test_a_competency_in_only_one_active_scenario_is_reported():
    scenarios = [
        ScenarioCoverage(f"S{i}", True, frozenset({"analysis", ORAL_LANGUAGE})) for i in range(9)
    ]
    scenarios.append(ScenarioCoverage("S9", True, frozenset({"reflection", ORAL_LANGUAGE})))
    scenarios.append(ScenarioCoverage("old", False, frozenset({"reflection", ORAL_LANGUAGE})))
    warnings = rules.coverage_warnings(scenarios)
    assert "Reflectie: in 1 actieve scenario's, minimaal 2 nodig." in warnings
    assert not any("Analyse" in w for w in warnings)
    assert not any("actieve scenario's; het assessment" in w for w in warnings)


def test_wrong_number_of_active_scenarios_is_reported():
    warnings = rules.coverage_warnings(full_set()[:9])
    assert warnings[0] == "Er zijn 9 actieve scenario's; het assessment vraagt er precies 10."


def test_reminders_go_out_once_each_and_nearest_first():
    closes = T0 + timedelta(days=14)
    days = [7, 2]
    assert rules.due_reminder(closes, T0, days, []) is None
    assert rules.due_reminder(closes, closes - timedelta(days=6), days, []) == 7
    assert rules.due_reminder(closes, closes - timedelta(days=6), days, [7]) is None
    assert rules.due_reminder(closes, closes - timedelta(days=1), days, [7]) == 2
    assert rules.due_reminder(closes, closes - timedelta(days=1), days, [7, 2]) is None
    # missed the 7-day one: only the 2-day one goes out, and then no late 7-day one
    assert rules.due_reminder(closes, closes - timedelta(days=1), days, []) == 2
    assert rules.due_reminder(closes, closes - timedelta(hours=2), days, [2]) is None
    assert rules.due_reminder(closes, closes, days, []) is None
