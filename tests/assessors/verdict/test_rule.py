"""The verdict rule with worked examples (pure: no HTTP, no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from assessors.verdict import (
    OverrideRefused,
    VerdictInput,
    VerdictRules,
    appeal_open,
    decide,
    is_working_day,
    may_confirm_override,
    propose,
    service_level,
    working_days_between,
)

RULES = VerdictRules()


@pytest.fixture(autouse=True)
def _babel(app_ctx):  # the reasons are Dutch words through Flask-Babel
    yield


def test_pass_when_part1_approved_part2_passed_and_certificate_a_held() -> None:
    facts = VerdictInput(True, True, True, ("alle competenties ≥ 3,0", "gemiddelde 3,4 ≥ 3,0"))
    proposal = propose(facts, RULES)
    assert proposal.passed is True
    assert proposal.explanation == (
        "onderdeel 1 goedgekeurd; onderdeel 2 behaald; alle competenties ≥ 3,0; "
        "gemiddelde 3,4 ≥ 3,0; certificaat A behaald"
    )


def test_fail_on_part1_even_with_part2_passed() -> None:
    proposal = propose(VerdictInput(False, True, True), RULES)
    assert proposal.passed is False
    assert "onderdeel 1 niet goedgekeurd" in proposal.reasons


def test_fail_on_one_competency() -> None:
    # part 2's integration named Flexibiliteit 2,5 < 3,0 and failed part 2
    facts = VerdictInput(True, True, False, ("Flexibiliteit 2,5 < 3,0", "gemiddelde 3,2 ≥ 3,0"))
    proposal = propose(facts, RULES)
    assert proposal.passed is False
    assert proposal.reasons[:3] == [
        "onderdeel 1 goedgekeurd",
        "onderdeel 2 niet behaald",
        "Flexibiliteit 2,5 < 3,0",
    ]


def test_fail_without_certificate_a_unless_the_setting_is_off() -> None:
    facts = VerdictInput(True, False, True)
    assert propose(facts, RULES).passed is False
    assert "certificaat A ontbreekt" in propose(facts, RULES).reasons
    assert propose(facts, VerdictRules(require_certificate_a=False)).passed is True


def test_not_rated_is_never_a_pass() -> None:
    assert propose(VerdictInput(True, True, None), RULES).passed is False


def test_confirming_the_proposal_is_no_override() -> None:
    proposal = propose(VerdictInput(True, True, True), RULES)
    decision = decide(proposal, True, "", RULES)
    assert (decision.passed, decision.is_override, decision.needs_second_admin) == (
        True,
        False,
        False,
    )


def test_override_needs_a_reason_and_a_second_admin() -> None:
    proposal = propose(VerdictInput(True, True, False, ("Flexibiliteit 2,5 < 3,0",)), RULES)
    with pytest.raises(OverrideRefused):
        decide(proposal, True, "te kort", RULES)
    reason = "Scenario 4 speelde met een defecte video; de score daar telt niet mee."
    decision = decide(proposal, True, reason, RULES)
    assert decision.passed is True
    assert decision.is_override is True
    assert decision.needs_second_admin is True
    assert decision.reason == reason
    assert may_confirm_override(7, 7, RULES) is False
    assert may_confirm_override(7, 8, RULES) is True
    without_four_eyes = VerdictRules(four_eyes_override=False)
    assert decide(proposal, True, reason, without_four_eyes).needs_second_admin is False
    assert may_confirm_override(7, 7, without_four_eyes) is True


def test_working_days_skip_weekends() -> None:
    friday = date(2026, 11, 27)
    assert working_days_between(friday, date(2026, 11, 28)) == 0  # Saturday
    assert working_days_between(friday, date(2026, 11, 30)) == 1  # Monday
    assert working_days_between(friday, date(2026, 12, 11)) == 10  # two weeks later
    assert working_days_between(friday, friday) == 0


def test_service_level_marks_due_and_overdue() -> None:
    assert service_level(5, RULES) == "ok"
    assert service_level(9, RULES) == "due"
    assert service_level(10, RULES) == "due"
    assert service_level(11, RULES) == "overdue"


def test_appeal_period_counts_calendar_days_after_release() -> None:
    released = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
    assert appeal_open(released, datetime(2026, 12, 15, 10, 0, tzinfo=UTC), RULES)
    assert not appeal_open(released, datetime(2026, 12, 15, 10, 1, tzinfo=UTC), RULES)
    assert not appeal_open(None, released, RULES)


def test_working_days_skip_dutch_public_holidays() -> None:
    # The docstring's worked example: Monday 27 April 2026 is King's Day.
    assert working_days_between(date(2026, 4, 24), date(2026, 4, 30)) == 3
    # Christmas 2026 falls on Friday and Saturday: from Wednesday 23 December to Monday 28
    # December only Thursday 24 and Monday 28 count.
    assert working_days_between(date(2026, 12, 23), date(2026, 12, 28)) == 2
    # 5 May counts as a holiday every year (Algemene termijnenwet), also outside lustrum years.
    assert not is_working_day(date(2026, 5, 5))
    # Good Friday is not a holiday of that law; Easter Monday and Ascension Day are.
    assert is_working_day(date(2026, 4, 3))
    assert not is_working_day(date(2026, 4, 6))
    assert not is_working_day(date(2026, 5, 14))
    # King's Day on a Tuesday (2027); the weekday after it is a working day again.
    assert not is_working_day(date(2027, 4, 27))
    assert is_working_day(date(2027, 4, 28))
