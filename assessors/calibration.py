"""The calibration rule, as a pure function (no HTTP, no database).

A new assessor rates the benchmark responses; per competency we take the mean absolute
deviation from the agreed scores, and over all cells the overall mean absolute deviation.
The assessor passes when every cell is scored and that overall value is at most the setting
(`calibration_max_deviation`, default 0.75 — exactly 0.75 passes). Otherwise an admin decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ksf_b.competencies import COMPETENCY_CODES

PRECISION = 2


@dataclass(frozen=True)
class Cell:
    """One benchmark × competency: what the assessor gave and what was agreed."""

    benchmark: object
    competency: str
    given: int | None
    agreed: int


@dataclass(frozen=True)
class CompetencyDeviation:
    """How far the assessor was from the agreed scores on one competency."""

    competency: str
    n: int
    mean_absolute_deviation: float
    mean_deviation: float  # + = milder than agreed, − = stricter


@dataclass(frozen=True)
class CalibrationResult:
    """The outcome of one calibration attempt."""

    per_competency: list[CompetencyDeviation]
    mean_absolute_deviation: float | None
    n: int
    missing: int
    max_deviation: float

    @property
    def passed(self) -> bool:
        return (
            self.missing == 0
            and self.mean_absolute_deviation is not None
            and self.mean_absolute_deviation <= self.max_deviation
        )


def evaluate(cells: Iterable[Cell], *, max_deviation: float) -> CalibrationResult:
    """Compare the assessor's scores with the agreed ones (rounded to two decimals)."""
    cells = list(cells)
    scored = [c for c in cells if c.given is not None]
    by_code: dict[str, list[int]] = {}
    for cell in scored:
        by_code.setdefault(cell.competency, []).append(cell.given - cell.agreed)
    order = [c for c in COMPETENCY_CODES if c in by_code] + sorted(
        set(by_code) - set(COMPETENCY_CODES)
    )
    per_competency = [
        CompetencyDeviation(
            competency=code,
            n=len(by_code[code]),
            mean_absolute_deviation=round(
                sum(abs(d) for d in by_code[code]) / len(by_code[code]), PRECISION
            ),
            mean_deviation=round(sum(by_code[code]) / len(by_code[code]), PRECISION),
        )
        for code in order
    ]
    overall = (
        round(sum(abs(c.given - c.agreed) for c in scored) / len(scored), PRECISION)
        if scored
        else None
    )
    return CalibrationResult(
        per_competency=per_competency,
        mean_absolute_deviation=overall,
        n=len(scored),
        missing=len(cells) - len(scored),
        max_deviation=max_deviation,
    )
