"""Which recordings an assessor may play (registered with `media.access`).

An assessor sees the confirmed takes of a candidate only while they hold an assignment for
that candidate (open or submitted, not withdrawn); a lead assessor also while a moderation
case of that candidate is theirs to judge. Admins and the owning candidate are media's default.
"""

from __future__ import annotations

from sqlalchemy import select

from assessors.models import (
    AssessorProfile,
    AssignmentStatus,
    ModerationCase,
    ModerationStatus,
    RatingAssignment,
)
from ksf_b.accounts.models import Role, User
from ksf_b.assessment.models import Assessment, Response
from ksf_b.extensions import db
from media.access import register_view_policy
from media.models.asset import AssetKind, MediaAsset


def _candidate_of_take(asset: MediaAsset) -> int | None:
    """The candidate whose CONFIRMED take this asset is (other takes are never rated)."""
    from ksf_b.assessment.models import Take

    return db.session.scalar(
        select(Assessment.candidate_id)
        .join(Response, Response.assessment_id == Assessment.id)
        .join(Take, Response.confirmed_take_id == Take.id)
        .where(Take.asset_id == asset.id)
    )


def assessor_may_view_recording(user: User, asset: MediaAsset) -> bool:
    """Assigned assessors, and leads moderating the candidate, may play the recording."""
    if user.role is not Role.ASSESSOR:
        return False
    candidate_id = _candidate_of_take(asset)
    if candidate_id is None:
        return False
    assigned = db.session.scalar(
        select(RatingAssignment.id).where(
            RatingAssignment.candidate_id == candidate_id,
            RatingAssignment.assessor_id == user.id,
            RatingAssignment.status != AssignmentStatus.WITHDRAWN,
        )
    )
    if assigned is not None:
        return True
    is_lead = db.session.scalar(
        select(AssessorProfile.is_lead).where(AssessorProfile.user_id == user.id)
    )
    if not is_lead:
        return False
    case = db.session.scalar(
        select(ModerationCase.id).where(
            ModerationCase.candidate_id == candidate_id,
            ModerationCase.status != ModerationStatus.RESOLVED,
        )
    )
    involved = db.session.scalar(
        select(RatingAssignment.id).where(
            RatingAssignment.candidate_id == candidate_id, RatingAssignment.assessor_id == user.id
        )
    )
    return case is not None and involved is None


def register_policies() -> None:
    """Register the rating's view policy for recordings (idempotent)."""
    register_view_policy(AssetKind.RECORDING, assessor_may_view_recording)
