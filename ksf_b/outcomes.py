"""The results the rating domain owns, as the core's reports and privacy export read them.

Part 2's integrated outcome and the final verdicts live in `assessors/`; the core cannot import
it (dependencies point one way), so the rating domain registers one `OutcomeProvider` at start-up
(`assessors/registration.py`, called from the composition root `ksf_b/blueprints.py`). Without
one, nobody has a result: no pass rate, nothing under "beoordeling" in an export.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from ksf_b.journey.models import Candidate


class Part2Result(Protocol):
    """The integrated result of part 2, as far as the export shows it."""

    passed: bool
    competency_scores: dict[str, float | None]
    mean: float | None
    reasons: list[str]


@dataclass(frozen=True)
class OutcomeProvider:
    """How the core asks the rating domain for results."""

    # ids of candidates whose result is released → passed, by their last released verdict
    final_passed: Callable[[list[int]], dict[int, bool]]
    # the candidate's released verdict rows, oldest round first
    released_verdicts: Callable[[Candidate], list[Any]]
    # the integrated part-2 result, None until rated
    part2_outcome: Callable[[Candidate], Part2Result | None]


NO_OUTCOMES = OutcomeProvider(
    final_passed=lambda _ids: {},
    released_verdicts=lambda _candidate: [],
    part2_outcome=lambda _candidate: None,
)
_provider: dict[str, OutcomeProvider] = {}


def register(provider: OutcomeProvider) -> None:
    """Make `provider` the source of results (replaces an earlier one: one app start each)."""
    _provider["results"] = provider


def provider() -> OutcomeProvider:
    """The registered provider, or `NO_OUTCOMES` when no domain registered one."""
    return _provider.get("results", NO_OUTCOMES)
