"""The clocks of one scenario: its limits, the thinking deadline and the answer time of a take.

The server is the authority on thinking time (docs/recording.md, "Thinking time is the
server's"): the first take's answer time runs from the thinking deadline plus a grace
(`AssessmentSettings.timing_grace_seconds`), so a reload, a closed tab or a direct API call
after the deadline gets only what is left of it, and nothing once it is used up. The pure
rules are `rules.first_take_window`, `rules.take_window` and `rules.overrun_seconds`; these
functions read their inputs from the rows. `operations.py` re-exports `limits_for`,
`thinking_deadline` and `aware` for its callers.

    limits_for(response) -> rules.Limits          scenario limits plus accommodations
    thinking_deadline(response) -> datetime | None
    grace_seconds() -> int                        the programme's setting
    window_for(response, now) -> rules.TakeWindow what a take opened now may record
    lapse_first_take(response, actor, now) -> bool
        Stamp `Response.first_take_missed_at` once the first take's answer time is used up
        without a take (it then counts as a take); audited. Flushes, never commits.
    record_late_start(take, actor)                audit a first take opened late
    allowed_seconds(take) -> int                  the take's real maximum
    overrun(take) -> int                          seconds recorded past it (plus grace)
"""

from __future__ import annotations

from datetime import UTC, datetime

from ksf_b import audit
from ksf_b.accounts.models import User
from ksf_b.assessment import rules
from ksf_b.assessment.models import Response, Take
from ksf_b.assessment.programme import get_settings
from ksf_b.extensions import db


def aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes for UTC columns; treat them as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def limits_for(response: Response) -> rules.Limits:
    """Return the scenario's limits with the candidate's accommodations added."""
    scenario = response.scenario
    extras = [
        rules.Extra(
            thinking_seconds=a.extra_thinking_seconds,
            answer_seconds=a.extra_answer_seconds,
            retakes=a.extra_retakes,
            prompt_plays=a.extra_prompt_plays,
        )
        for a in response.assessment.accommodations
    ]
    return rules.effective_limits(
        thinking_seconds=scenario.thinking_seconds,
        max_answer_seconds=scenario.max_answer_seconds,
        allowed_retakes=scenario.allowed_retakes,
        max_prompt_plays=scenario.max_prompt_plays,
        extras=extras,
    )


def thinking_deadline(response: Response) -> datetime | None:
    """Return when thinking time ends, or None before it started."""
    if response.thinking_started_at is None:
        return None
    return rules.thinking_deadline(aware(response.thinking_started_at), limits_for(response))


def grace_seconds() -> int:
    """Return the programme's grace for the network and the camera (start and stop)."""
    return get_settings().timing_grace_seconds


def window_for(response: Response, now: datetime) -> rules.TakeWindow:
    """Return what a take of this response opened at `now` may record."""
    return rules.take_window(
        takes_opened=len(response.takes),
        first_missed=response.first_take_missed_at is not None,
        thinking_deadline=thinking_deadline(response),
        now=now,
        limits=limits_for(response),
        grace_seconds=grace_seconds(),
    )


def lapse_first_take(response: Response, actor: User | None, now: datetime) -> bool:
    """Record that the first take was missed (its answer time ran out before it was opened).

    Checked wherever the server looks at the scenario (the exam page, the state API, opening
    a take), so the stamp says when the server first saw it. One direction: once missed, a
    later accommodation does not bring the first take back (an extra retake does).
    """
    if response.first_take_missed_at is not None:
        return True
    if response.takes or response.is_confirmed or response.thinking_started_at is None:
        return False
    if not window_for(response, now).missed:
        return False
    response.first_take_missed_at = now
    deadline = thinking_deadline(response)
    _audit("assessment.first_take_missed", response, actor, thinking_deadline=str(deadline))
    db.session.flush()
    return True


def record_late_start(take: Take, actor: User | None) -> None:
    """Audit a first take opened after thinking time plus grace, with the answer time left."""
    _audit(
        "assessment.take_started_late",
        take.response,
        actor,
        take=take.public_id,
        late_seconds=take.late_seconds,
        allowed_seconds=take.allowed_seconds,
    )


def _audit(action: str, response: Response, actor: User | None, **details: object) -> None:
    audit.record(
        action,
        actor=actor,
        subject=audit.subject_of(response.assessment.candidate),
        details={"response": response.public_id, "scenario": response.scenario.position} | details,
    )


def allowed_seconds(take: Take) -> int:
    """Return the take's real maximum (takes from before this rule: the scenario's limit)."""
    if take.allowed_seconds is not None:
        return take.allowed_seconds
    return limits_for(take.response).max_answer_seconds


def overrun(take: Take) -> int:
    """Return how many seconds the recording ran past its maximum plus the grace (0: within,
    or not measured yet). Such a take is kept and can be confirmed; admins and assessors see
    it flagged."""
    return rules.overrun_seconds(
        take.asset.duration_seconds, allowed_seconds(take), grace_seconds()
    )
