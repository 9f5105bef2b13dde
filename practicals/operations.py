"""State changes of the practicals: schedule, autosave marks, add chats/calls, sign off, cancel.

Operations change rows and flush; the view commits once per request. Every status change goes
through one function here that checks the previous status (scheduled → in progress → signed
off; cancelled only before sign-off). Saves are compare-and-set on the observation's revision.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ksf_b import audit
from ksf_b.accounts.models import Role, User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.refusals import Refusal
from ksf_b.revisions import bump_revision
from practicals import fields as F
from practicals import notifications, rules, versions
from practicals.models import (
    Observation,
    ObservationEntry,
    ObservationMark,
    ObservationMode,
    ObservationStatus,
    PracticalKind,
    PracticalSettings,
)
from practicals.timeutil import aware

log = logging.getLogger(__name__)
MAX_ENTRIES = 30
OPEN_STATUSES = (ObservationStatus.SCHEDULED, ObservationStatus.IN_PROGRESS)
RULE_FIELDS = {
    "phone": ("phone_min_calls", "phone_min_ticks", "phone_critical_eindterms", "phone_minimums"),
    "chat": (
        "chat_min_chats",
        "chat_min_occurrences",
        "chat_total_minimum",
        "chat_critical_eindterms",
        "chat_good_rule",
    ),
}


class PracticalError(Refusal):
    """A refused action, with a Dutch message for the person (a page answers 400)."""

    status = 400


class Locked(PracticalError):
    status = 409
    code = "locked"
    default_message = _l(
        "Deze checklist is afgetekend (of geannuleerd) en kan niet meer veranderen."
    )


class NotComplete(PracticalError):
    status = 409
    code = "incomplete"
    default_message = _l(
        "De checklist is nog niet compleet; aftekenen kan pas als alles is beoordeeld."
    )


class StaleRevision(PracticalError):
    """Another tab saved since this one read the checklist (compare-and-set lost)."""

    status = 409
    code = "stale"
    default_message = _l("Er is intussen een nieuwere versie opgeslagen.")

    def __init__(self, current: int) -> None:
        super().__init__()
        self.current = current


@dataclass
class SaveOutcome:
    observation: Observation
    errors: dict[str, str] = field(default_factory=dict)
    saved: list[str] = field(default_factory=list)


# --- settings ------------------------------------------------------------------------------


def get_settings() -> PracticalSettings:
    """Return the settings row, created with the documented defaults on first use."""
    return PracticalSettings.load()


def update_settings(**values: object) -> PracticalSettings:
    """Change the programme rules after checking them (PracticalError says why not)."""
    settings = get_settings()
    for name in ("phone_critical_eindterms", "chat_critical_eindterms"):
        if name in values:
            values[name] = ",".join(rules.parse_codes(str(values[name])))
    if "phone_minimums" in values:
        try:
            minimums = rules.parse_minimums(str(values["phone_minimums"]))
        except ValueError as error:
            raise PracticalError(str(error)) from None
        values["phone_minimums"] = ",".join(f"{k}:{v}" for k, v in minimums.items())
    if values.get("chat_good_rule", "three_good") not in rules.GOOD_RULES:
        raise PracticalError(_l("Onbekende regel."))
    for name, value in values.items():
        if name not in PracticalSettings.__table__.columns or name in {"id", "created_at"}:
            raise PracticalError(_l("Onbekende instelling."))
        setattr(settings, name, value)
    db.session.flush()
    return settings


def rules_snapshot(settings: PracticalSettings, kind: PracticalKind) -> dict:
    return {name: getattr(settings, name) for name in RULE_FIELDS[kind.value]}


def rules_from(snapshot: Mapping[str, object], kind: PracticalKind):  # type: ignore[no-untyped-def]
    """Build the pure rule parameters from settings values (a row or a stored snapshot)."""
    if kind is PracticalKind.CHAT:
        return rules.ChatRules(
            min_chats=int(snapshot["chat_min_chats"]),  # type: ignore[call-overload]
            min_occurrences=int(snapshot["chat_min_occurrences"]),  # type: ignore[call-overload]
            total_minimum=int(snapshot["chat_total_minimum"]),  # type: ignore[call-overload]
            critical_eindterms=rules.parse_codes(str(snapshot["chat_critical_eindterms"])),
            good_rule=str(snapshot["chat_good_rule"]),
        )
    return rules.PhoneRules(
        min_calls=int(snapshot["phone_min_calls"]),  # type: ignore[call-overload]
        min_ticks=int(snapshot["phone_min_ticks"]),  # type: ignore[call-overload]
        critical_eindterms=rules.parse_codes(str(snapshot["phone_critical_eindterms"])),
        minimums=rules.parse_minimums(str(snapshot["phone_minimums"])),
    )


# --- outcome -------------------------------------------------------------------------------


def outcome_of(observation: Observation) -> rules.Outcome:
    """The outcome by the rules: at sign-off's settings once signed off, else the current ones."""
    checklist = observation.definition.checklist()
    snapshot = observation.outcome_rules or rules_snapshot(get_settings(), observation.kind)
    params = rules_from(snapshot, observation.kind)
    if observation.kind is PracticalKind.CHAT:
        chats = [{m.code: m.value for m in e.marks if m.value} for e in observation.entries]
        return rules.chat_outcome(checklist, chats, params)
    # a call counts as recorded once something was noted for it: a tick, a remark or a note;
    # an untouched call (scheduled, not yet observed) is missing, never "not checked"
    calls = [
        {m.code: m.value == F.CHECKED for m in e.marks}
        for e in observation.entries
        if e.note.strip() or any(m.value == F.CHECKED or m.remark.strip() for m in e.marks)
    ]
    return rules.phone_outcome(checklist, calls, params)


def values_of(observation: Observation) -> dict[str, object]:
    """The stored checklist as flat field values (what the form renders)."""
    values: dict[str, object] = {
        "company_name": observation.company_name,
        "candidate_name": observation.candidate_name,
        "observed_on": observation.observed_on.isoformat() if observation.observed_on else "",
        "date_of_birth": observation.date_of_birth.isoformat() if observation.date_of_birth else "",
    }
    for entry in observation.entries:
        values[F.note_name(entry.position)] = entry.note
        for mark in entry.marks:
            values[F.mark_name(entry.position, mark.code)] = mark.value
            values[F.remark_name(entry.position, mark.code)] = mark.remark
    return values


# --- scheduling ----------------------------------------------------------------------------


def schedule(
    actor: User,
    *,
    kind: PracticalKind,
    candidate: User,
    examiner: User,
    scheduled_at: datetime,
    place: str,
    mode: ObservationMode,
) -> Observation:
    """Plan an observation with the published checklist and tell the candidate by e-mail."""
    if candidate.role is not Role.CANDIDATE or examiner.role is not Role.ASSESSOR:
        raise PracticalError(_l("Kies een kandidaat en een examinator (beoordelaar)."))
    settings = get_settings()
    case = db.session.scalar(select(Candidate).where(Candidate.user_id == candidate.id))
    count = settings.chat_min_chats if kind is PracticalKind.CHAT else settings.phone_min_calls
    observation = Observation(
        kind=kind,
        definition=versions.published(kind),
        candidate=candidate,
        examiner=examiner,
        created_by_id=actor.id,
        scheduled_at=scheduled_at,
        place=place.strip(),
        mode=mode,
        company_name=candidate.company.name if candidate.company else "",
        candidate_name=candidate.full_name,
        date_of_birth=case.date_of_birth if case else None,
        observed_on=_local_date(scheduled_at),
        entries=[ObservationEntry(position=n) for n in range(1, count + 1)],
    )
    db.session.add(observation)
    db.session.flush()
    notifications.send_scheduled(observation)
    observation.notified_at = utcnow()
    audit.record(
        "practical.scheduled",
        actor=actor,
        subject=audit.subject_of(observation),
        details={"kind": kind.value, "examiner": examiner.public_id, "mode": mode.value},
    )
    log.info("practical %s scheduled by user %s", observation.public_id, actor.id)
    return observation


def _local_date(moment: datetime) -> date:
    from zoneinfo import ZoneInfo

    from flask import current_app

    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return aware(moment).astimezone(zone).date()


def cancel(observation: Observation, actor: User, reason: str) -> None:
    if observation.is_locked:
        raise Locked
    observation.status = ObservationStatus.CANCELLED
    observation.cancelled_reason = reason.strip() or None
    db.session.flush()
    audit.record(
        "practical.cancelled",
        actor=actor,
        subject=audit.subject_of(observation),
        details={"reason": observation.cancelled_reason or ""},
    )
    log.info("practical %s cancelled by user %s", observation.public_id, actor.id)


# --- filling in ----------------------------------------------------------------------------


def _entry(observation: Observation, position: int) -> ObservationEntry:
    return next(e for e in observation.entries if e.position == position)


def _apply(observation: Observation, clean: Mapping[str, object]) -> None:
    for name, value in clean.items():
        if name in F.HEADER_TEXT or name in F.HEADER_DATES:
            setattr(observation, name, value)
            continue
        part, number, code = [*name.split("-", 2), ""][:3]
        entry = _entry(observation, int(number))
        if part == "note":
            entry.note = str(value)
            continue
        mark = entry.mark(code)
        if mark is None:
            mark = ObservationMark(code=code)
            entry.marks.append(mark)
        if part == "mark":
            mark.value = str(value)
        else:
            mark.remark = str(value)


def _bump(observation: Observation, revision: int | None) -> None:
    """Compare-and-set on the revision (ksf_b.revisions); the first save starts the checklist."""
    bump_revision(
        observation,
        revision,
        still_open=Observation.status.in_(OPEN_STATUSES),
        closed=Locked,
        stale=StaleRevision,
        draft_saved_at=utcnow(),
        status=ObservationStatus.IN_PROGRESS,
    )


def save_marks(
    observation: Observation, actor: User, values: Mapping[str, object], revision: int | None
) -> SaveOutcome:
    """Store the good fields of a (partial) draft; refuse the bad ones field by field."""
    checked = F.check_fields(
        observation.definition.checklist(), [e.position for e in observation.entries], values
    )
    if not checked.clean:  # nothing to store: refused as a save would be, revision unchanged
        if observation.is_locked:
            raise Locked
        if revision is not None and revision < observation.revision:
            raise StaleRevision(observation.revision)
        return SaveOutcome(observation, checked.errors, [])
    _bump(observation, revision)
    _apply(observation, checked.clean)
    db.session.flush()
    return SaveOutcome(observation, checked.errors, sorted(checked.clean))


def add_entry(observation: Observation, actor: User) -> ObservationEntry:
    """Add one more chat or call to score (more than the minimum may complete a criterion)."""
    if observation.is_locked:
        raise Locked
    if len(observation.entries) >= MAX_ENTRIES:
        raise PracticalError(_l("Meer dan %(n)d onderdelen kan niet.", n=MAX_ENTRIES))
    entry = ObservationEntry(position=max((e.position for e in observation.entries), default=0) + 1)
    observation.entries.append(entry)
    db.session.flush()
    _bump(observation, None)
    return entry


def sign_off(observation: Observation, actor: User) -> rules.Outcome:
    """Lock the checklist with its outcome; tell the candidate; award a certificate if earned."""
    if observation.is_locked:
        raise Locked
    outcome = outcome_of(observation)
    if outcome.incomplete:
        raise NotComplete
    observation.outcome_rules = rules_snapshot(get_settings(), observation.kind)
    observation.outcome_status = outcome.status
    observation.outcome_total = outcome.total
    observation.observed_on = observation.observed_on or utcnow().date()
    observation.signed_off_at = utcnow()
    db.session.flush()
    _bump(observation, None)
    observation.status = ObservationStatus.SIGNED_OFF
    db.session.flush()
    log.info(
        "practical %s signed off by user %s: %s", observation.public_id, actor.id, outcome.status
    )
    audit.record(
        "practical.signed_off",
        actor=actor,
        subject=audit.subject_of(observation),
        details={"outcome": outcome.status, "total": outcome.total},
    )
    notifications.send_outcome(observation)
    from practicals import programmes

    programmes.award_after(observation)
    return outcome


def passed_on(observation: Observation) -> date | None:
    if (
        observation.status is ObservationStatus.SIGNED_OFF
        and observation.outcome_status == rules.PASSED
    ):
        return observation.observed_on
    return None
