"""Integration and moderation rules of part 2, as pure functions (no HTTP, no database).

Scores come in as plain values; results carry their explanation in Dutch words with a decimal
comma ("Flexibiliteit 2,5 < 3,0"). The rules and their defaults are set out in docs/rating.md:

- competency score of one assessor = mean of their scores over the scenarios that rate the
  competency ("niet te beoordelen" left out);
- integrated competency score = the moderated (consensus) value where a lead decided one, else
  the mean over the assessors whose rating counts (two, or three when a third was asked);
- part 2 is passed when every integrated competency score reaches `minimum_score` and their
  mean reaches `pass_mean`; with compensation on, one competency below the minimum but not
  below `compensation_floor` is made up for by a mean of at least `compensation_mean`;
- two ratings go to moderation when a scenario × competency pair differs by more than
  `scenario_difference`, a competency score differs by `competency_difference` or more, or one
  assessor scored what the other called "niet te beoordelen".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ksf_b.competencies import COMPETENCY_CODES, get
from ksf_b.programme_settings import SettingsRules

# (response key, competency code) -> 1..5, or None for "niet te beoordelen"
Ratings = Mapping[tuple[object, str], int | None]

PRECISION = 2  # scores are rounded to two decimals before any comparison or display


@dataclass(frozen=True)
class Rules(SettingsRules):
    """The settings the rules read (a `RatingSettings` row has the same names)."""

    minimum_score: float = 3.0
    pass_mean: float = 3.0
    compensation_enabled: bool = False
    compensation_floor: float = 2.5
    compensation_mean: float = 3.5
    scenario_difference: int = 1
    competency_difference: float = 1.0


@dataclass(frozen=True)
class Part2Outcome:
    """The integrated result of part 2 and why."""

    passed: bool
    competency_scores: dict[str, float | None]
    mean: float | None
    reasons: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class Discrepancy:
    """Where two ratings differ beyond a threshold."""

    competency_code: str
    first: float | None
    second: float | None
    response_key: object | None = None  # None: the competency score differs
    scenario: tuple[int, str] | None = None  # (position, title) of the response's scenario

    @property
    def reason(self) -> str:
        label = label_of(self.competency_code)
        a, b = fmt(self.first), fmt(self.second)
        if self.response_key is None:
            return _("%(label)s: competentiescore %(a)s tegenover %(b)s", label=label, a=a, b=b)
        if self.scenario is not None:  # the scenario is the same for every candidate: blind
            number, title = self.scenario
            return _(
                "%(label)s: %(a)s tegenover %(b)s in scenario %(number)s (%(title)s)",
                label=label,
                a=a,
                b=b,
                number=number,
                title=title,
            )
        return _("%(label)s: %(a)s tegenover %(b)s in één scenario", label=label, a=a, b=b)


def fmt(value: float | None) -> str:
    """Write a score with a decimal comma: 2.5 → "2,5", 3 → "3,0", 2.667 → "2,67"."""
    if value is None:
        return _("niet te beoordelen")
    rounded = round(value, PRECISION)
    text = f"{rounded:.2f}".rstrip("0")
    if text.endswith("."):
        text += "0"
    return text.replace(".", ",")


def label_of(code: str) -> str:
    return str(get(code).label)


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None, rounded to two decimals; None when there are none."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    return round(sum(present) / len(present), PRECISION)


def competency_scores(ratings: Ratings) -> dict[str, float | None]:
    """One assessor's score per competency: the mean over the scenarios that rate it."""
    by_code: dict[str, list[int | None]] = {}
    for (_response, code), value in ratings.items():
        by_code.setdefault(code, []).append(value)
    return {code: mean(by_code[code]) for code in COMPETENCY_CODES if code in by_code}


def compare(
    first: Ratings,
    second: Ratings,
    rules: Rules,
    scenarios: Mapping[object, tuple[int, str]] | None = None,
) -> list[Discrepancy]:
    """Return every difference between two ratings that calls for moderation.

    `scenarios` maps a response key to its scenario's (position, title), so the reason names
    the scenario ("in scenario 3 (Klacht over de levering)"); responses not in it stay unnamed.
    """
    scenarios = scenarios or {}
    found: list[Discrepancy] = []
    for key in sorted(set(first) & set(second), key=str):
        a, b = first[key], second[key]
        if (a is None) != (b is None) or (
            a is not None and b is not None and abs(a - b) > rules.scenario_difference
        ):
            found.append(
                Discrepancy(key[1], a, b, response_key=key[0], scenario=scenarios.get(key[0]))
            )
    scores_a, scores_b = competency_scores(first), competency_scores(second)
    for code in COMPETENCY_CODES:
        a, b = scores_a.get(code), scores_b.get(code)
        if a is None or b is None:
            continue
        if round(abs(a - b), PRECISION) >= rules.competency_difference:
            found.append(Discrepancy(code, a, b))
    return found


def disputed_codes(discrepancies: Iterable[Discrepancy]) -> list[str]:
    """The competencies named by the discrepancies, in the seed's order."""
    named = {d.competency_code for d in discrepancies}
    return [code for code in COMPETENCY_CODES if code in named]


def integrate(
    per_assessor: list[Mapping[str, float | None]],
    rules: Rules,
    moderated: Mapping[str, float] | None = None,
    codes: Iterable[str] = COMPETENCY_CODES,
) -> Part2Outcome:
    """Combine the assessors' competency scores (and moderated values) into the outcome."""
    moderated = moderated or {}
    scores: dict[str, float | None] = {}
    for code in codes:
        if code in moderated:
            scores[code] = round(moderated[code], PRECISION)
        else:
            scores[code] = mean(s.get(code) for s in per_assessor)
    return judge(scores, rules)


def judge(scores: Mapping[str, float | None], rules: Rules) -> Part2Outcome:
    """Apply the pass rule to integrated competency scores."""
    reasons: list[str] = []
    missing = [code for code, value in scores.items() if value is None]
    for code in missing:
        reasons.append(_("%(label)s niet te beoordelen", label=label_of(code)))
    overall = mean(scores.values())
    below = [(c, v) for c, v in scores.items() if v is not None and v < rules.minimum_score]
    minimum = fmt(rules.minimum_score)
    for code, value in below:
        reasons.append(f"{label_of(code)} {fmt(value)} < {minimum}")
    mean_ok = overall is not None and overall >= rules.pass_mean
    if overall is not None:
        sign = "≥" if mean_ok else "<"
        reasons.append(
            _(
                "gemiddelde %(mean)s %(sign)s %(limit)s",
                mean=fmt(overall),
                sign=sign,
                limit=fmt(rules.pass_mean),
            )
        )
    compensated = _compensates(below, overall, rules)
    if compensated:
        reasons.append(
            _(
                "gecompenseerd: %(label)s ≥ %(floor)s en gemiddelde %(mean)s ≥ %(limit)s",
                label=label_of(below[0][0]),
                floor=fmt(rules.compensation_floor),
                mean=fmt(overall),
                limit=fmt(rules.compensation_mean),
            )
        )
    passed = not missing and mean_ok and (not below or compensated)
    if passed and not below:
        reasons.insert(0, _("alle competenties ≥ %(minimum)s", minimum=minimum))
    return Part2Outcome(passed, dict(scores), overall, reasons)


def _compensates(below: list[tuple[str, float]], overall: float | None, rules: Rules) -> bool:
    if not rules.compensation_enabled or len(below) != 1 or overall is None:
        return False
    return below[0][1] >= rules.compensation_floor and overall >= rules.compensation_mean
