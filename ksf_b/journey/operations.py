"""Journey operations that span domains: part 1 is complete when both its pieces are in."""

from __future__ import annotations

from sqlalchemy import select

from ksf_b.accounts.models import User
from ksf_b.extensions import db
from ksf_b.journey import states
from ksf_b.journey.models import Candidate, CandidateState, JourneyEvent

PART1_OPEN = (CandidateState.NOMINATED, CandidateState.DOSSIER_IN_PROGRESS)


def part1_pieces_submitted(candidate: Candidate) -> tuple[bool, bool]:
    """Return (dossier submitted, endorsement submitted) for the candidate."""
    from ksf_b.dossier.models import Dossier
    from ksf_b.endorsement.models import Endorsement

    dossier_at = db.session.scalar(
        select(Dossier.submitted_at).where(Dossier.candidate_id == candidate.id)
    )
    endorsement_at = db.session.scalar(
        select(Endorsement.submitted_at).where(Endorsement.candidate_id == candidate.id)
    )
    return dossier_at is not None, endorsement_at is not None


def on_part1_piece_submitted(candidate: Candidate, actor: User) -> JourneyEvent | None:
    """Hand part 1 to KSF once dossier and endorsement are both submitted; else do nothing.

    Called by the dossier after the candidate submits and by the endorsement after the
    manager submits, whichever comes last moves the candidate on. Callers commit.
    """
    if candidate.state not in PART1_OPEN:
        return None
    db.session.flush()
    if all(part1_pieces_submitted(candidate)):
        return states.complete_part1(candidate, actor)
    return None


def piece_status(row: object | None) -> str:
    """Return 'missing', 'draft' or 'submitted' for a dossier or endorsement row."""
    if row is None:
        return "missing"
    return "submitted" if getattr(row, "submitted_at", None) is not None else "draft"


def part1_rows(candidate: Candidate) -> tuple[object | None, object | None]:
    """Return the candidate's (dossier, endorsement) rows, either may be None."""
    from ksf_b.dossier.models import Dossier
    from ksf_b.endorsement.models import Endorsement

    dossier = db.session.scalar(select(Dossier).where(Dossier.candidate_id == candidate.id))
    endorsement = db.session.scalar(
        select(Endorsement).where(Endorsement.candidate_id == candidate.id)
    )
    return dossier, endorsement
