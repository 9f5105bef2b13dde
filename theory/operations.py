"""Sitting operations: enrol, start with a session code, save answers, hand in, close, score,
and the invigilator's pause, add time and void. Operations flush; views commit once.

The server keeps the time: `deadline_at` is set at start (time limit + the candidate's extra
time) and moved only by a pause (time stops) or an admin adding time. Answers are accepted until
the deadline plus the grace setting; after that the worker closes the sitting with the answers
saved in time.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ksf_b.accounts.models import Company, Role, User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate, CandidateState
from ksf_b.refusals import Refusal
from theory import bank, blueprint
from theory.models import (
    Enrolment,
    ItemVersion,
    Sitting,
    SittingEvent,
    SittingItem,
    SittingStatus,
    TestSession,
)

ST = SittingStatus
ACCESS_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


class TheoryError(Refusal):
    """A refused step of the A test, with a Dutch message for the person who tried it."""


class BadCode(TheoryError):
    status = 403
    default_message = _l(
        "Deze toegangscode is onbekend of de sessie is nu niet open. Controleer de code bij je "
        "toezichthouder."
    )


class NotAllowed(TheoryError):
    status = 403


class TimeUp(TheoryError):
    status = 409
    code = "locked"
    default_message = _l("De tijd is om: antwoorden worden niet meer opgeslagen.")


class SittingClosed(TheoryError):
    status = 409
    code = "locked"
    default_message = _l("Deze toets is afgesloten; je kunt niets meer wijzigen.")


def aware(moment: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes for UTC columns; treat them as UTC."""
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# --- enrolment ------------------------------------------------------------------------------


def enrolment_for(user: User) -> Enrolment | None:
    """The user's enrolment; a B candidate waiting for A gets one on first visit."""
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.user_id == user.id))
    if enrolment is not None:
        return enrolment
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == user.id))
    if candidate is None or candidate.state is not CandidateState.THEORY_A_REQUIRED:
        return None
    enrolment = Enrolment(user=user, candidate=candidate, company=candidate.company)
    db.session.add(enrolment)
    db.session.flush()
    return enrolment


def register_a_only(full_name: str, email: str, company: Company, actor: User) -> Enrolment:
    """Invite a person for the A test alone: a candidate account without a B case."""
    from ksf_b.accounts.operations import invite_user

    user = invite_user(email, full_name, Role.CANDIDATE, company, actor)
    enrolment = Enrolment(user=user, company=company, registered_by=actor)
    db.session.add(enrolment)
    db.session.flush()
    return enrolment


def set_accommodation(enrolment: Enrolment, minutes: int, reason: str, actor: User) -> None:
    """Record extra time (minutes, with its reason) for every sitting the person starts."""
    enrolment.extra_minutes = minutes
    enrolment.extra_reason = reason if minutes else None
    db.session.flush()


def attempts_used(enrolment: Enrolment) -> int:
    return len(enrolment.sittings)


def running_sitting(enrolment: Enrolment) -> Sitting | None:
    return next((s for s in enrolment.sittings if s.status.running), None)


def next_start_allowed(enrolment: Enrolment) -> tuple[bool, str | None, date | None]:
    """Whether a new sitting may start: (ok, Dutch reason, earliest date)."""
    cfg = bank.settings()
    if enrolment.passed_on is not None:
        return False, str(_l("Je hebt de toets al gehaald.")), None
    if attempts_used(enrolment) >= cfg.max_attempts:
        return False, str(_l("Je hebt het maximale aantal pogingen gebruikt.")), None
    finished = [s for s in enrolment.sittings if s.finished_at is not None]
    if finished:
        last = aware(max(s.finished_at for s in finished))
        earliest = last + timedelta(days=cfg.waiting_days)
        if utcnow() < earliest:
            return False, str(_l("Na een poging geldt een wachttijd.")), earliest.date()
    return True, None, None


# --- sessions -------------------------------------------------------------------------------


def new_access_code() -> str:
    """Eight characters that are easy to read aloud and type."""
    while True:
        code = "".join(secrets.choice(ACCESS_CODE_ALPHABET) for _ in range(8))
        if db.session.scalar(select(TestSession).where(TestSession.access_code == code)) is None:
            return code


def open_session(code: str, enrolment: Enrolment, now: datetime) -> TestSession:
    """The session with this code, open now and for this person's organisation; else BadCode."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    session = db.session.scalar(select(TestSession).where(TestSession.access_code == cleaned))
    if session is None or session.cancelled_at is not None:
        raise BadCode
    if not aware(session.starts_at) <= now <= aware(session.ends_at):
        raise BadCode
    if session.company_id is not None and session.company_id != enrolment.company_id:
        raise BadCode(_l("Deze toegangscode hoort bij een sessie van een andere organisatie."))
    return session


# --- the sitting ----------------------------------------------------------------------------


def log(sitting: Sitting, kind: str, actor: User | None = None, **details: Any) -> None:
    db.session.add(SittingEvent(sitting=sitting, kind=kind, actor=actor, details=details or None))


def start_sitting(
    enrolment: Enrolment, code: str, actor: User, ip: str | None, agent: str | None
) -> Sitting:
    """Start a sitting with the session code (a running sitting is resumed instead)."""
    now = utcnow()
    running = running_sitting(enrolment)
    if running is not None:
        log(running, "resume", actor, position=running.current_position)
        check_client(running, ip, agent)
        db.session.flush()
        return running
    session = open_session(code, enrolment, now)
    ok, reason, _earliest = next_start_allowed(enrolment)
    if not ok:
        raise NotAllowed(reason)
    cfg = bank.settings()
    seed = secrets.randbelow(2**31)
    try:
        form = blueprint.draw(bank.pool(), bank.blueprint(), seed)
    except blueprint.BlueprintShortfall as error:
        raise TheoryError(
            _l(
                "De toets kan nu niet worden samengesteld (te weinig vragen voor %(scope)s).",
                scope=error.scope,
            )
        ) from error
    minutes = cfg.time_limit_minutes + enrolment.extra_minutes
    sitting = Sitting(
        enrolment=enrolment,
        session=session,
        attempt=attempts_used(enrolment) + 1,
        seed=seed,
        started_at=now,
        deadline_at=now + timedelta(minutes=minutes),
        extra_minutes=enrolment.extra_minutes,
        grace_seconds=cfg.grace_seconds,
        cut_score=cfg.cut_score,
        last_heartbeat_at=now,
        last_ip=ip,
        last_user_agent=(agent or "")[:400],
    )
    db.session.add(sitting)
    for position, drawn in enumerate(form, 1):
        sitting.items.append(
            SittingItem(
                position=position,
                item_version_id=drawn.key,
                display_order=list(drawn.display_order),
            )
        )
    log(sitting, "start", actor, items=len(form), minutes=minutes, session=session.public_id)
    db.session.flush()
    return sitting


def remaining_seconds(sitting: Sitting, now: datetime | None = None) -> int:
    """Seconds left by the server's clock; a paused sitting keeps what it had at the pause."""
    now = now or utcnow()
    if not sitting.status.running:
        return 0
    reference = aware(sitting.paused_at) if sitting.status is ST.PAUSED else now
    return max(0, int((aware(sitting.deadline_at) - reference).total_seconds()))


def accepts_answers(sitting: Sitting, now: datetime) -> bool:
    grace = timedelta(seconds=sitting.grace_seconds)
    return sitting.status is ST.IN_PROGRESS and now <= aware(sitting.deadline_at) + grace


def ensure_writable(sitting: Sitting, now: datetime) -> None:
    """Raise unless an answer may be saved now (running, not paused, within deadline + grace)."""
    if sitting.status is ST.PAUSED:
        raise TheoryError(_l("De toets is gepauzeerd door de KSF; wacht tot hij verdergaat."))
    if not sitting.status.running:
        raise SittingClosed
    if not accepts_answers(sitting, now):
        raise TimeUp


def check_client(sitting: Sitting, ip: str | None, agent: str | None) -> None:
    """Log a change of IP address or browser since the last request."""
    agent = (agent or "")[:400]
    if ip and sitting.last_ip and ip != sitting.last_ip:
        log(sitting, "ip_changed", before=sitting.last_ip, after=ip)
    if agent and sitting.last_user_agent and agent != sitting.last_user_agent:
        log(sitting, "browser_changed", before=sitting.last_user_agent, after=agent)
    sitting.last_ip = ip or sitting.last_ip
    sitting.last_user_agent = agent or sitting.last_user_agent


def visit(sitting: Sitting, position: int, ip: str | None, agent: str | None) -> None:
    """The candidate opened item `position`: remember it (resume there) and check the client."""
    now = utcnow()
    last = aware(sitting.last_heartbeat_at)
    if last is not None and (now - last).total_seconds() > 60:
        log(sitting, "resume", position=position)
    sitting.current_position = position
    sitting.last_heartbeat_at = now
    check_client(sitting, ip, agent)
    db.session.flush()


def shown_id(item: SittingItem, token: Any) -> str:
    """Map a value the page sent (the 1-based place in the shown order) to the option id.

    The page never carries option ids, so the HTML cannot reveal which option is the key.
    """
    if not isinstance(token, str) or not token.isdigit():
        raise ValueError
    index = int(token)
    if not 1 <= index <= len(item.display_order):
        raise ValueError
    return item.display_order[index - 1]


def valid_answer(item: SittingItem, value: Any) -> Any:
    """Return the answer in stored form, or raise ValueError (unknown option, wrong shape)."""
    if item.version.type.value == "single":
        return None if value in (None, "") else shown_id(item, value)
    if item.version.type.value == "multiple":
        if not isinstance(value, list):
            raise ValueError
        return sorted({shown_id(item, v) for v in value})
    raise ValueError


def save_fields(
    item: SittingItem, fields: dict[str, Any], revision: int | None
) -> tuple[list[str], dict[str, str]]:
    """Store an autosave request for one item: (saved field names, refused field -> reason).

    Field names: "answer" (single/multiple: places in the shown order), "flag" (["y"] or []),
    and one per statement of a categorisation ("cat-<place>": category id or "").
    """
    now = utcnow()
    sitting = item.sitting
    ensure_writable(sitting, now)
    saved: list[str] = []
    refused: dict[str, str] = {}
    version = item.version
    answer = dict(item.answer) if isinstance(item.answer, dict) else item.answer
    changed = False
    for name, value in fields.items():
        if name == "flag":
            item.flagged = isinstance(value, list) and "y" in value
            saved.append(name)
            continue
        try:
            if name == "answer" and version.type.value != "categorise":
                answer = valid_answer(item, value)
            elif name.startswith("cat-") and version.type.value == "categorise":
                answer = _placed(version, answer, shown_id(item, name[4:]), value)
            else:
                raise KeyError(name)
        except (ValueError, KeyError):
            refused[name] = str(_l("Dit antwoord hoort niet bij deze vraag."))
            continue
        saved.append(name)
        changed = True
    if changed:
        item.answer = answer
        item.answered_at = now
        log(sitting, "answer", position=item.position)
    if saved:
        item.revision += 1
    sitting.last_heartbeat_at = now
    db.session.flush()
    return saved, refused


def _placed(version: ItemVersion, answer: Any, statement: str, value: Any) -> dict[str, str]:
    statements = {s["id"] for s in version.content["statements"]}
    categories = {c["id"] for c in version.content["categories"]}
    value = "" if value is None else value
    if statement not in statements or not isinstance(value, str):
        raise ValueError
    placed = dict(answer) if isinstance(answer, dict) else {}
    if value == "":
        placed.pop(statement, None)
    elif value in categories:
        placed[statement] = value
    else:
        raise ValueError
    return placed


def is_answered(item: SittingItem) -> bool:
    answer = item.answer
    if item.version.type.value == "categorise":
        return isinstance(answer, dict) and len(answer) == len(item.version.content["statements"])
    return answer not in (None, "", [])


def heartbeat(sitting: Sitting, focus_lost: int, ip: str | None, agent: str | None) -> None:
    """The page is alive; count focus losses the browser reports since its last beat."""
    sitting.last_heartbeat_at = utcnow()
    if focus_lost > 0 and sitting.status.running:
        sitting.focus_losses += focus_lost
        log(sitting, "focus_lost", count=focus_lost)
    check_client(sitting, ip, agent)
    db.session.flush()


def submit(sitting: Sitting, actor: User) -> Sitting:
    """The candidate hands in; refused after the deadline plus grace (the worker closes it)."""
    from theory.results import score_sitting  # results builds on this module's log and aware

    now = utcnow()
    ensure_writable(sitting, now)
    sitting.status = ST.SUBMITTED
    sitting.finished_at = now
    log(sitting, "submitted", actor)
    score_sitting(sitting, actor)
    return sitting


def close_overdue(now: datetime | None = None) -> list[Sitting]:
    """Close and score every running sitting past its deadline plus grace (the worker's job)."""
    from theory.results import score_sitting  # results builds on this module's log and aware

    now = now or utcnow()
    running = db.session.scalars(select(Sitting).where(Sitting.status == ST.IN_PROGRESS))
    closed = []
    for sitting in running:
        if accepts_answers(sitting, now):
            continue
        sitting.status = ST.CLOSED
        sitting.finished_at = aware(sitting.deadline_at)  # the moment time ran out
        log(sitting, "closed", reason="time_up")
        score_sitting(sitting, None)
        closed.append(sitting)
    db.session.flush()
    return closed


def shown_choices(item: SittingItem) -> list[tuple[str, dict[str, Any], bool]]:
    """The options or statements in this candidate's order: (value sent, option, chosen)."""
    content = item.version.content
    by_id = {o["id"]: o for o in content.get("options") or content.get("statements") or []}
    answer = item.answer
    if isinstance(answer, list):
        chosen = set(answer)
    elif isinstance(answer, str):
        chosen = {answer}
    else:  # a categorisation's placements (a dict) or nothing yet
        chosen = set()
    return [(str(n), by_id[key], key in chosen) for n, key in enumerate(item.display_order, 1)]
