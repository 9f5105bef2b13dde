"""Checklist definitions: the published version per kind, new drafts, publishing."""

from __future__ import annotations

import copy

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ksf_b.accounts.models import User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from practicals.checklists import DefinitionError, parse
from practicals.models import ChecklistDefinition, DefinitionStatus, PracticalKind
from practicals.seed_data import INITIAL_DEFINITIONS


class NotEditable(Exception):
    """A published or superseded definition never changes."""

    message = _l("Een gepubliceerde versie verandert niet meer; maak een nieuwe versie.")


def ensure_initial_definitions() -> None:
    """Publish version 1 of each kind from the seeds when a kind has no version yet."""
    for kind in PracticalKind:
        exists = db.session.scalar(
            select(ChecklistDefinition.id).where(ChecklistDefinition.kind == kind).limit(1)
        )
        if exists is None:
            db.session.add(
                ChecklistDefinition(
                    kind=kind,
                    number=1,
                    status=DefinitionStatus.PUBLISHED,
                    content=copy.deepcopy(INITIAL_DEFINITIONS[kind.value]),
                    published_at=utcnow(),
                )
            )
    db.session.flush()


def published(kind: PracticalKind) -> ChecklistDefinition:
    """Return the version new observations of this kind use (seeding version 1 if needed)."""
    found = db.session.scalar(
        select(ChecklistDefinition).where(
            ChecklistDefinition.kind == kind,
            ChecklistDefinition.status == DefinitionStatus.PUBLISHED,
        )
    )
    if found is None:
        ensure_initial_definitions()
        return published(kind)
    return found


def all_versions() -> list[ChecklistDefinition]:
    return list(
        db.session.scalars(
            select(ChecklistDefinition).order_by(
                ChecklistDefinition.kind, ChecklistDefinition.number.desc()
            )
        )
    )


def new_draft(kind: PracticalKind, actor: User) -> ChecklistDefinition:
    """Start the next version as a copy of the newest one (an open draft is reused)."""
    ensure_initial_definitions()
    open_draft = db.session.scalar(
        select(ChecklistDefinition).where(
            ChecklistDefinition.kind == kind, ChecklistDefinition.status == DefinitionStatus.DRAFT
        )
    )
    if open_draft is not None:
        return open_draft
    newest = db.session.scalar(
        select(func.max(ChecklistDefinition.number)).where(ChecklistDefinition.kind == kind)
    )
    draft = ChecklistDefinition(
        kind=kind,
        number=(newest or 0) + 1,
        status=DefinitionStatus.DRAFT,
        content=copy.deepcopy(published(kind).content),
        created_by_id=actor.id,
    )
    db.session.add(draft)
    db.session.flush()
    return draft


def update_draft(definition: ChecklistDefinition, content: object) -> None:
    """Replace a draft's content after checking it (DefinitionError lists what is wrong)."""
    if definition.status is not DefinitionStatus.DRAFT:
        raise NotEditable
    parse(content, definition.kind.value)
    definition.content = copy.deepcopy(content)  # type: ignore[assignment]
    db.session.flush()


def publish(definition: ChecklistDefinition) -> None:
    """Make a draft the published version; the previous one becomes superseded."""
    if definition.status is not DefinitionStatus.DRAFT:
        raise NotEditable
    parse(definition.content, definition.kind.value)
    current = db.session.scalar(
        select(ChecklistDefinition).where(
            ChecklistDefinition.kind == definition.kind,
            ChecklistDefinition.status == DefinitionStatus.PUBLISHED,
        )
    )
    if current is not None:
        current.status = DefinitionStatus.SUPERSEDED
        db.session.flush()
    definition.status = DefinitionStatus.PUBLISHED
    definition.published_at = utcnow()
    db.session.flush()


__all__ = ["DefinitionError", "NotEditable", "new_draft", "publish", "published", "update_draft"]
