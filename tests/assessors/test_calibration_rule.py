"""The calibration rule with hand-worked examples (mean absolute deviation within 0.75)."""

from __future__ import annotations

from assessors.calibration import Cell, evaluate


def cells(given_agreed: list[tuple[str, int | None, int]]) -> list[Cell]:
    return [Cell(i, code, g, a) for i, (code, g, a) in enumerate(given_agreed)]


def test_worked_example_per_competency_and_overall() -> None:
    # flexibility: |4-3| + |2-3| = 2 over 2 → 1.0 (signed 0.0); oral: |3-3| + |5-4| = 1 → 0.5
    result = evaluate(
        cells(
            [
                ("flexibility", 4, 3),
                ("flexibility", 2, 3),
                ("oral_language", 3, 3),
                ("oral_language", 5, 4),
            ]
        ),
        max_deviation=0.75,
    )
    by_code = {row.competency: row for row in result.per_competency}
    assert by_code["flexibility"].mean_absolute_deviation == 1.0
    assert by_code["flexibility"].mean_deviation == 0.0
    assert by_code["oral_language"].mean_absolute_deviation == 0.5
    assert by_code["oral_language"].mean_deviation == 0.5
    assert [row.competency for row in result.per_competency] == ["flexibility", "oral_language"]
    assert result.mean_absolute_deviation == 0.75  # 3 / 4
    assert result.passed  # exactly the limit passes


def test_just_over_the_limit_is_referred() -> None:
    # 4 cells off by one of 5 → 0.8 > 0.75
    result = evaluate(cells([("analysis", 4, 3)] * 4 + [("analysis", 3, 3)]), max_deviation=0.75)
    assert result.mean_absolute_deviation == 0.8
    assert not result.passed


def test_a_missing_score_never_passes() -> None:
    result = evaluate(cells([("analysis", 3, 3), ("analysis", None, 3)]), max_deviation=0.75)
    assert result.missing == 1
    assert result.mean_absolute_deviation == 0.0
    assert not result.passed


def test_an_empty_set_never_passes() -> None:
    result = evaluate([], max_deviation=0.75)
    assert result.mean_absolute_deviation is None
    assert not result.passed


def test_the_limit_is_a_parameter() -> None:
    example = cells([("reflection", 5, 3), ("reflection", 3, 3)])  # MAD 1.0
    assert not evaluate(example, max_deviation=0.75).passed
    assert evaluate(example, max_deviation=1.0).passed
