"""Who besides admins and owners may view assessment media (registered with `media.access`).

- RECORDING (a candidate's take): the owning candidate and admins (media's default), and the
  assessors assigned to the candidate (`assessors.policies`, which `assessors` registers itself).
- SCENARIO (an actor video): assessors always; a candidate only for the prompt of the scenario
  they are on now, for the video's length plus a margin after the server counted a play
  (`operations.register_prompt_play`), before their first take of it, while their assessment
  is open. So the play limit cannot be side-stepped by fetching the video URL directly.

`register_policies()` is idempotent; the app factory calls it once at start-up.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from ksf_b.accounts.models import Role, User
from ksf_b.assessment import operations as ops
from ksf_b.assessment.models import Assessment, Response
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from media.access import register_view_policy
from media.models.asset import AssetKind, MediaAsset

MAX_PROMPT_SECONDS = 600  # assumed length of a video whose duration is not measured yet
PLAY_MARGIN_SECONDS = 300


def may_view_scenario_video(user: User, asset: MediaAsset) -> bool:
    """Let assessors see every actor video and a candidate only the prompt they may play now."""
    if user.role is Role.ASSESSOR:
        return True
    if user.role is not Role.CANDIDATE:
        return False
    assessment = db.session.scalar(
        select(Assessment).join(Candidate).where(Candidate.user_id == user.id)
    )
    if assessment is None or assessment.is_submitted or not ops.window_is_open(assessment):
        return False
    current = _current_without_creating(assessment)
    if current is None or current.scenario.video_asset_id != asset.id or current.takes:
        return False
    return _within_play(current.last_played_at, asset.duration_seconds, utcnow())


def _within_play(played_at: datetime | None, duration: float | None, now: datetime) -> bool:
    """A counted play opens the video for its length plus a margin (pauses, slow networks)."""
    if played_at is None:
        return False
    length = timedelta(seconds=(duration or MAX_PROMPT_SECONDS) + PLAY_MARGIN_SECONDS)
    return now <= ops.aware(played_at) + length


def _current_without_creating(assessment: Assessment) -> Response | None:
    """The response of the current scenario if its row exists (a viewer never creates one)."""
    next_id = ops.rules.next_scenario(
        [s.id for s in ops.active_scenarios()],
        {r.scenario_id for r in assessment.responses if r.is_confirmed},
    )
    return next((r for r in assessment.responses if r.scenario_id == next_id), None)


def register_policies() -> None:
    """Register the assessment's view policies with the media access check."""
    register_view_policy(AssetKind.SCENARIO, may_view_scenario_video)
