"""Scoring of every item type and the cut score, as worked examples (pure functions)."""

from __future__ import annotations

from theory import scoring

CHOICE = {
    "options": [
        {"id": "a", "text": "A", "correct": True},
        {"id": "b", "text": "B", "correct": False},
        {"id": "c", "text": "C", "correct": True},
        {"id": "d", "text": "D", "correct": False},
    ]
}
SINGLE = {"options": [{**o, "correct": o["id"] == "b"} for o in CHOICE["options"]]}
SORT = {
    "categories": [{"id": "c1", "label": "Formeel"}, {"id": "c2", "label": "Informeel"}],
    "statements": [
        {"id": "s1", "text": "Geachte heer", "category": "c1"},
        {"id": "s2", "text": "Hoi!", "category": "c2"},
        {"id": "s3", "text": "Hierbij verzoek ik u", "category": "c1"},
        {"id": "s4", "text": "ff terugbellen?", "category": "c2"},
    ],
}


def test_single_choice_right_wrong_and_empty() -> None:
    assert scoring.score_single(SINGLE, 1, "b") == scoring.Mark(1.0, 1)
    assert scoring.score_single(SINGLE, 1, "a").awarded == 0
    assert scoring.score_single(SINGLE, 2, None).awarded == 0
    assert scoring.score_single(SINGLE, 2, ["b"]).awarded == 0  # wrong shape earns nothing


def test_multiple_response_all_or_nothing() -> None:
    assert scoring.score_multiple(CHOICE, 1, ["a", "c"]).awarded == 1
    assert scoring.score_multiple(CHOICE, 1, ["c", "a"]).correct
    assert scoring.score_multiple(CHOICE, 1, ["a"]).awarded == 0
    assert scoring.score_multiple(CHOICE, 1, ["a", "c", "d"]).awarded == 0
    assert scoring.score_multiple(CHOICE, 1, None).awarded == 0


def test_multiple_response_partial_credit_right_minus_wrong() -> None:
    # 2 points, right options a and c: one right = 1; one right and one wrong = 0
    assert scoring.score_multiple(CHOICE, 2, ["a"], partial=True).awarded == 1.0
    assert scoring.score_multiple(CHOICE, 2, ["a", "b"], partial=True).awarded == 0.0
    assert scoring.score_multiple(CHOICE, 2, ["b", "d"], partial=True).awarded == 0.0  # not < 0
    assert scoring.score_multiple(CHOICE, 2, ["a", "c"], partial=True).awarded == 2.0


def test_categorisation_all_or_nothing_and_partial() -> None:
    right = {"s1": "c1", "s2": "c2", "s3": "c1", "s4": "c2"}
    three = {**right, "s4": "c1"}
    assert scoring.score_categorise(SORT, 1, right).awarded == 1
    assert scoring.score_categorise(SORT, 1, three).awarded == 0
    assert scoring.score_categorise(SORT, 2, three, partial=True).awarded == 1.5  # 3 of 4
    assert scoring.score_categorise(SORT, 1, {"s1": "c1"}, partial=True).awarded == 0.25
    assert scoring.score_categorise(SORT, 1, "c1").awarded == 0


def test_score_item_dispatches_by_type() -> None:
    assert scoring.score_item("single", SINGLE, 1, "b").correct
    assert scoring.score_item("multiple", CHOICE, 1, ["a", "c"]).correct
    assert scoring.score_item("categorise", SORT, 1, {}).awarded == 0


def _form(right: int, total: int = 30) -> list[scoring.ScoredItem]:
    eindtermen = ["1"] * 8 + ["2"] * 6 + ["3"] * 10 + ["4"] * 6
    return [
        scoring.ScoredItem(eindtermen[i], scoring.Mark(1.0 if i < right else 0.0, 1.0))
        for i in range(total)
    ]


def test_pass_exactly_at_the_cut_score_and_fail_one_point_below() -> None:
    at = scoring.outcome(_form(23), cut_score=23)
    below = scoring.outcome(_form(22), cut_score=23)
    assert (at.score, at.maximum, at.passed) == (23, 30, True)
    assert (below.score, below.passed) == (22, False)
    assert at.reasons == ["23 ≥ 23"] and below.reasons == ["22 < 23"]


def test_half_a_point_short_fails() -> None:
    items = [*_form(22), scoring.ScoredItem("4", scoring.Mark(0.5, 1.0))]
    result = scoring.outcome(items, cut_score=23)
    assert result.score == 22.5 and not result.passed
    assert result.reasons == ["22,5 < 23"]


def test_score_per_eindterm() -> None:
    result = scoring.outcome(_form(23), cut_score=23)
    # the first 23 are right: eindterm 1 (8/8), 2 (6/6), 3 (9 of 10), 4 (0 of 6)
    assert result.per_eindterm == {
        "1": (8.0, 8.0),
        "2": (6.0, 6.0),
        "3": (9.0, 10.0),
        "4": (0.0, 6.0),
    }
