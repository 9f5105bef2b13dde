"""Saving and submitting a manager's endorsement; submission may complete part 1."""

from __future__ import annotations

from sqlalchemy import select

from ksf_b.accounts.models import User
from ksf_b.db_types import utcnow
from ksf_b.endorsement.forms import FIELDS
from ksf_b.endorsement.models import Endorsement
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.journey.operations import on_part1_piece_submitted


class EndorsementLocked(Exception):
    """The endorsement is submitted and can no longer change."""


class StaleRevision(Exception):
    """The browser saved from an older revision than the one stored (another tab won)."""

    def __init__(self, current: int) -> None:
        super().__init__(f"stale revision, current is {current}")
        self.current = current


def endorsement_of(candidate: Candidate) -> Endorsement | None:
    """Return the candidate's endorsement, if the manager started one."""
    return db.session.scalar(select(Endorsement).where(Endorsement.candidate_id == candidate.id))


def get_or_start(candidate: Candidate, manager: User) -> Endorsement:
    """Return the candidate's endorsement, creating an empty draft on first save."""
    endorsement = endorsement_of(candidate)
    if endorsement is None:
        endorsement = Endorsement(candidate=candidate, manager=manager, revision=0)
        db.session.add(endorsement)
        db.session.flush()
    return endorsement


def save_draft(
    endorsement: Endorsement, values: dict[str, object], revision: int | None
) -> Endorsement:
    """Store checked draft values; refuse a locked endorsement or a stale revision."""
    if endorsement.is_submitted:
        raise EndorsementLocked
    if revision is not None and revision != endorsement.revision:
        raise StaleRevision(endorsement.revision)
    for name, value in values.items():
        if name in FIELDS:
            setattr(endorsement, name, value)
    endorsement.revision += 1
    endorsement.draft_saved_at = utcnow()
    db.session.flush()
    return endorsement


def submit(endorsement: Endorsement, actor: User) -> Endorsement:
    """Lock the endorsement and hand part 1 to KSF when the dossier is in too."""
    if endorsement.is_submitted:
        raise EndorsementLocked
    endorsement.submitted_at = utcnow()
    endorsement.revision += 1
    db.session.flush()
    on_part1_piece_submitted(endorsement.candidate, actor)
    return endorsement
