"""The invigilator's actions on a sitting: pause, resume, add time, void; the running sittings.

Like `theory.operations`, these flush and never commit; each is logged with the actor and the
reason on the sitting.
"""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ksf_b.accounts.models import User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from theory.models import Sitting
from theory.models import SittingStatus as ST
from theory.operations import SittingClosed, aware, log


def pause(sitting: Sitting, actor: User, reason: str) -> None:
    """Stop the clock (e.g. a fire alarm); answers wait until the sitting goes on."""
    if sitting.status is not ST.IN_PROGRESS:
        raise SittingClosed(_l("Alleen een lopende toets kan worden gepauzeerd."))
    sitting.status = ST.PAUSED
    sitting.paused_at = utcnow()
    log(sitting, "paused", actor, reason=reason)
    db.session.flush()


def resume(sitting: Sitting, actor: User, reason: str) -> None:
    """Let the clock run again: the deadline moves by the length of the pause."""
    if sitting.status is not ST.PAUSED:
        raise SittingClosed(_l("Deze toets is niet gepauzeerd."))
    now = utcnow()
    sitting.deadline_at = aware(sitting.deadline_at) + (now - aware(sitting.paused_at))
    sitting.paused_at = None
    sitting.status = ST.IN_PROGRESS
    log(sitting, "unpaused", actor, reason=reason)
    db.session.flush()


def add_time(sitting: Sitting, minutes: int, actor: User, reason: str) -> None:
    """Give a running sitting more time (recorded with its reason)."""
    if not sitting.status.running:
        raise SittingClosed
    sitting.deadline_at = aware(sitting.deadline_at) + timedelta(minutes=minutes)
    sitting.extra_minutes += minutes
    log(sitting, "time_added", actor, minutes=minutes, reason=reason)
    db.session.flush()


def void(sitting: Sitting, actor: User, reason: str) -> None:
    """Declare a sitting invalid (it cannot be continued; it counts as an attempt)."""
    if sitting.status is ST.VOIDED:
        return
    was_running = sitting.status.running
    sitting.status = ST.VOIDED
    sitting.void_reason = reason
    sitting.passed = None if was_running else sitting.passed
    sitting.finished_at = sitting.finished_at or utcnow()
    log(sitting, "voided", actor, reason=reason)
    db.session.flush()


def running_sittings() -> list[Sitting]:
    return list(
        db.session.scalars(
            select(Sitting)
            .where(Sitting.status.in_([ST.IN_PROGRESS, ST.PAUSED]))
            .order_by(Sitting.started_at)
        )
    )
