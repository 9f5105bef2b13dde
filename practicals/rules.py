"""Outcome rules of the practicals as pure functions: plain values in, results in Dutch words out.

Chat practical (seed 001_…): at least five chats; per chat and criterion goed / niet goed /
n.v.t.; "de genoemde toetstermen [moeten] in ten minste drie chats voorkomen en als goed worden
beoordeeld". We read that sentence as one condition over the same three chats: a criterion earns
its point when it is judged good in at least three chats (rule `three_good`, the default). A
"niet goed" in other chats does not take that point away; the stricter reading (every occurrence
good, rule `all_good`) is a setting. A criterion seen in fewer than three chats, or fewer than
five fully scored chats, is *incomplete*: not failed, the examiner is told what is missing.
Eindterm 1 must score all its points (2) and eindterm 3 all its points (1): the seed's text
("Als de verplichte score op eindterm 1 en/of 3 niet wordt gehaald, zakt de kandidaat"), not its
contradictory cut-score line. The remaining minimum is a total (default 17 of 20).

Phone checklist (seed 002_…): per observed call the examiner ticks the processes shown; a process
is "gecheckt" when ticked in at least `min_ticks` calls. The seed gives no cut score: critical
eindterms need every process checked, other eindterms a minimum number (settings).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext

from practicals.checklists import Checklist
from practicals.rule_texts import (
    eindterm_reason,
    failure_summary,
    incomplete_summary,
    item_reason,
)

GOOD, NOT_GOOD, NA = "good", "not_good", "na"
CHAT_MARKS = (GOOD, NOT_GOOD, NA)
PASSED, FAILED, INCOMPLETE = "passed", "failed", "incomplete"
GOOD_RULES = ("three_good", "all_good")


@dataclass(frozen=True)
class ChatRules:
    min_chats: int = 5
    min_occurrences: int = 3
    total_minimum: int = 17
    critical_eindterms: tuple[str, ...] = ("1", "3")
    good_rule: str = "three_good"


@dataclass(frozen=True)
class PhoneRules:
    min_calls: int = 1
    min_ticks: int = 1
    critical_eindterms: tuple[str, ...] = ("1", "3")
    minimums: Mapping[str, int] = field(default_factory=lambda: {"2": 5})


@dataclass
class ItemResult:
    """One criterion (chat) or process (phone): its counts and whether it counts."""

    code: str
    eindterm: str
    text: str
    earned: bool
    occurrences: int = 0
    good: int = 0
    not_good: int = 0
    not_applicable: int = 0
    ticks: int = 0
    too_few: bool = False


@dataclass
class EindtermResult:
    code: str
    points: int
    maximum: int
    required: int
    critical: bool
    met: bool


@dataclass
class Outcome:
    """The result of one checklist: status, points per eindterm, and why, in Dutch."""

    status: str
    items: list[ItemResult]
    eindtermen: list[EindtermResult]
    total: int
    maximum: int
    missing: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    @property
    def incomplete(self) -> bool:
        return self.status == INCOMPLETE

    def item(self, code: str) -> ItemResult | None:
        return next((i for i in self.items if i.code == code), None)


def _chat_item(
    code: str, eindterm: str, text: str, marks: list[str], rules: ChatRules
) -> ItemResult:
    good, not_good = marks.count(GOOD), marks.count(NOT_GOOD)
    occurrences = good + not_good
    if rules.good_rule == "all_good":
        earned = occurrences >= rules.min_occurrences and not_good == 0
    else:
        earned = good >= rules.min_occurrences
    return ItemResult(
        code,
        eindterm,
        text,
        earned=earned,
        occurrences=occurrences,
        good=good,
        not_good=not_good,
        not_applicable=marks.count(NA),
        too_few=not earned and occurrences < rules.min_occurrences,
    )


def chat_outcome(
    checklist: Checklist, chats: Sequence[Mapping[str, str | None]], rules: ChatRules
) -> Outcome:
    """Score the chat practical: one point per criterion good in enough chats; see module doc."""
    missing: list[str] = []
    complete = 0
    for number, chat in enumerate(chats, start=1):
        open_codes = [c for c in checklist.codes if chat.get(c) not in CHAT_MARKS]
        if open_codes:
            missing.append(
                ngettext(
                    "Chat %(chat)d: nog %(num)d criterium zonder oordeel (%(codes)s).",
                    "Chat %(chat)d: nog %(num)d criteria zonder oordeel (%(codes)s).",
                    len(open_codes),
                    chat=number,
                    codes=", ".join(open_codes),
                )
            )
        else:
            complete += 1
    if complete < rules.min_chats:
        missing.insert(
            0,
            _(
                "%(done)d van de minimaal %(need)d chats zijn volledig beoordeeld.",
                done=complete,
                need=rules.min_chats,
            ),
        )
    items = [
        _chat_item(
            item.code,
            item.eindterm,
            item.text,
            [str(chat.get(item.code)) for chat in chats if chat.get(item.code) in CHAT_MARKS],
            rules,
        )
        for item in checklist.items
    ]
    for result in items:
        if result.too_few:
            missing.append(
                ngettext(
                    "%(code)s kwam in %(num)d chat voor; nodig: minstens %(need)d. "
                    "Beoordeel meer chats waarin dit aan bod komt.",
                    "%(code)s kwam in %(num)d chats voor; nodig: minstens %(need)d. "
                    "Beoordeel meer chats waarin dit aan bod komt.",
                    result.occurrences,
                    code=result.code,
                    need=rules.min_occurrences,
                )
            )
    return _finish(checklist, items, missing, rules.critical_eindterms, {}, rules.total_minimum)


def phone_outcome(
    checklist: Checklist, calls: Sequence[Mapping[str, bool]], rules: PhoneRules
) -> Outcome:
    """Score the phone checklist: processes checked per eindterm against the settings."""
    missing: list[str] = []
    if len(calls) < rules.min_calls:
        missing.append(
            _(
                "%(done)d van de minimaal %(need)d gesprekken zijn vastgelegd (een gesprek "
                "telt mee zodra je er een proces bij aanvinkt of er een opmerking of notitie "
                "bij schrijft).",
                done=len(calls),
                need=rules.min_calls,
            )
        )
    items = []
    for item in checklist.items:
        ticks = sum(1 for call in calls if call.get(item.code))
        items.append(
            ItemResult(item.code, item.eindterm, item.text, ticks >= rules.min_ticks, ticks=ticks)
        )
    return _finish(checklist, items, missing, rules.critical_eindterms, rules.minimums, None)


def _finish(
    checklist: Checklist,
    items: list[ItemResult],
    missing: list[str],
    critical: Sequence[str],
    minimums: Mapping[str, int],
    total_minimum: int | None,
) -> Outcome:
    eindtermen, reasons = [], []
    provisional = bool(missing)  # no result yet: nothing may read like "gehaald"/"niet gehaald"
    for eindterm in checklist.eindtermen:
        mine = [i for i in items if i.eindterm == eindterm.code]
        points = sum(1 for i in mine if i.earned)
        is_critical = eindterm.code in critical
        required = len(mine) if is_critical else min(minimums.get(eindterm.code, 0), len(mine))
        result = EindtermResult(
            eindterm.code, points, len(mine), required, is_critical, points >= required
        )
        eindtermen.append(result)
        reasons.append(eindterm_reason(checklist.kind, result, provisional))
        reasons.extend(
            item_reason(checklist.kind, i, provisional)
            for i in mine
            if not i.earned and not i.too_few
        )
    total, maximum = sum(e.points for e in eindtermen), sum(e.maximum for e in eindtermen)
    total_met = total_minimum is None or total >= total_minimum
    if total_minimum is not None:
        template = (
            _("Totaal tot nu toe: %(total)d van %(max)d punten; minimaal %(need)d nodig.")
            if provisional
            else _("Totaal: %(total)d van %(max)d punten; minimaal %(need)d nodig.")
        )
        reasons.append(template % {"total": total, "max": maximum, "need": total_minimum})
    if missing:
        status = INCOMPLETE
        reasons.insert(0, incomplete_summary(missing))
    elif all(e.met for e in eindtermen) and total_met:
        status = PASSED
        reasons.insert(0, _("Geslaagd: aan alle voorwaarden is voldaan."))
    else:
        status = FAILED
        reasons.insert(0, failure_summary(eindtermen, total_met))
    return Outcome(status, items, eindtermen, total, maximum, missing, reasons)


# --- settings written as text -------------------------------------------------------------


def parse_codes(text: str) -> tuple[str, ...]:
    """'1, 3' → ('1', '3'); empty parts are dropped."""
    return tuple(part.strip() for part in text.split(",") if part.strip())


def parse_minimums(text: str) -> dict[str, int]:
    """'2:5, 4:1' → {'2': 5, '4': 1}; raise ValueError (Dutch) on anything else."""
    minimums: dict[str, int] = {}
    for part in parse_codes(text):
        code, sep, number = part.partition(":")
        if not sep or not code.strip() or not number.strip().isdecimal():
            raise ValueError(_("Schrijf de minima als eindterm:aantal, bijvoorbeeld 2:5."))
        minimums[code.strip()] = int(number.strip())
    return minimums


# --- programmes: certificate A and the chat certificate -------------------------------------


@dataclass(frozen=True)
class ProgrammeRequirements:
    code: str
    requires_theory: bool
    practical_kind: str | None
    advised_months_between: int = 3


@dataclass
class ProgrammeStatus:
    complete: bool
    missing: list[str]
    warnings: list[str]


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def programme_status(
    req: ProgrammeRequirements, theory_on: date | None, practical_on: date | None
) -> ProgrammeStatus:
    """Which requirements of a certificate are met, and the seed's three-month advice."""
    missing, warnings = [], []
    if req.requires_theory and theory_on is None:
        missing.append(_("De theorietoets is nog niet behaald."))
    if req.practical_kind and practical_on is None:
        missing.append(_("De praktijktoets is nog niet behaald."))
    if theory_on and practical_on:
        first, last = sorted((theory_on, practical_on))
        if last > add_months(first, req.advised_months_between):
            warnings.append(
                _(
                    "Tussen theorie- en praktijktoets liggen meer dan %(n)d maanden; "
                    "de KSF adviseert maximaal %(n)d.",
                    n=req.advised_months_between,
                )
            )
    return ProgrammeStatus(not missing, missing, warnings)
