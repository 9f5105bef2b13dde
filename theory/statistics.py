"""Item and test statistics as Moodle's quiz statistics report defines them (pure, numpy only).

Inputs are plain marks, outputs one dataclass per item and one for the form; no HTTP or ORM.
- facility index: mean mark ÷ maximum mark;
- discrimination index: 100 × correlation of the item mark with the rest of the test (the
  total without this item), over the attempts that had the item;
- discriminative efficiency: 100 × that covariance ÷ its largest possible value (the item marks
  and rest marks each sorted ascending);
- coefficient of internal consistency (Cronbach's alpha; KR-20 for right/wrong items):
  p/(p−1) × (1 − Σ slot variances ÷ variance of the totals), over the form's positions;
- error ratio: 100 × √(1 − alpha); standard error: error ratio × SD of the totals ÷ 100.
Variances use n − 1, as Moodle does.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

EASY_ABOVE = 0.9
HARD_BELOW = 0.2
WEAK_DISCRIMINATION_BELOW = 20.0  # discrimination index, as a percentage
MIN_ATTEMPTS = 5


@dataclass(frozen=True)
class ItemMark:
    item: str  # a key naming the item (version)
    mark: float
    maximum: float


@dataclass(frozen=True)
class ItemStats:
    item: str
    attempts: int
    mean: float
    maximum: float
    facility: float | None
    sd: float | None
    discrimination: float | None
    efficiency: float | None
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class TestStats:
    attempts: int
    positions: int
    mean: float | None
    median: float | None
    sd: float | None
    alpha: float | None
    error_ratio: float | None
    standard_error: float | None


def _sd(values: np.ndarray) -> float | None:
    return float(np.std(values, ddof=1)) if len(values) > 1 else None


def _covariance(x: np.ndarray, y: np.ndarray) -> float:
    return float(np.cov(x, y, ddof=1)[0, 1])


def item_rest(marks: Sequence[float], totals: Sequence[float]) -> tuple[float | None, float | None]:
    """Return (discrimination index, discriminative efficiency), both ×100, or None."""
    x = np.asarray(marks, dtype=float)
    rest = np.asarray(totals, dtype=float) - x
    if len(x) < 2 or np.var(x) == 0 or np.var(rest) == 0:
        return None, None
    cov = _covariance(x, rest)
    r = cov / (np.std(x, ddof=1) * np.std(rest, ddof=1))
    best = _covariance(np.sort(x), np.sort(rest))
    efficiency = 100 * cov / best if best > 0 else None
    return 100 * float(r), efficiency


def item_statistics(attempts: Sequence[Sequence[ItemMark]]) -> list[ItemStats]:
    """Statistics per item over the attempts that contained it (random forms welcome)."""
    by_item: dict[str, list[tuple[float, float, float]]] = {}
    for attempt in attempts:
        total = sum(m.mark for m in attempt)
        for m in attempt:
            by_item.setdefault(m.item, []).append((m.mark, m.maximum, total))
    result = []
    for key in sorted(by_item):
        rows = by_item[key]
        marks = np.array([r[0] for r in rows])
        maximum = max(r[1] for r in rows)
        facility = float(marks.mean() / maximum) if maximum else None
        disc, eff = item_rest(marks, [r[2] for r in rows])
        result.append(
            ItemStats(
                item=key,
                attempts=len(rows),
                mean=float(marks.mean()),
                maximum=maximum,
                facility=facility,
                sd=_sd(marks),
                discrimination=disc,
                efficiency=eff,
                warnings=warnings_for(facility, disc, len(rows)),
            )
        )
    return result


def warnings_for(facility: float | None, discrimination: float | None, n: int) -> list[str]:
    """Name what makes an item weak: 'easy', 'hard', 'weak_discrimination', 'few_attempts'."""
    found = []
    if n < MIN_ATTEMPTS:
        found.append("few_attempts")
    if facility is not None and facility > EASY_ABOVE:
        found.append("easy")
    if facility is not None and facility < HARD_BELOW:
        found.append("hard")
    if discrimination is None or discrimination < WEAK_DISCRIMINATION_BELOW:
        found.append("weak_discrimination")
    return found


def cronbach_alpha(matrix: Sequence[Sequence[float]]) -> float | None:
    """Cronbach's alpha (KR-20 for 0/1 marks) of attempts × positions; None when undefined."""
    data = np.asarray(matrix, dtype=float)
    if data.ndim != 2 or data.shape[0] < 2 or data.shape[1] < 2:
        return None
    p = data.shape[1]
    total_var = float(np.var(data.sum(axis=1), ddof=1))
    if total_var == 0:
        return None
    item_vars = float(np.var(data, axis=0, ddof=1).sum())
    return p / (p - 1) * (1 - item_vars / total_var)


def test_statistics(matrix: Sequence[Sequence[float]]) -> TestStats:
    """Statistics of the form from a matrix attempts × positions of marks."""
    data = np.asarray(matrix, dtype=float)
    if data.size == 0:
        return TestStats(0, 0, None, None, None, None, None, None)
    totals = data.sum(axis=1)
    sd = _sd(totals)
    alpha = cronbach_alpha(data)
    error_ratio = 100 * math.sqrt(1 - alpha) if alpha is not None and alpha <= 1 else None
    if alpha is not None and alpha < 0:
        error_ratio = None
    standard_error = error_ratio * sd / 100 if error_ratio is not None and sd else None
    return TestStats(
        attempts=int(data.shape[0]),
        positions=int(data.shape[1]),
        mean=float(totals.mean()),
        median=float(np.median(totals)),
        sd=sd,
        alpha=alpha,
        error_ratio=error_ratio,
        standard_error=standard_error,
    )


def option_counts(answers: Sequence[object], option_ids: Sequence[str]) -> Mapping[str, int]:
    """Count how often each option was chosen (a list answer counts each chosen option)."""
    counts = dict.fromkeys(option_ids, 0)
    counts["—"] = 0
    for answer in answers:
        chosen = answer if isinstance(answer, list) else [answer] if answer else []
        if not chosen:
            counts["—"] += 1
        for option in chosen:
            if option in counts:
                counts[option] += 1
    return counts
