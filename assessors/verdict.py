"""The final verdict of certificate B, as pure rules (no HTTP, no database).

Seed 004: "the assessments of both parts together form the final verdict"; candidates without
certificate A take the A test first. The rule (defaults in docs/verdict.md, settings in
`VerdictSettings`):

- **passed** when part 1 was approved by KSF, part 2 was passed by the integration rule of the
  rating (`assessors.scoring`), and — with `require_certificate_a` on — certificate A is held;
- otherwise **not passed**, with every failed condition named in the explanation.

The admin confirms the proposal or overrides it. An override needs a reason of at least
`override_reason_min` characters and, with `four_eyes_override` on, a second admin's
confirmation. Service level and appeal period are counted here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

import holidays
from flask_babel import gettext as _

from ksf_b.programme_settings import SettingsRules


@dataclass(frozen=True)
class VerdictRules(SettingsRules):
    """The settings the rules read (a `VerdictSettings` row has the same names)."""

    require_certificate_a: bool = True
    four_eyes_override: bool = True
    override_reason_min: int = 20
    service_level_working_days: int = 10
    appeal_days: int = 14


@dataclass(frozen=True)
class VerdictInput:
    """What the verdict is made of, as plain values."""

    part1_approved: bool
    holds_certificate_a: bool
    part2_passed: bool | None  # None: part 2 is not rated yet
    part2_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Proposal:
    """The verdict the rule proposes, and why."""

    passed: bool
    reasons: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class Decision:
    """The verdict an admin records: the rule's, or an override of it with a reason."""

    passed: bool
    is_override: bool
    reason: str
    needs_second_admin: bool


class OverrideRefused(ValueError):
    """An override without a (long enough) reason."""


def propose(facts: VerdictInput, rules: VerdictRules) -> Proposal:
    """Apply the verdict rule: every condition named, passed only when all hold."""
    reasons: list[str] = []
    ok = True
    if facts.part1_approved:
        reasons.append(_("onderdeel 1 goedgekeurd"))
    else:
        ok = False
        reasons.append(_("onderdeel 1 niet goedgekeurd"))
    if facts.part2_passed is None:
        ok = False
        reasons.append(_("onderdeel 2 nog niet beoordeeld"))
    elif facts.part2_passed:
        reasons.append(_("onderdeel 2 behaald"))
    else:
        ok = False
        reasons.append(_("onderdeel 2 niet behaald"))
    reasons.extend(facts.part2_reasons)
    if rules.require_certificate_a:
        if facts.holds_certificate_a:
            reasons.append(_("certificaat A behaald"))
        else:
            ok = False
            reasons.append(_("certificaat A ontbreekt"))
    return Proposal(ok, reasons)


def decide(proposal: Proposal, passed: bool, reason: str, rules: VerdictRules) -> Decision:
    """The admin's verdict: equal to the proposal, or an override that needs a reason."""
    reason = (reason or "").strip()
    if passed == proposal.passed:
        return Decision(passed, False, reason, False)
    if len(reason) < rules.override_reason_min:
        raise OverrideRefused(reason)
    return Decision(passed, True, reason, rules.four_eyes_override)


def may_confirm_override(proposed_by_id: int, confirmer_id: int, rules: VerdictRules) -> bool:
    """Four eyes: with the setting on, the admin who overrode cannot also confirm."""
    return not rules.four_eyes_override or proposed_by_id != confirmer_id


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[date]:
    """The Dutch public holidays of the Algemene termijnenwet (art. 3) in `year`.

    New Year's Day, Easter Monday, Ascension Day, Whit Monday, King's Day, Christmas Day and
    Boxing Day come from the `holidays` library (a well-kept calendar, so Easter and King's Day
    moving to the 26th when the 27th is a Sunday are not reimplemented here); the law also counts
    5 May every year (the library only in lustrum years) and not Good Friday.
    """
    calendar = holidays.country_holidays("NL", years=year, language="en_US")
    days = {day for day, name in calendar.items() if name != "Good Friday"}
    days.add(date(year, 5, 5))
    return frozenset(days)


def is_working_day(day: date) -> bool:
    """Monday–Friday and not a public holiday."""
    return day.weekday() < 5 and day not in public_holidays(day.year)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end ≤ start).

    Worked example: part 2 submitted on Friday 24 April 2026; on Thursday 30 April three working
    days have passed (Monday 27 April is King's Day: 28, 29 and 30 April count).
    """
    if end <= start:
        return 0
    days = (start + timedelta(offset) for offset in range(1, (end - start).days + 1))
    return sum(1 for day in days if is_working_day(day))


def service_level(days: int, rules: VerdictRules) -> str:
    """ "overdue" past the service level, "due" on its last two days, else "ok"."""
    if days > rules.service_level_working_days:
        return "overdue"
    if days >= rules.service_level_working_days - 1:
        return "due"
    return "ok"


def appeal_deadline(released_at: datetime, rules: VerdictRules) -> datetime:
    """The last moment an objection is accepted: `appeal_days` calendar days after release."""
    return released_at + timedelta(days=rules.appeal_days)


def appeal_open(released_at: datetime | None, now: datetime, rules: VerdictRules) -> bool:
    return released_at is not None and now <= appeal_deadline(released_at, rules)
