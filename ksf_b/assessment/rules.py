"""Pure rules of the assessment: limits, the window, the order of scenarios, coverage, reminders.

Plain values in, plain results out: no database, no request, no clock (callers pass `now`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from flask_babel import lazy_gettext as _l

from ksf_b.competencies import COMPETENCIES, ORAL_LANGUAGE

MIN_SCENARIOS_PER_COMPETENCY = 2


@dataclass(frozen=True)
class Extra:
    """What one accommodation adds on top of a scenario's limits."""

    thinking_seconds: int = 0
    answer_seconds: int = 0
    retakes: int = 0
    prompt_plays: int = 0


@dataclass(frozen=True)
class Limits:
    """The limits that apply to one candidate on one scenario."""

    thinking_seconds: int
    max_answer_seconds: int
    takes_allowed: int  # the first take plus the retakes
    prompt_plays: int


def effective_limits(
    *,
    thinking_seconds: int,
    max_answer_seconds: int,
    allowed_retakes: int,
    max_prompt_plays: int,
    extras: Iterable[Extra] = (),
) -> Limits:
    """Add every accommodation to the scenario's own limits (accommodations add up)."""
    extras = list(extras)
    return Limits(
        thinking_seconds=thinking_seconds + sum(e.thinking_seconds for e in extras),
        max_answer_seconds=max_answer_seconds + sum(e.answer_seconds for e in extras),
        takes_allowed=1 + allowed_retakes + sum(e.retakes for e in extras),
        prompt_plays=max_prompt_plays + sum(e.prompt_plays for e in extras),
    )


def plays_remaining(plays_used: int, limits: Limits) -> int:
    """Return how many more times the prompt video may be played."""
    return max(0, limits.prompt_plays - plays_used)


def can_play(plays_used: int, limits: Limits) -> bool:
    """Tell whether the prompt may be played once more."""
    return plays_remaining(plays_used, limits) > 0


def takes_remaining(takes_used: int, limits: Limits) -> int:
    """Return how many more takes the candidate may start."""
    return max(0, limits.takes_allowed - takes_used)


def can_take(takes_used: int, limits: Limits) -> bool:
    """Tell whether another take may be started."""
    return takes_remaining(takes_used, limits) > 0


# A take cut off by a reload or crash (docs/recording.md) does not count, once per scenario:
# enough to make up for an accident, too little to buy extra attempts by reloading on purpose.
FREE_INTERRUPTED_TAKES = 1


def counted_takes(takes_used: int, interrupted: int) -> int:
    """Return how many takes count against the limit: interrupted ones are free, up to one."""
    return takes_used - min(max(0, interrupted), FREE_INTERRUPTED_TAKES)


def is_open(opens_at: datetime | None, closes_at: datetime, now: datetime) -> bool:
    """Tell whether the window is open: from the opening (inclusive) to the deadline (exclusive)."""
    if opens_at is not None and now < opens_at:
        return False
    return now < closes_at


def thinking_deadline(started_at: datetime, limits: Limits) -> datetime:
    """Return when thinking time is over (recording may start earlier, never later matters)."""
    return started_at + timedelta(seconds=limits.thinking_seconds)


# --- the answer time of the first take (docs/recording.md, "Thinking time is the server's") --

# Less than this left of the answer time is no answer: the first take is missed instead.
MIN_LATE_ANSWER_SECONDS = 5


@dataclass(frozen=True)
class TakeWindow:
    """How long a take opened now may record, and why."""

    allowed_seconds: int  # the take's real maximum (0 when missed)
    late_seconds: int = 0  # cut from the answer time: opened after thinking time plus grace
    missed: bool = False  # the first take's answer time was used up before it was opened

    @property
    def is_late(self) -> bool:
        return self.late_seconds > 0


def first_take_window(
    *, thinking_deadline: datetime, now: datetime, limits: Limits, grace_seconds: int
) -> TakeWindow:
    """Return what the first take of a scenario may record when it is opened at `now`.

    The answer time of the first take runs from the end of thinking time (plus a grace for the
    network and the camera), whether or not a recording runs: up to then the full answer time,
    later only what is left of it (whole seconds), so reloading or calling the API later buys
    no time. With less than MIN_LATE_ANSWER_SECONDS left the first take is missed.
    """
    clock_starts = thinking_deadline + timedelta(seconds=max(0, grace_seconds))
    late = ceil(max(0.0, (now - clock_starts).total_seconds()))
    allowed = limits.max_answer_seconds - late
    if allowed < MIN_LATE_ANSWER_SECONDS:
        return TakeWindow(allowed_seconds=0, late_seconds=late, missed=True)
    return TakeWindow(allowed_seconds=allowed, late_seconds=late)


def take_window(
    *,
    takes_opened: int,
    first_missed: bool,
    thinking_deadline: datetime | None,
    now: datetime,
    limits: Limits,
    grace_seconds: int,
) -> TakeWindow:
    """Return what a take opened at `now` may record: a retake (or a take after a missed first
    one) has its own clock, the full answer time; the first take follows `first_take_window`."""
    if takes_opened > 0 or first_missed or thinking_deadline is None:
        return TakeWindow(allowed_seconds=limits.max_answer_seconds)
    return first_take_window(
        thinking_deadline=thinking_deadline, now=now, limits=limits, grace_seconds=grace_seconds
    )


def overrun_seconds(
    recorded_seconds: float | None, allowed_seconds: int, grace_seconds: int
) -> int:
    """Return how many whole seconds a recording ran past its allowed time plus the grace
    (0 when within it or not measured yet); such a take is kept and flagged, never dropped."""
    if recorded_seconds is None:
        return 0
    return max(0, ceil(recorded_seconds - allowed_seconds - max(0, grace_seconds)))


def next_scenario(order: Sequence[int], confirmed: Iterable[int]) -> int | None:
    """Return the first scenario id in `order` that has no confirmed take, or None when done."""
    done = set(confirmed)
    for scenario_id in order:
        if scenario_id not in done:
            return scenario_id
    return None


@dataclass(frozen=True)
class ScenarioCoverage:
    """What the coverage check needs to know about one scenario."""

    title: str
    active: bool
    competency_codes: frozenset[str]


def coverage_warnings(scenarios: Iterable[ScenarioCoverage], expected_count: int = 10) -> list[str]:
    """Explain in Dutch what is wrong with the set of active scenarios; empty when it is fine."""
    active = [s for s in scenarios if s.active]
    warnings: list[str] = []
    if len(active) != expected_count:
        warnings.append(
            str(_l("Er zijn %(n)d actieve scenario's; het assessment vraagt er precies %(m)d."))
            % {"n": len(active), "m": expected_count}
        )
    for competency in COMPETENCIES:
        count = sum(1 for s in active if competency.code in s.competency_codes)
        if count < MIN_SCENARIOS_PER_COMPETENCY:
            warnings.append(
                str(_l("%(label)s: in %(n)d actieve scenario's, minimaal %(m)d nodig."))
                % {"label": competency.label, "n": count, "m": MIN_SCENARIOS_PER_COMPETENCY}
            )
    for s in active:
        if ORAL_LANGUAGE not in s.competency_codes:
            warnings.append(
                str(_l("Scenario '%(title)s' toetst geen mondelinge taalvaardigheid."))
                % {"title": s.title}
            )
    return warnings


def due_reminder(
    closes_at: datetime, now: datetime, reminder_days: Iterable[int], already_sent: Iterable[int]
) -> int | None:
    """Return the reminder (days before the deadline) to send now, or None.

    Only the nearest due reminder counts: once the 2-day reminder went out, a 7-day one that
    was missed (say, the command did not run that week) is not sent afterwards.
    """
    if now >= closes_at:
        return None
    left = closes_at - now
    due = [d for d in reminder_days if left <= timedelta(days=d)]
    if not due:
        return None
    nearest = min(due)
    sent = set(already_sent)
    if any(d <= nearest for d in sent):
        return None
    return nearest
