"""Rubric versions: the first one from `rubric_data`, drafts edited by admins, publication."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from assessors.errors import InvalidInput, RubricLocked
from assessors.models import (
    LEVELS,
    RubricAnchor,
    RubricCompetency,
    RubricStatus,
    RubricVersion,
)
from assessors.rubric_data import RUBRIC
from ksf_b.accounts.models import User
from ksf_b.competencies import COMPETENCY_CODES
from ksf_b.db_types import utcnow
from ksf_b.extensions import db

MAX_TEXT = 2000


def published() -> RubricVersion | None:
    """Return the rubric version that is in force now."""
    return db.session.scalar(
        select(RubricVersion).where(RubricVersion.status == RubricStatus.PUBLISHED)
    )


def current() -> RubricVersion:
    """Return the version in force, seeding version 1 from `rubric_data` on first use."""
    return current_and_seeded()[0]


def current_and_seeded() -> tuple[RubricVersion, bool]:
    """The version in force, and whether this call just seeded it (then the caller commits).

    Two assessors opening their first rating screen at the same moment both try to seed;
    the second meets the unique version number and takes the first one's version instead.
    """
    version = published()
    if version is not None:
        return version, False
    try:
        with db.session.begin_nested():
            return seed_first_version(), True
    except IntegrityError:
        version = published()
        if version is None:
            raise
        return version, False


def seed_first_version(actor: User | None = None) -> RubricVersion:
    """Create and publish version 1 with the texts of `rubric_data` (in Dutch)."""
    version = RubricVersion(number=_next_number(), created_by=actor)
    with force_locale("nl"):
        for entry in RUBRIC:
            competency = RubricCompetency(
                competency_code=entry.code, definition=str(entry.definition)
            )
            competency.anchors = [
                RubricAnchor(level=level, text=str(text))
                for level, text in zip(LEVELS, entry.anchors, strict=True)
            ]
            version.competencies.append(competency)
    db.session.add(version)
    db.session.flush()
    return publish(version, actor)


def versions() -> list[RubricVersion]:
    return list(db.session.scalars(select(RubricVersion).order_by(RubricVersion.number.desc())))


def by_number(number: int) -> RubricVersion | None:
    return db.session.scalar(select(RubricVersion).where(RubricVersion.number == number))


def open_draft() -> RubricVersion | None:
    return db.session.scalar(
        select(RubricVersion).where(RubricVersion.status == RubricStatus.DRAFT)
    )


def _next_number() -> int:
    return (db.session.scalar(select(func.max(RubricVersion.number))) or 0) + 1


def start_draft(actor: User) -> RubricVersion:
    """Return the open draft, or a new one copied from the version in force."""
    draft = open_draft()
    if draft is not None:
        return draft
    source = current()
    draft = RubricVersion(number=_next_number(), created_by=actor)
    for entry in source.competencies:
        copy = RubricCompetency(competency_code=entry.competency_code, definition=entry.definition)
        copy.anchors = [RubricAnchor(level=a.level, text=a.text) for a in entry.anchors]
        draft.competencies.append(copy)
    db.session.add(draft)
    db.session.flush()
    return draft


def update_draft(version: RubricVersion, texts: Mapping[str, str]) -> RubricVersion:
    """Change a draft's texts: keys `<code>-definition` and `<code>-<level>`; refuse published."""
    if not version.is_draft:
        raise RubricLocked()
    for code in COMPETENCY_CODES:
        entry = version.competency(code)
        if entry is None:
            continue
        definition = _text(texts, f"{code}-definition", entry.definition)
        entry.definition = definition
        for anchor in entry.anchors:
            anchor.text = _text(texts, f"{code}-{anchor.level}", anchor.text)
    db.session.flush()
    return version


def _text(texts: Mapping[str, str], name: str, old: str) -> str:
    if name not in texts:
        return old
    value = (texts[name] or "").strip()
    if not value or len(value) > MAX_TEXT:
        raise InvalidInput(
            _l("Elke definitie en elk anker moet ingevuld zijn, met hoogstens %(max)d tekens.")
            % {"max": MAX_TEXT}
        )
    return value


def publish(version: RubricVersion, actor: User | None) -> RubricVersion:
    """Put a draft in force; the version in force until now is superseded."""
    if not version.is_draft:
        raise RubricLocked()
    previous = published()
    if previous is not None:
        previous.status = RubricStatus.SUPERSEDED
        db.session.flush()
    version.status = RubricStatus.PUBLISHED
    version.published_at = utcnow()
    version.published_by = actor
    db.session.flush()
    return version
