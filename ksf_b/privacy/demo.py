"""Demo data of privacy and reports: a candidate released long ago, and a spread history.

`Rosa Resultaat` walks the real journey transitions as far as they exist and gets one stored
recording; her journey events are then dated back so the result was released 13 months ago,
and the dry run lists her recordings and dossier for the next nightly run. The other demo
candidates' events are spread over past weeks so the reports show days per state.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from ksf_b.accounts.models import Company, Role, User
from ksf_b.assessment.models import Response, Scenario, Take
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.journey import states
from ksf_b.journey.models import Candidate, CandidateState, JourneyEvent
from media import keys
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.storage import get_storage

S = CandidateState
RELEASED_EMAIL = "resultaat@klantbedrijf.example"
AFTER_PART2 = ("start_rating", "complete_rating", "propose_verdict", "confirm_verdict")
RELEASED_MONTHS_AGO_DAYS = 400


def seed_records(users: dict[Role, User], company: Company) -> None:
    """Add the long-released demo candidate and spread the demo journeys over time."""
    from ksf_b.journey.demo import demo_case

    admin = users[Role.ADMIN]
    candidate = demo_case(RELEASED_EMAIL, "Rosa Resultaat", users, company, S.ASSESSMENT_INVITED)
    user = candidate.user
    states.start_recording(candidate, user)
    _demo_recording(candidate, user)
    states.submit_part2(candidate, user)
    for name in (*AFTER_PART2, "release_result"):
        transition = states.TRANSITIONS.get(name)
        if transition is not None and candidate.state in transition.sources:
            states.apply(candidate, name, admin, "Demo: uitslag van vorig jaar")
    db.session.flush()
    _spread_history(candidate, end_days_ago=RELEASED_MONTHS_AGO_DAYS, step_days=9)
    for other in db.session.scalars(select(Candidate).where(Candidate.id != candidate.id)):
        _spread_history(other, end_days_ago=1, step_days=4)
    db.session.flush()


def _spread_history(candidate: Candidate, end_days_ago: int, step_days: int) -> None:
    """Date a demo case's events back: the last `end_days_ago` days ago, `step_days` apart."""
    events = list(
        db.session.scalars(
            select(JourneyEvent)
            .where(JourneyEvent.candidate_id == candidate.id)
            .order_by(JourneyEvent.id)
        )
    )
    now = utcnow()
    for index, event in enumerate(events):
        days = end_days_ago + step_days * (len(events) - 1 - index)
        event.created_at = now - timedelta(days=days, hours=index)
    if events:
        candidate.created_at = events[0].created_at


def _demo_recording(candidate: Candidate, user: User) -> None:
    """One stored answer to the first scenario (a placeholder clip made by ffmpeg)."""
    from ksf_b.assessment.demo import render_placeholder
    from ksf_b.assessment.operations import get_assessment_for

    assessment = get_assessment_for(candidate)
    scenario = db.session.scalar(
        select(Scenario).where(Scenario.active.is_(True)).order_by(Scenario.position)
    )
    if assessment is None or scenario is None:
        return
    asset = MediaAsset(kind=AssetKind.RECORDING, owner_id=user.id, status=AssetStatus.READY)
    db.session.add(asset)
    db.session.flush()
    with tempfile.TemporaryDirectory(prefix="ksf-demo-") as folder:
        clip = render_placeholder(Path(folder), "Rosa Resultaat", scenario.title)
        data = clip.read_bytes()
    storage = get_storage()
    for key in (keys.original_key(asset), keys.processed_key(asset)):
        storage.save(key, io.BytesIO(data), hashlib.sha256(data).hexdigest())
    asset.original_key, asset.processed_key = keys.original_key(asset), keys.processed_key(asset)
    asset.original_mime, asset.original_size, asset.processed_size = (
        "video/mp4",
        len(data),
        len(data),
    )
    asset.ready_at = utcnow()
    response = Response(assessment=assessment, scenario=scenario)
    db.session.add(response)
    db.session.flush()
    take = Take(response=response, number=1, asset=asset)
    db.session.add(take)
    db.session.flush()
    response.confirmed_take_id, response.confirmed_at = take.id, utcnow()


def demo_login() -> tuple[str, str] | None:
    """(e-mail, state label) of the released demo candidate, for `print_accounts`."""
    candidate = db.session.scalar(
        select(Candidate).join(Candidate.user).where(User.email == RELEASED_EMAIL)
    )
    if candidate is None:
        return None
    return RELEASED_EMAIL, str(states.STATE_LABELS[candidate.state])
