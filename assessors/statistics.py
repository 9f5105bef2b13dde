"""Rater statistics: agreement, leniency/severity and score distributions (one calculator).

Plain values in (score lists and matrices), plain dataclasses out; no HTTP, no ORM, no clock.
The field's libraries do the arithmetic: scikit-learn's `cohen_kappa_score` for the weighted
kappa, pingouin's `intraclass_corr` for the ICC (imported inside the function: it is heavy) and
the `krippendorff` package for Krippendorff's alpha over every assessor (a third one too).
A statistic that cannot be computed (too few pairs, no variance) is returned as a result with
`value=None` and a Dutch reason, never as an exception or a NaN.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

SCALE: tuple[int, ...] = (1, 2, 3, 4, 5)
DEFAULT_WARNING_BELOW = 0.6  # kappa/ICC below this is shown with a warning (norm in practice)
MIN_PAIRS = 2
PINGOUIN_MIN_SCORES = 5  # intraclass_corr's two-way ANOVA refuses fewer scores
ICC_TYPES = ("ICC(1,1)", "ICC(A,1)", "ICC(C,1)", "ICC(1,k)", "ICC(A,k)", "ICC(C,k)")
# The assessors of one candidate are drawn from a pool by open load: a different pair per
# candidate, Shrout & Fleiss' case 1. ICC(1,1) is the reliability of one assessor's score,
# ICC(1,k) that of the mean of the k assessors (the integrated score).
SINGLE_ICC = "ICC(1,1)"
AVERAGE_ICC = "ICC(1,k)"

NOT_COMPUTABLE = _l("niet te berekenen")
REASON_TOO_FEW = _l("te weinig paren (minstens %(n)s nodig)")
REASON_NO_VARIANCE = _l("geen spreiding in de scores")
REASON_TOO_FEW_UNITS = _l("te weinig items met twee of meer scores (minstens %(n)s nodig)")
ALPHA_NAME = "alpha (ordinaal)"


@dataclass(frozen=True)
class Agreement:
    """One agreement statistic: its value (None when not computable), N and a warning flag."""

    name: str
    n: int
    value: float | None
    reason: str | None = None  # why it could not be computed (Dutch)
    warning_below: float = DEFAULT_WARNING_BELOW

    @property
    def computable(self) -> bool:
        return self.value is not None

    @property
    def warning(self) -> bool:
        """Tell whether the value is below the acceptable norm (not computable also warns)."""
        return self.value is None or self.value < self.warning_below


def _not_computable(name: str, n: int, reason: str, warning_below: float) -> Agreement:
    return Agreement(name=name, n=n, value=None, reason=reason, warning_below=warning_below)


def _complete_pairs(a: Sequence[float | None], b: Sequence[float | None]) -> list[tuple]:
    if len(a) != len(b):
        raise ValueError("both raters need one score per item")
    return [(x, y) for x, y in zip(a, b, strict=True) if x is not None and y is not None]


def weighted_kappa(
    a: Sequence[int | None],
    b: Sequence[int | None],
    *,
    weights: str | None = "quadratic",
    labels: Sequence[int] | None = SCALE,
    warning_below: float = DEFAULT_WARNING_BELOW,
) -> Agreement:
    """Cohen's kappa of two raters over the same items (None = not rated, the pair is skipped).

    `labels` fixes the categories (and so the weights) to the 1–5 scale: without it
    scikit-learn weighs by the positions of the labels that happen to occur.
    """
    name = "kappa" if weights is None else f"kappa ({weights})"
    pairs = _complete_pairs(a, b)
    if len(pairs) < MIN_PAIRS:
        reason = str(REASON_TOO_FEW % {"n": MIN_PAIRS})
        return _not_computable(name, len(pairs), reason, warning_below)
    from sklearn.exceptions import UndefinedMetricWarning
    from sklearn.metrics import cohen_kappa_score

    left, right = zip(*pairs, strict=True)
    with warnings.catch_warnings():
        # scikit-learn warns and returns NaN when the expected disagreement is zero
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        value = float(
            cohen_kappa_score(
                list(left),
                list(right),
                labels=None if labels is None else list(labels),
                weights=weights,
            )
        )
    if math.isnan(value):
        return _not_computable(name, len(pairs), str(REASON_NO_VARIANCE), warning_below)
    return Agreement(name=name, n=len(pairs), value=value, warning_below=warning_below)


def icc_all(matrix: Sequence[Sequence[float | None]]) -> dict[str, float] | None:
    """All six Shrout & Fleiss / McGraw & Wong ICCs of a targets × raters matrix.

    Rows with a missing score are left out (the design must be complete). Returns None when
    fewer than two complete rows remain or the scores have no variance.
    """
    rows = [list(row) for row in matrix if all(v is not None for v in row)]
    if not rows or len(rows[0]) < 2 or len(rows) < _icc_minimum(len(rows[0])):
        return None
    flat = [v for row in rows for v in row]
    if len(set(flat)) < 2:
        return None
    import pandas as pd
    import pingouin

    long = pd.DataFrame(
        [
            {"target": t, "rater": r, "score": float(v)}
            for t, row in enumerate(rows)
            for r, v in enumerate(row)
        ]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # zero within-target variance: inf/NaN
        # pingouin 0.7.0 calls pandas APIs that newer pandas deprecates; the values are what
        # counts and are tested against the published ones
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", FutureWarning)
        table = pingouin.intraclass_corr(
            data=long, targets="target", raters="rater", ratings="score"
        )
    values = dict(zip(table["Type"], table["ICC"], strict=True))
    result = {name: float(values[name]) for name in ICC_TYPES}
    if any(math.isnan(v) or math.isinf(v) for v in result.values()):
        return None
    return result


def _icc_minimum(raters: int) -> int:
    """Targets needed: two, and pingouin's ANOVA wants at least five scores in all."""
    return max(MIN_PAIRS, math.ceil(PINGOUIN_MIN_SCORES / max(raters, 1)))


def icc(
    matrix: Sequence[Sequence[float | None]],
    kind: str = SINGLE_ICC,
    *,
    warning_below: float = DEFAULT_WARNING_BELOW,
) -> Agreement:
    """One ICC (default ICC(1,1)) of a targets × raters matrix, as an Agreement."""
    return _iccs(matrix, (kind,), warning_below)[0]


def _iccs(
    matrix: Sequence[Sequence[float | None]], kinds: Sequence[str], warning_below: float
) -> list[Agreement]:
    """Several ICC types from one pingouin call."""
    unknown = [kind for kind in kinds if kind not in ICC_TYPES]
    if unknown:
        raise ValueError(f"unknown ICC type {unknown!r}")
    complete = [row for row in matrix if all(v is not None for v in row)]
    n = len(complete)
    needed = _icc_minimum(len(complete[0]) if complete else 2)
    if n < needed:
        reason = str(REASON_TOO_FEW % {"n": needed})
        return [_not_computable(kind, n, reason, warning_below) for kind in kinds]
    values = icc_all(matrix)
    if values is None:
        reason = str(REASON_NO_VARIANCE)
        return [_not_computable(kind, n, reason, warning_below) for kind in kinds]
    return [
        Agreement(name=kind, n=n, value=values[kind], warning_below=warning_below) for kind in kinds
    ]


def warm_up() -> None:
    """Import the statistics libraries ahead of the first statistics page (pingouin is slow)."""
    import pingouin  # noqa: F401
    import sklearn.metrics  # noqa: F401


@dataclass(frozen=True)
class CompetencyAgreement:
    """Agreement of the first and second assessor on one competency."""

    competency: str
    kappa: Agreement
    icc_single: Agreement
    icc_average: Agreement
    alpha: Agreement | None = None  # Krippendorff's alpha over all assessors (third ones too)

    @property
    def n(self) -> int:
        return self.kappa.n


def competency_agreement(
    competency: str,
    pairs: Iterable[tuple[int | None, int | None]],
    *,
    warning_below: float = DEFAULT_WARNING_BELOW,
) -> CompetencyAgreement:
    """Kappa and ICC for one competency from (first, second) score pairs of the same item."""
    pairs = list(pairs)
    a = [p[0] for p in pairs]
    b = [p[1] for p in pairs]
    matrix = [[x, y] for x, y in pairs]
    single, average = _iccs(matrix, (SINGLE_ICC, AVERAGE_ICC), warning_below)
    return CompetencyAgreement(
        competency=competency,
        kappa=weighted_kappa(a, b, warning_below=warning_below),
        icc_single=single,
        icc_average=average,
    )


def krippendorff_alpha(
    units: Sequence[Mapping[str, int | None]],
    *,
    level: str = "ordinal",
    warning_below: float = DEFAULT_WARNING_BELOW,
) -> Agreement:
    """Krippendorff's alpha of any number of raters over units with missing scores.

    `units`: per item (scenario × competency of one candidate) the scores by rater (any key);
    a rater who did not score the item is simply absent, None is "niet te beoordelen". Items
    with fewer than two scores do not count (N is the number that do).

    Worked example (Krippendorff 2011, 4 coders × 12 units with gaps): nominal 0.743, ordinal
    0.815, interval 0.849, ratio 0.797 (tests/assessors/test_statistics.py).
    """
    raters = sorted({rater for unit in units for rater in unit})
    pairable = [u for u in units if sum(1 for v in u.values() if v is not None) >= 2]
    if len(pairable) < MIN_PAIRS:
        reason = str(REASON_TOO_FEW_UNITS % {"n": MIN_PAIRS})
        return _not_computable(ALPHA_NAME, len(pairable), reason, warning_below)
    values = {v for u in pairable for v in u.values() if v is not None}
    if len(values) < 2:
        return _not_computable(ALPHA_NAME, len(pairable), str(REASON_NO_VARIANCE), warning_below)
    import krippendorff
    import numpy as np

    data = np.array(
        [[np.nan if u.get(r) is None else float(u[r]) for u in pairable] for r in raters]
    )
    value = float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))
    return Agreement(ALPHA_NAME, len(pairable), round(value, 4), warning_below=warning_below)


@dataclass(frozen=True)
class Distribution:
    """How often an assessor gave each score, and how often 'niet te beoordelen'."""

    counts: dict[int, int]
    not_ratable: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def mean(self) -> float | None:
        if not self.total:
            return None
        return sum(score * count for score, count in self.counts.items()) / self.total


def distribution(values: Iterable[int | None]) -> Distribution:
    """Count the scores 1–5 (None counts as not ratable); a value off the scale is an error."""
    counted = Counter(values)
    not_ratable = counted.pop(None, 0)
    unknown = set(counted) - set(SCALE)
    if unknown:
        raise ValueError(f"scores off the 1–5 scale: {sorted(unknown)}")
    return Distribution(counts={s: counted.get(s, 0) for s in SCALE}, not_ratable=not_ratable)


@dataclass(frozen=True)
class Leniency:
    """Mean signed deviation of one assessor from the integrated score (+ = milder)."""

    n: int
    mean_deviation: float | None
    mean_absolute_deviation: float | None
    band: float

    @property
    def direction(self) -> str:
        """'mild', 'strict', 'neutral' or 'unknown' (within ±band counts as neutral)."""
        if self.mean_deviation is None:
            return "unknown"
        if self.mean_deviation > self.band:
            return "mild"
        if self.mean_deviation < -self.band:
            return "strict"
        return "neutral"


def leniency(pairs: Iterable[tuple[float | None, float | None]], *, band: float) -> Leniency:
    """From (own score, integrated score) pairs: mean and mean absolute deviation."""
    deltas = [own - ref for own, ref in pairs if own is not None and ref is not None]
    if not deltas:
        return Leniency(n=0, mean_deviation=None, mean_absolute_deviation=None, band=band)
    return Leniency(
        n=len(deltas),
        mean_deviation=sum(deltas) / len(deltas),
        mean_absolute_deviation=sum(abs(d) for d in deltas) / len(deltas),
        band=band,
    )


@dataclass(frozen=True)
class AssessorStatistics:
    """What the statistics page shows for one assessor."""

    assessor: str
    candidates_rated: int
    distribution: Distribution
    leniency: Leniency


def assessor_statistics(
    assessor: str,
    *,
    candidates_rated: int,
    scores: Iterable[int | None],
    versus_integrated: Iterable[tuple[float | None, float | None]],
    band: float,
) -> AssessorStatistics:
    """Bundle one assessor's count, distribution and leniency."""
    return AssessorStatistics(
        assessor=assessor,
        candidates_rated=candidates_rated,
        distribution=distribution(scores),
        leniency=leniency(versus_integrated, band=band),
    )


@dataclass(frozen=True)
class Report:
    """The whole statistics page: per assessor and per competency."""

    assessors: list[AssessorStatistics] = field(default_factory=list)
    competencies: list[CompetencyAgreement] = field(default_factory=list)


def agreement_report(
    pairs_by_competency: Mapping[str, Iterable[tuple[int | None, int | None]]],
    *,
    warning_below: float = DEFAULT_WARNING_BELOW,
    units_by_competency: Mapping[str, Sequence[Mapping[str, int | None]]] | None = None,
) -> list[CompetencyAgreement]:
    """Agreement per competency, in the order of the mapping; with `units_by_competency` also
    Krippendorff's alpha over every assessor of each item."""
    report = []
    for code, pairs in pairs_by_competency.items():
        found = competency_agreement(code, pairs, warning_below=warning_below)
        if units_by_competency is not None:
            alpha = krippendorff_alpha(
                units_by_competency.get(code, []), warning_below=warning_below
            )
            found = CompetencyAgreement(
                found.competency, found.kappa, found.icc_single, found.icc_average, alpha
            )
        report.append(found)
    return report
