"""The statistics calculator against a hand-worked example and against pingouin."""

from __future__ import annotations

import math
import random

import pytest

from theory import statistics as st

# 5 attempts × 3 right/wrong items, worked by hand below
MATRIX = [
    [1, 1, 1],  # total 3
    [1, 1, 0],  # 2
    [1, 0, 0],  # 1
    [0, 1, 0],  # 1
    [0, 0, 0],  # 0
]


def _attempts(matrix):  # type: ignore[no-untyped-def]
    return [[st.ItemMark(f"q{j + 1}", mark, 1.0) for j, mark in enumerate(row)] for row in matrix]


def test_cronbach_alpha_by_hand() -> None:
    # totals 3,2,1,1,0: mean 1.4, variance (2.56+0.36+0.16+0.16+1.96)/4 = 1.3
    # item variances 0.3 + 0.3 + 0.2 = 0.8; alpha = 3/2 × (1 − 0.8/1.3) = 15/26
    assert st.cronbach_alpha(MATRIX) == pytest.approx(15 / 26)


def test_test_statistics_by_hand() -> None:
    stats = st.test_statistics(MATRIX)
    assert (stats.attempts, stats.positions) == (5, 3)
    assert stats.mean == pytest.approx(1.4)
    assert stats.median == 1
    assert stats.sd == pytest.approx(math.sqrt(1.3))
    # error ratio 100 × √(1 − 15/26) = 65.04; standard error = 0.6504 × √1.3 = 0.7416
    assert stats.error_ratio == pytest.approx(100 * math.sqrt(11 / 26))
    assert stats.standard_error == pytest.approx(math.sqrt(11 / 26) * math.sqrt(1.3))
    assert stats.error_ratio == pytest.approx(65.044, abs=1e-3)
    assert stats.standard_error == pytest.approx(0.7416, abs=1e-4)


def test_item_statistics_by_hand() -> None:
    q1, q2, q3 = st.item_statistics(_attempts(MATRIX))
    # q1: marks 1,1,1,0,0; rest 2,1,0,1,0 → cov 0.15, var 0.3 and 0.7 → r = 0.15/√0.21
    assert q1.facility == pytest.approx(0.6)
    assert q1.discrimination == pytest.approx(100 * 0.15 / math.sqrt(0.21))  # 32.73
    # sorted marks 0,0,1,1,1 against sorted rest 0,0,1,1,2 → covariance 0.4 → 0.15/0.4
    assert q1.efficiency == pytest.approx(37.5)
    # q3: marks 1,0,0,0,0; rest 2,2,1,1,0 → cov 0.2, var 0.2 and 0.7; sorted cov 0.2
    assert q3.facility == pytest.approx(0.2)
    assert q3.discrimination == pytest.approx(100 * 0.2 / math.sqrt(0.14))  # 53.45
    assert q3.efficiency == pytest.approx(100.0)
    assert q2.attempts == 5


def test_weak_items_are_flagged() -> None:
    assert st.warnings_for(0.95, 40.0, 30) == ["easy"]
    assert st.warnings_for(0.1, 40.0, 30) == ["hard"]
    assert st.warnings_for(0.5, 10.0, 30) == ["weak_discrimination"]
    assert st.warnings_for(0.5, None, 3) == ["few_attempts", "weak_discrimination"]
    assert st.warnings_for(0.5, 35.0, 30) == []


def test_an_item_everybody_gets_right_has_no_discrimination() -> None:
    stats = st.item_statistics(_attempts([[1, 1], [1, 0], [1, 1]]))[0]
    assert stats.facility == 1.0 and stats.discrimination is None and "easy" in stats.warnings


def test_option_counts() -> None:
    counts = st.option_counts(["a", "b", "a", None, ["a", "c"]], ["a", "b", "c"])
    assert counts == {"a": 3, "b": 1, "c": 1, "—": 1}


def _random_matrix(seed: int, rows: int = 40, cols: int = 12) -> list[list[float]]:
    rng = random.Random(seed)
    matrix = []
    for _ in range(rows):
        ability = rng.gauss(0, 1)
        matrix.append(
            [1.0 if rng.gauss(ability, 1.2) > rng.gauss(-0.3, 0.5) else 0.0 for _ in range(cols)]
        )
    return matrix


@pytest.mark.parametrize("data", [MATRIX, _random_matrix(1), _random_matrix(2, 25, 7)])
def test_alpha_equals_pingouin(data) -> None:  # type: ignore[no-untyped-def]
    import pandas
    import pingouin  # test-only dependency (heavy), imported here only

    expected, _ci = pingouin.cronbach_alpha(data=pandas.DataFrame(data))
    assert st.cronbach_alpha(data) == pytest.approx(expected, rel=1e-9)
