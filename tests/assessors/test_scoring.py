"""The integration and moderation rules, on hand-worked examples (no app, no database)."""

from __future__ import annotations

import pytest

from assessors import scoring
from assessors.scoring import Rules

DEFAULT = Rules()
CODES = (
    "analysis",
    "sensitivity",
    "flexibility",
    "persuasiveness",
    "task_leadership",
    "reflection",
    "organisational_sensitivity",
    "oral_language",
)


def all_at(value: float, **overrides: float) -> dict[str, float]:
    return {code: overrides.get(code, value) for code in CODES}


def test_decimal_comma():
    assert scoring.fmt(2.5) == "2,5"
    assert scoring.fmt(3) == "3,0"
    assert scoring.fmt(2 / 3 + 2) == "2,67"
    assert scoring.fmt(None) == "niet te beoordelen"


def test_competency_score_is_the_mean_over_the_scenarios_that_rate_it():
    # flexibility in three scenarios: 2, 3 and "not ratable" -> (2 + 3) / 2 = 2.5
    ratings = {
        ("s1", "flexibility"): 2,
        ("s2", "flexibility"): 3,
        ("s3", "flexibility"): None,
        ("s1", "oral_language"): 4,
    }
    assert scoring.competency_scores(ratings) == {"flexibility": 2.5, "oral_language": 4.0}


def test_integrated_score_is_the_mean_over_assessors_and_fails_below_the_minimum():
    # assessor A 2.0 and B 3.0 on flexibility -> 2.5 < 3.0; everything else 3.5
    a = all_at(3.5, flexibility=2.0)
    b = all_at(3.5, flexibility=3.0)
    outcome = scoring.integrate([a, b], DEFAULT)
    assert outcome.competency_scores["flexibility"] == 2.5
    # mean = (7 × 3.5 + 2.5) / 8 = 3.375 -> 3.38 (two decimals)
    assert outcome.mean == 3.38
    assert not outcome.passed
    assert "Flexibiliteit 2,5 < 3,0" in outcome.reasons
    assert "gemiddelde 3,38 ≥ 3,0" in outcome.reasons


def test_exactly_on_the_boundaries_passes():
    outcome = scoring.integrate([all_at(3.0), all_at(3.0)], DEFAULT)
    assert outcome.passed
    assert outcome.mean == 3.0
    assert outcome.reasons[0] == "alle competenties ≥ 3,0"


def test_just_below_the_mean_fails_even_when_every_competency_reaches_the_minimum():
    rules = Rules(minimum_score=2.5, pass_mean=3.0)
    # seven at 3.0 and one at 2.75 -> mean 2.97 < 3.0
    outcome = scoring.integrate([all_at(3.0, reflection=2.75)], rules)
    assert outcome.mean == 2.97
    assert not outcome.passed
    assert "gemiddelde 2,97 < 3,0" in outcome.reasons


def test_moderated_value_replaces_the_mean_of_the_assessors():
    a = all_at(3.5, flexibility=2.0)
    b = all_at(3.5, flexibility=4.0)
    outcome = scoring.integrate([a, b], DEFAULT, moderated={"flexibility": 2.5})
    assert outcome.competency_scores["flexibility"] == 2.5
    assert not outcome.passed


def test_third_assessor_counts_as_one_of_three_in_the_mean():
    a, b, c = all_at(3.0, analysis=2.0), all_at(3.0, analysis=4.0), all_at(3.0, analysis=4.0)
    outcome = scoring.integrate([a, b, c], DEFAULT)
    assert outcome.competency_scores["analysis"] == 3.33


@pytest.mark.parametrize(
    ("low", "overall_others", "enabled", "passed"),
    [
        (2.5, 4.0, True, True),  # on the floor, mean (7×4 + 2.5)/8 = 3.81 ≥ 3.5
        (2.49, 4.0, True, False),  # below the floor
        (2.5, 3.5, True, False),  # mean (7×3.5 + 2.5)/8 = 3.375 < 3.5
        (2.5, 4.0, False, False),  # compensation switched off
    ],
)
def test_compensation_rule(low, overall_others, enabled, passed):
    rules = Rules(compensation_enabled=enabled)
    outcome = scoring.integrate([all_at(overall_others, flexibility=low)], rules)
    assert outcome.passed is passed
    if passed:
        assert any(r.startswith("gecompenseerd: Flexibiliteit") for r in outcome.reasons)


def test_two_competencies_below_the_minimum_are_never_compensated():
    rules = Rules(compensation_enabled=True)
    outcome = scoring.integrate([all_at(5.0, flexibility=2.5, reflection=2.5)], rules)
    assert not outcome.passed


def test_a_competency_nobody_could_rate_fails_with_its_reason():
    outcome = scoring.integrate([all_at(4.0, reflection=None)], DEFAULT)
    assert not outcome.passed
    assert "Reflectie niet te beoordelen" in outcome.reasons


def test_compare_flags_a_difference_of_more_than_one_point_in_a_scenario():
    first = {("s1", "analysis"): 2, ("s2", "analysis"): 4}
    second = {("s1", "analysis"): 4, ("s2", "analysis"): 3}
    found = scoring.compare(first, second, DEFAULT)
    # s1 differs by 2 (> 1); competency means 3.0 vs 3.5 differ by 0.5 (< 1.0)
    assert [(d.competency_code, d.response_key) for d in found] == [("analysis", "s1")]
    assert scoring.disputed_codes(found) == ["analysis"]


def test_a_scenario_difference_names_the_scenario_by_number_and_title():
    first = {("r1", "analysis"): 2, ("r2", "analysis"): 4}
    second = {("r1", "analysis"): 4, ("r2", "analysis"): 3}  # means 3,0 and 3,5: r1 only
    scenarios = {"r1": (4, "Klacht over de levering"), "r2": (5, "Opzegging")}
    (found,) = scoring.compare(first, second, DEFAULT, scenarios)
    assert found.scenario == (4, "Klacht over de levering")
    assert (
        found.reason
        == "Analyse en oordeelsvorming: 2,0 tegenover 4,0 in scenario 4 (Klacht over de levering)"
    )
    # without the scenarios (or for an unknown response) the reason stays general
    (unnamed,) = scoring.compare(first, second, DEFAULT)
    assert unnamed.reason == "Analyse en oordeelsvorming: 2,0 tegenover 4,0 in één scenario"


def test_compare_one_point_apart_everywhere_is_not_moderated():
    first = {("s1", "analysis"): 2, ("s2", "analysis"): 3}
    second = {("s1", "analysis"): 3, ("s2", "analysis"): 4}
    # scenario differences of 1 (not > 1); means 2.5 vs 3.5 differ by exactly 1.0 (≥ 1.0)
    found = scoring.compare(first, second, DEFAULT)
    assert [(d.competency_code, d.response_key, d.first, d.second) for d in found] == [
        ("analysis", None, 2.5, 3.5)
    ]


def test_compare_below_the_competency_threshold_agrees():
    first = {("s1", "analysis"): 2, ("s2", "analysis"): 3, ("s3", "analysis"): 3}
    second = {("s1", "analysis"): 3, ("s2", "analysis"): 4, ("s3", "analysis"): 3}
    # means 2.67 vs 3.33: difference 0.67 < 1.0
    assert scoring.compare(first, second, DEFAULT) == []


def test_compare_not_ratable_against_a_score_is_a_discrepancy():
    found = scoring.compare({("s1", "reflection"): None}, {("s1", "reflection"): 3}, DEFAULT)
    assert [d.competency_code for d in found] == ["reflection"]
