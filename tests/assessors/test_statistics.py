"""The statistics calculator against published worked examples (REFERENCES.md)."""

from __future__ import annotations

import pytest

from assessors import statistics as st

# Shrout & Fleiss (1979): 6 targets × 4 judges
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]


def test_kappa_two_raters_yes_no_table() -> None:
    # both yes 20, A yes/B no 5, A no/B yes 10, both no 15: p_o 0.70, p_e 0.50
    a = [1] * 20 + [1] * 5 + [0] * 10 + [0] * 15
    b = [1] * 20 + [0] * 5 + [1] * 10 + [0] * 15
    result = st.weighted_kappa(a, b, weights=None, labels=[0, 1])
    assert result.value == pytest.approx(0.40)
    assert result.n == 50
    assert result.warning  # 0.40 is below the 0.6 norm


@pytest.mark.parametrize(
    ("weights", "expected"), [(None, 0.9315), ("linear", 0.9412), ("quadratic", 0.9541)]
)
def test_kappa_scikit_learn_example(weights, expected) -> None:
    y1 = [0] * 46 + [1] * 44 + [2] * 10
    y2 = [0] * 50 + [1] * 40 + [2] * 10
    result = st.weighted_kappa(y1, y2, weights=weights, labels=[0, 1, 2])
    assert result.value == pytest.approx(expected, abs=5e-5)
    assert not result.warning


def test_quadratic_kappa_needs_the_labels_of_the_scale() -> None:
    a = [1, 1, 2, 5, 5, 4, 2, 1]
    b = [1, 2, 1, 5, 4, 5, 2, 2]
    assert st.weighted_kappa(a, b, labels=None).value == pytest.approx(0.7674, abs=5e-5)
    # the default fixes the labels to the 1–5 scale
    assert st.weighted_kappa(a, b).value == pytest.approx(0.8795, abs=5e-5)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("ICC(1,1)", 0.1657),
        ("ICC(A,1)", 0.2898),
        ("ICC(C,1)", 0.7148),
        ("ICC(1,k)", 0.4428),
        ("ICC(A,k)", 0.6201),
        ("ICC(C,k)", 0.9093),
    ],
)
def test_icc_shrout_fleiss(kind, expected) -> None:
    result = st.icc(SHROUT_FLEISS, kind)
    assert result.value == pytest.approx(expected, abs=5e-5)
    assert result.n == 6
    assert result.warning == (expected < 0.6)


def test_icc_all_returns_the_six_types() -> None:
    values = st.icc_all(SHROUT_FLEISS)
    assert set(values) == set(st.ICC_TYPES)


def test_icc_leaves_out_incomplete_rows() -> None:
    with_gap = [*SHROUT_FLEISS, [5, None, 3, 4]]
    assert st.icc(with_gap, "ICC(C,k)").value == pytest.approx(0.9093, abs=5e-5)
    assert st.icc(with_gap).n == 6


def test_unknown_icc_type_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        st.icc(SHROUT_FLEISS, "ICC(3,1)")


@pytest.mark.parametrize("pairs", [[], [(3, 4)], [(3, None), (None, 2), (4, 4)]])
def test_fewer_than_two_pairs_is_not_computable(pairs) -> None:
    result = st.competency_agreement("flexibility", pairs)
    for agreement in (result.kappa, result.icc_single, result.icc_average):
        assert agreement.value is None
        assert not agreement.computable
        assert "te weinig paren" in agreement.reason
        assert agreement.warning


def test_constant_ratings_are_not_computable() -> None:
    result = st.competency_agreement("analysis", [(3, 3)] * 5)
    assert result.n == 5
    assert result.kappa.value is None
    assert result.kappa.reason == "geen spreiding in de scores"
    assert result.icc_single.value is None
    assert result.icc_single.reason == "geen spreiding in de scores"


def test_perfect_agreement_on_varied_scores() -> None:
    result = st.competency_agreement("reflection", [(1, 1), (3, 3), (5, 5), (2, 2)])
    assert result.kappa.value == pytest.approx(1.0)
    assert result.icc_single.value == pytest.approx(1.0)
    assert not result.kappa.warning


def test_one_constant_rater_gives_kappa_zero_not_an_error() -> None:
    # A always 3, B varies: chance-expected disagreement > 0, observed as big → kappa 0
    result = st.weighted_kappa([3, 3, 3, 3], [2, 3, 4, 3])
    assert result.value == pytest.approx(0.0)


def test_unequal_lengths_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        st.weighted_kappa([1, 2], [1])


def test_distribution_counts_every_level_and_not_ratable() -> None:
    result = st.distribution([3, 4, 4, None, 5, 3, 3])
    assert result.counts == {1: 0, 2: 0, 3: 3, 4: 2, 5: 1}
    assert result.not_ratable == 1
    assert result.total == 6
    assert result.mean == pytest.approx(22 / 6)
    assert st.distribution([]).mean is None
    with pytest.raises(ValueError):
        st.distribution([0, 6])


def test_leniency_is_the_mean_deviation_from_the_integrated_score() -> None:
    # own vs integrated: +1.0, +0.5, -0.5 → mean +0.333, mean |d| 0.667
    result = st.leniency([(4.0, 3.0), (3.5, 3.0), (2.5, 3.0), (None, 3.0)], band=0.25)
    assert result.n == 3
    assert result.mean_deviation == pytest.approx(1 / 3)
    assert result.mean_absolute_deviation == pytest.approx(2 / 3)
    assert result.direction == "mild"


@pytest.mark.parametrize(
    ("own", "direction"), [(2.7, "strict"), (2.75, "neutral"), (3.25, "neutral"), (3.3, "mild")]
)
def test_leniency_band_boundaries(own, direction) -> None:
    assert st.leniency([(own, 3.0)], band=0.25).direction == direction


def test_leniency_without_data_is_unknown() -> None:
    result = st.leniency([], band=0.25)
    assert result.n == 0
    assert result.mean_deviation is None
    assert result.direction == "unknown"


def test_warning_threshold_is_a_parameter() -> None:
    a = [1, 1, 2, 5, 5, 4, 2, 1]
    b = [1, 2, 1, 5, 4, 5, 2, 2]
    assert not st.weighted_kappa(a, b, warning_below=0.6).warning
    assert st.weighted_kappa(a, b, warning_below=0.9).warning


def test_icc_needs_three_pairs_of_two_raters_kappa_two() -> None:
    result = st.competency_agreement("flexibility", [(2, 3), (4, 4)])
    assert result.kappa.computable
    assert result.icc_single.value is None
    assert result.icc_single.reason == "te weinig paren (minstens 3 nodig)"
    three = st.competency_agreement("flexibility", [(2, 3), (4, 4), (5, 4)])
    assert three.icc_single.computable


# Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 coders × 12 units with
# gaps ("*" = absent), published alphas per level of measurement.
KRIPPENDORFF_2011 = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}


def _units(table: dict[str, list[int | None]]) -> list[dict[str, int | None]]:
    count = len(next(iter(table.values())))
    return [
        {coder: row[i] for coder, row in table.items() if row[i] is not None} for i in range(count)
    ]


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_alpha_published_example(level, expected) -> None:
    alpha = st.krippendorff_alpha(_units(KRIPPENDORFF_2011), level=level)
    assert alpha.value == pytest.approx(expected, abs=0.0005)
    assert alpha.n == 11  # the last unit has one score only: it cannot be paired


def test_krippendorff_alpha_with_too_little_data_or_no_variance() -> None:
    lonely = st.krippendorff_alpha([{"first": 3}, {"first": 4, "second": 4}])
    assert lonely.value is None and lonely.n == 1 and "te weinig" in lonely.reason
    flat = st.krippendorff_alpha([{"a": 3, "b": 3}, {"a": 3, "b": 3, "c": 3}])
    assert flat.value is None and "spreiding" in flat.reason


def test_agreement_report_adds_alpha_over_a_third_assessor() -> None:
    pairs = {"coaching": [(4, 4), (2, 3), (5, 5)]}
    units = {"coaching": [{"1": 4, "2": 4}, {"1": 2, "2": 3, "3": 2}, {"1": 5, "2": 5}]}
    [row] = st.agreement_report(pairs, units_by_competency=units)
    assert row.alpha is not None and row.alpha.n == 3 and 0 < row.alpha.value < 1
    [without] = st.agreement_report(pairs)
    assert without.alpha is None
