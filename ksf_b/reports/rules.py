"""Pure report calculations over plain case histories (no HTTP, no database).

A case is one candidate: their company, current state, the journey events (state entered,
moment) in order, and, once the result is released, whether they passed.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

DAY_SECONDS = 86400
# transitions out of part1_submitted that count as passing part 1
PART1_PASS = frozenset({"approve_part1", "require_theory_a"})
PART1_FAIL = frozenset({"reject_part1"})


@dataclass(frozen=True)
class Step:
    transition: str
    to_state: str
    at: datetime


@dataclass(frozen=True)
class Case:
    company: str
    state: str
    steps: tuple[Step, ...]
    passed: bool | None = None  # final outcome once released; None = not (yet) known


@dataclass
class Report:
    """What the report page and the exports show for one group of cases."""

    total: int = 0
    per_state: dict[str, int] = field(default_factory=dict)
    part1_decided: int = 0
    part1_passed: int = 0
    final_decided: int = 0
    final_passed: int = 0
    mean_days: dict[str, float] = field(default_factory=dict)  # completed stays only
    stays: dict[str, int] = field(default_factory=dict)

    @property
    def part1_pass_rate(self) -> float | None:
        return self.part1_passed / self.part1_decided if self.part1_decided else None

    @property
    def final_pass_rate(self) -> float | None:
        return self.final_passed / self.final_decided if self.final_decided else None


def stays(steps: tuple[Step, ...]) -> list[tuple[str, float]]:
    """Return (state, days spent) for every state the case entered and left again."""
    ordered = sorted(steps, key=lambda step: step.at)
    result = []
    for current, following in itertools.pairwise(ordered):
        seconds = (following.at - current.at).total_seconds()
        result.append((current.to_state, seconds / DAY_SECONDS))
    return result


def build_report(cases: list[Case]) -> Report:
    """Count states, part-1 and final pass rates and mean days per state for `cases`."""
    report = Report(total=len(cases))
    report.per_state = dict(Counter(case.state for case in cases))
    durations: dict[str, list[float]] = defaultdict(list)
    for case in cases:
        transitions = {step.transition for step in case.steps}
        if transitions & PART1_PASS:
            report.part1_decided += 1
            report.part1_passed += 1
        elif transitions & PART1_FAIL:
            report.part1_decided += 1
        if case.passed is not None:
            report.final_decided += 1
            report.final_passed += int(case.passed)
        for state, days in stays(case.steps):
            durations[state].append(days)
    report.mean_days = {state: sum(d) / len(d) for state, d in durations.items()}
    report.stays = {state: len(d) for state, d in durations.items()}
    return report


def by_company(cases: list[Case]) -> dict[str, Report]:
    """One report per company, in alphabetical order."""
    groups: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        groups[case.company].append(case)
    return {company: build_report(groups[company]) for company in sorted(groups)}
