"""Scoring of the A test as pure functions: plain values in, a mark with its reasons out.

Answers, as the sitting stores them:
- single choice: the chosen option id (`"b"`) or None;
- multiple response: a list of chosen option ids (`["a", "c"]`);
- categorisation: a dict statement id -> category id (`{"s1": "formeel"}`).

Without partial credit an item earns its points only when the answer is entirely right. With
partial credit a multiple-response item earns points × (right choices − wrong choices) ÷
number of right options (never below 0) and a categorisation item earns points × (statements
placed right ÷ statements).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

SINGLE, MULTIPLE, CATEGORISE = "single", "multiple", "categorise"


@dataclass(frozen=True)
class Mark:
    awarded: float
    maximum: float

    @property
    def correct(self) -> bool:
        return self.maximum > 0 and self.awarded >= self.maximum


def _round(value: float) -> float:
    return round(value + 0.0, 2)


def score_single(content: Mapping[str, Any], points: float, answer: Any) -> Mark:
    """Full points for the one correct option, else 0."""
    right = {o["id"] for o in content["options"] if o.get("correct")}
    return Mark(float(points) if isinstance(answer, str) and answer in right else 0.0, points)


def score_multiple(
    content: Mapping[str, Any], points: float, answer: Any, partial: bool = False
) -> Mark:
    """All right options and no wrong ones; with partial credit (right − wrong) ÷ right."""
    right = {o["id"] for o in content["options"] if o.get("correct")}
    chosen = set(answer) if isinstance(answer, list | tuple) else set()
    if not partial:
        return Mark(float(points) if chosen == right else 0.0, points)
    hits, false_alarms = len(chosen & right), len(chosen - right)
    fraction = max(0.0, (hits - false_alarms) / len(right)) if right else 0.0
    return Mark(_round(points * fraction), points)


def score_categorise(
    content: Mapping[str, Any], points: float, answer: Any, partial: bool = False
) -> Mark:
    """Every statement in its category; with partial credit the share placed right."""
    statements = content["statements"]
    placed = answer if isinstance(answer, Mapping) else {}
    good = sum(1 for s in statements if placed.get(s["id"]) == s["category"])
    if not partial:
        return Mark(float(points) if good == len(statements) else 0.0, points)
    return Mark(_round(points * good / len(statements)) if statements else 0.0, points)


def score_item(
    item_type: str, content: Mapping[str, Any], points: float, answer: Any, partial: bool = False
) -> Mark:
    """Score one answer by the item's type."""
    if item_type == SINGLE:
        return score_single(content, points, answer)
    if item_type == MULTIPLE:
        return score_multiple(content, points, answer, partial)
    if item_type == CATEGORISE:
        return score_categorise(content, points, answer, partial)
    raise ValueError(f"unknown item type {item_type!r}")


@dataclass(frozen=True)
class ScoredItem:
    eindterm: str
    mark: Mark


@dataclass(frozen=True)
class Outcome:
    score: float
    maximum: float
    cut_score: float
    passed: bool
    per_eindterm: dict[str, tuple[float, float]] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)


def outcome(items: Iterable[ScoredItem], cut_score: float) -> Outcome:
    """Add up the marks; pass when the total reaches the cut score (23 of 30 by default)."""
    per: dict[str, list[float]] = {}
    for item in items:
        got, top = per.setdefault(item.eindterm, [0.0, 0.0])
        per[item.eindterm] = [got + item.mark.awarded, top + item.mark.maximum]
    total = _round(sum(v[0] for v in per.values()))
    maximum = _round(sum(v[1] for v in per.values()))
    passed = total >= cut_score
    relation = "≥" if passed else "<"
    return Outcome(
        score=total,
        maximum=maximum,
        cut_score=cut_score,
        passed=passed,
        per_eindterm={k: (_round(v[0]), _round(v[1])) for k, v in sorted(per.items())},
        reasons=[f"{_dutch(total)} {relation} {_dutch(cut_score)}"],
    )


def _dutch(value: float) -> str:
    """Format a score the Dutch way: 23 or 22,5."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
