"""Which recordings an assessor may play for calibration (registered with `media.access`).

An assessor may play the confirmed take of a benchmark response while it is part of one of
their own calibration attempts. Rating assignments are `assessors.policies`' business.
"""

from __future__ import annotations

from sqlalchemy import select

from assessors.models import BenchmarkResponse, CalibrationAttempt, CalibrationScore
from ksf_b.accounts.models import Role, User
from ksf_b.assessment.models import Response, Take
from ksf_b.extensions import db
from media.access import register_view_policy
from media.models.asset import AssetKind, MediaAsset


def assessor_may_view_benchmark(user: User, asset: MediaAsset) -> bool:
    """The asset is the confirmed take of a benchmark in one of the user's attempts."""
    if user.role is not Role.ASSESSOR:
        return False
    found = db.session.scalar(
        select(CalibrationScore.id)
        .join(CalibrationAttempt, CalibrationScore.attempt_id == CalibrationAttempt.id)
        .join(BenchmarkResponse, CalibrationScore.benchmark_id == BenchmarkResponse.id)
        .join(Response, BenchmarkResponse.response_id == Response.id)
        .join(Take, Response.confirmed_take_id == Take.id)
        .where(CalibrationAttempt.assessor_id == user.id, Take.asset_id == asset.id)
        .limit(1)
    )
    return found is not None


def register() -> None:
    """Register the policy (idempotent: media keeps each policy once)."""
    register_view_policy(AssetKind.RECORDING, assessor_may_view_benchmark)
