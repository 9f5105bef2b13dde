"""Operations of the online assessment: every state change of part 2 goes through here.

Operations flush and never commit (the view commits once per request). They raise a subclass
of `AssessmentError` with a Dutch `message` and an HTTP `status`; a view turns it into a
response with `raise error.as_http() from error` (JSON under /media/ and /api/, a page else).
Ownership (is this the candidate's own assessment?) is checked by the view; operations check
the state: window, preparation, order of scenarios, limits, upload verification.

Candidate side (called by the exam pages and their JSON API in `candidate_views.py`):

    get_assessment_for(candidate) -> Assessment | None
    ensure_assessment(candidate, actor=None, now=None) -> Assessment | None
        For a candidate in ASSESSMENT_INVITED/RECORDING: the assessment, created with the
        programme's default window if missing. None for other states.
    window_is_open(assessment, now=None) -> bool
    is_prepared(assessment) -> bool                  consent and device check done
    give_consent(assessment, actor, now=None)        idempotent; needs an open window
    record_device_check(assessment, actor, asset=None, now=None)   needs consent
    complete_practice(assessment, actor, now=None)   needs the device check; idempotent
    active_scenarios() -> list[Scenario]             in exam order (position 1..10)
    progress(assessment) -> Progress(confirmed, total, position)
    current_response(assessment) -> Response | None
        The first scenario (in order) without a confirmed take; creates the Response row
        lazily. None when every scenario is confirmed.
    limits_for(response), thinking_deadline(response), aware(moment)   from timing.py
    plays_remaining(response) -> int
    takes_remaining(response) -> int                 one interrupted take per scenario is free
    mark_interrupted(response, now=None) -> Take | None
        The exam page loaded while the latest take's upload was still open: stamp
        `interrupted_at` (server-side evidence only; see docs/recording.md)
    register_prompt_play(response, actor, now=None) -> int   remaining plays after this one;
        LimitReached when none are left (counted atomically in the database)
    start_thinking(response, actor, now=None) -> datetime    the thinking deadline; the first
        call stamps the start, later calls return the same deadline
    open_take(response, actor, now=None, automatic=False) -> Take
        Checks window, preparation, order and the take limit (with accommodations; a missed
        first take counts); the take's maximum follows the thinking deadline (timing.py:
        `allowed_seconds`, `late_seconds`); creates the Take and its upload session
        (`take.upload_id` is the session's public id: the browser sends chunks to
        /media/uploads/<take.upload_id>/...). The first scenario
        action of the exam stamps `started_at` and moves the journey to RECORDING.
    confirm_take(take, actor, now=None) -> Response
        Only when the take's upload is finalized and verified (asset QUEUED, PROCESSING or
        READY); UploadNotVerified while uploading, UploadFailed when processing failed.
        A take opened before the deadline may be confirmed after it (grace for the upload).
        Confirming the already confirmed take again is a no-op.
    submit_assessment(assessment, actor, now=None)
        All scenarios confirmed → `submitted_at` and journey `submit_part2`. Incomplete else.

Admin side (called by `views.py`):

    open_assessment(candidate, actor, opens_at, closes_at) -> Assessment   create or re-window

The programme settings and the accommodations (get_settings, update_settings,
grant_accommodation) are in `programme.py`; the scenario set (save_scenario,
coverage_warnings, open_scenario_upload, attach_scenario_video) is in `scenario_admin.py`;
the refusals are in `errors.py`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ksf_b.accounts.models import User
from ksf_b.assessment import hooks, rules
from ksf_b.assessment.errors import (  # noqa: F401  (re-exported: callers catch ops.<Error>)
    AlreadySubmitted,
    AssessmentError,
    Incomplete,
    InvalidInput,
    LimitReached,
    NotReady,
    OutOfOrder,
    UploadFailed,
    UploadNotVerified,
    WindowClosed,
)
from ksf_b.assessment.models import (
    SCENARIO_COUNT,
    Assessment,
    Response,
    Scenario,
    Take,
)
from ksf_b.assessment.programme import get_settings
from ksf_b.assessment.timing import (  # re-exported: callers use ops.limits_for, ops.aware
    aware,
    lapse_first_take,
    limits_for,
    record_late_start,
    thinking_deadline,
    window_for,
)
from ksf_b.db_types import utcnow
from ksf_b.display import contact_text
from ksf_b.extensions import db
from ksf_b.journey import states
from ksf_b.journey.models import Candidate, CandidateState
from media.models.asset import AssetKind, AssetStatus, MediaAsset

if TYPE_CHECKING:
    from media.models.upload import UploadSession

log = logging.getLogger(__name__)

VERIFIED_STATUSES = frozenset({AssetStatus.QUEUED, AssetStatus.PROCESSING, AssetStatus.READY})
ASSESSMENT_STATES = frozenset({CandidateState.ASSESSMENT_INVITED, CandidateState.RECORDING})


# --- opening the assessment ---------------------------------------------------------------


def get_assessment_for(candidate: Candidate) -> Assessment | None:
    """Return the candidate's assessment, or None when none was opened."""
    return db.session.scalar(select(Assessment).where(Assessment.candidate_id == candidate.id))


def open_assessment(
    candidate: Candidate, actor: User | None, opens_at: datetime, closes_at: datetime
) -> Assessment:
    """Open part 2 for the candidate with this window, or move the window of an existing one."""
    if closes_at <= opens_at:
        raise InvalidInput(_l("De deadline moet na het openingsmoment liggen."))
    assessment = get_assessment_for(candidate)
    if assessment is None:
        if candidate.state not in ASSESSMENT_STATES:
            raise InvalidInput(
                _l("Deze kandidaat is (nog) niet uitgenodigd voor het online assessment.")
            )
        assessment = Assessment(candidate=candidate, opened_by=actor)
        db.session.add(assessment)
    elif assessment.is_submitted:
        raise AlreadySubmitted()
    assessment.opens_at = opens_at
    assessment.closes_at = closes_at
    db.session.flush()
    log.info(
        "assessment %s window %s..%s set by %s",
        assessment.id,
        opens_at,
        closes_at,
        actor.id if actor else "system",
    )
    return assessment


def ensure_assessment(
    candidate: Candidate, actor: User | None = None, now: datetime | None = None
) -> Assessment | None:
    """Give an invited candidate an assessment with the default window if none exists yet."""
    assessment = get_assessment_for(candidate)
    if assessment is not None or candidate.state not in ASSESSMENT_STATES:
        return assessment
    now = now or utcnow()
    window = timedelta(days=get_settings().window_days)
    return open_assessment(candidate, actor, now, now + window)


def window_is_open(assessment: Assessment, now: datetime | None = None) -> bool:
    """Tell whether the candidate may work on the assessment now."""
    return rules.is_open(
        aware(assessment.opens_at), aware(assessment.closes_at), aware(now or utcnow())
    )


def is_prepared(assessment: Assessment) -> bool:
    """Tell whether consent and device check are done, so the scenarios may begin."""
    return assessment.consent_at is not None and assessment.device_check_at is not None


def _require_open(assessment: Assessment, now: datetime) -> None:
    if assessment.is_submitted:
        raise AlreadySubmitted()
    if not window_is_open(assessment, now):
        raise WindowClosed()


# --- preparation --------------------------------------------------------------------------


def give_consent(assessment: Assessment, actor: User, now: datetime | None = None) -> Assessment:
    """Record that the candidate agreed to being recorded (first time only)."""
    now = now or utcnow()
    _require_open(assessment, now)
    if assessment.consent_at is None:
        assessment.consent_at = now
        db.session.flush()
    return assessment


def record_device_check(
    assessment: Assessment,
    actor: User,
    asset: MediaAsset | None = None,
    now: datetime | None = None,
) -> Assessment:
    """Record that camera and microphone worked; the test recording (if any) is kept apart."""
    now = now or utcnow()
    _require_open(assessment, now)
    if assessment.consent_at is None:
        raise NotReady(_l("Geef eerst toestemming voor de opnames."))
    if asset is not None:
        if asset.kind is not AssetKind.DEVICE_TEST or asset.owner_id != actor.id:
            raise InvalidInput(_l("Deze testopname hoort niet bij deze apparaatcontrole."))
        assessment.device_check_asset_id = asset.id
    assessment.device_check_at = now
    db.session.flush()
    return assessment


def complete_practice(
    assessment: Assessment, actor: User, now: datetime | None = None
) -> Assessment:
    """Record that the practice question (not assessed) was done or skipped."""
    now = now or utcnow()
    _require_open(assessment, now)
    if assessment.device_check_at is None:
        raise NotReady(_l("Doe eerst de apparaatcontrole."))
    if assessment.practice_done_at is None:
        assessment.practice_done_at = now
        db.session.flush()
    return assessment


# --- the scenarios ------------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """How far the candidate is: confirmed answers, total scenarios, the current position."""

    confirmed: int
    total: int
    position: int | None  # 1-based position of the current scenario; None when all done


def active_scenarios() -> list[Scenario]:
    """Return the active scenarios in exam order."""
    return list(
        db.session.scalars(select(Scenario).where(Scenario.active).order_by(Scenario.position))
    )


def _confirmed_scenario_ids(assessment: Assessment) -> set[int]:
    return {r.scenario_id for r in assessment.responses if r.confirmed_take_id is not None}


def progress(assessment: Assessment) -> Progress:
    """Return the candidate's progress through the active scenarios."""
    scenarios = active_scenarios()
    confirmed = _confirmed_scenario_ids(assessment)
    next_id = rules.next_scenario([s.id for s in scenarios], confirmed)
    position = next((i for i, s in enumerate(scenarios, 1) if s.id == next_id), None)
    done = sum(1 for s in scenarios if s.id in confirmed)
    return Progress(confirmed=done, total=len(scenarios), position=position)


def current_response(assessment: Assessment) -> Response | None:
    """Return the response for the first unconfirmed scenario, creating the row if needed."""
    scenarios = active_scenarios()
    next_id = rules.next_scenario([s.id for s in scenarios], _confirmed_scenario_ids(assessment))
    if next_id is None:
        return None
    for response in assessment.responses:
        if response.scenario_id == next_id:
            return response
    response = Response(assessment=assessment, scenario_id=next_id, prompt_plays=0)
    db.session.add(response)
    db.session.flush()
    return response


def plays_remaining(response: Response) -> int:
    """Return how often the prompt video may still be played."""
    return rules.plays_remaining(response.prompt_plays, limits_for(response))


def counted_takes(response: Response) -> int:
    """Return the takes that count against the limit: one interrupted take is free, a missed
    first take (timing.lapse_first_take) counts."""
    interrupted = sum(1 for t in response.takes if t.interrupted_at is not None)
    missed = 1 if response.first_take_missed_at is not None else 0
    return rules.counted_takes(len(response.takes), interrupted) + missed


def takes_remaining(response: Response) -> int:
    """Return how many takes may still be started."""
    return rules.takes_remaining(counted_takes(response), limits_for(response))


def mark_interrupted(response: Response, now: datetime | None = None) -> Take | None:
    """Record that the latest take was cut off: the exam page was loaded again while its
    upload was still open (a reload, a crash, a closed tab). Returns the take if so.

    The server decides this from its own state, never from the browser's word: a take whose
    upload was finalized (every normal stop) can never become interrupted, and only one
    interrupted take per scenario is free (rules.FREE_INTERRUPTED_TAKES).
    """
    takes = list(response.takes)
    if not takes or response.is_confirmed:
        return None
    latest = takes[-1]
    if latest.interrupted_at is None and latest.asset.status is AssetStatus.UPLOADING:
        latest.interrupted_at = now or utcnow()
        db.session.flush()
        return latest
    return None


def _require_actionable(response: Response, actor: User, now: datetime) -> None:
    """Check everything a scenario action needs, then mark the exam as started."""
    assessment = response.assessment
    _require_open(assessment, now)
    if not is_prepared(assessment):
        raise NotReady()
    if response.is_confirmed:
        raise OutOfOrder(_l("Dit scenario is al afgerond."))
    if len(active_scenarios()) != SCENARIO_COUNT:
        raise NotReady(
            _l(
                "Het assessment is nog niet compleet ingericht. Neem contact op met de KSF: "
                "%(contact)s.",
                contact=contact_text(),
            )
        )
    current = current_response(assessment)
    if current is None or current.id != response.id:
        raise OutOfOrder()
    if assessment.started_at is None:
        assessment.started_at = now
        states.start_recording(assessment.candidate, actor)


def register_prompt_play(response: Response, actor: User, now: datetime | None = None) -> int:
    """Count one play of the prompt video and return the plays left; refuse past the limit."""
    now = now or utcnow()
    _require_actionable(response, actor, now)
    limit = limits_for(response).prompt_plays
    # Conditional UPDATE: two simultaneous requests cannot both take the last play.
    result = db.session.execute(
        update(Response)
        .where(Response.id == response.id, Response.prompt_plays < limit)
        .values(prompt_plays=Response.prompt_plays + 1, last_played_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise LimitReached(_l("Je hebt de video al zo vaak bekeken als is toegestaan."))
    db.session.refresh(response, ["prompt_plays", "last_played_at"])
    return rules.plays_remaining(response.prompt_plays, limits_for(response))


def start_thinking(response: Response, actor: User, now: datetime | None = None) -> datetime:
    """Stamp the start of thinking time once and return when it ends."""
    now = now or utcnow()
    if response.thinking_started_at is None:
        _require_actionable(response, actor, now)
        response.thinking_started_at = now
        db.session.flush()
    deadline = thinking_deadline(response)
    assert deadline is not None
    return deadline


def open_take(
    response: Response, actor: User, now: datetime | None = None, automatic: bool = False
) -> Take:
    """Start a new take within the take limit and the answer time, with an upload session.

    The first take's answer time runs from the thinking deadline (plus grace): opened later,
    it gets what is left (`Take.allowed_seconds`, `late_seconds`); once that is used up the
    first take is missed and counts, and the next one is a retake with its own clock
    (timing.py). `automatic`: the page started it by itself (recorded on the take).
    """
    now = now or utcnow()
    _require_actionable(response, actor, now)
    used = len(response.takes)
    if response.thinking_started_at is None:
        response.thinking_started_at = now
    missed = lapse_first_take(response, actor, now)
    if not rules.can_take(counted_takes(response), limits_for(response)):
        if missed and not response.takes:
            raise LimitReached(
                _l(
                    "Je bedenktijd en antwoordtijd voor dit scenario zijn voorbij en je hebt "
                    "geen opnames meer over. Neem contact op met de KSF: %(contact)s.",
                    contact=contact_text(),
                )
            )
        raise LimitReached(_l("Je hebt alle toegestane opnames voor dit scenario gebruikt."))
    window = window_for(response, now)
    session = open_media_upload(actor, AssetKind.RECORDING, "RECORDING_MAX_BYTES")
    take = Take(
        response=response,
        number=used + 1,
        asset=session.asset,
        upload_id=session.public_id,
        created_at=now,
        started_automatically=automatic,
        allowed_seconds=window.allowed_seconds,
        late_seconds=window.late_seconds,
    )
    db.session.add(take)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        # a simultaneous request created this take number first
        raise LimitReached(_l("Er is net al een opname gestart. Vernieuw de pagina.")) from error
    if window.is_late:
        record_late_start(take, actor)
    return take


def confirm_take(take: Take, actor: User, now: datetime | None = None) -> Response:
    """Choose this take as the answer, once its upload is finalized and verified."""
    now = now or utcnow()
    response = take.response
    assessment = response.assessment
    if response.confirmed_take_id == take.id:
        return response
    if assessment.is_submitted:
        raise AlreadySubmitted()
    if response.is_confirmed:
        raise OutOfOrder(_l("Voor dit scenario is al een opname bevestigd."))
    if aware(take.created_at) >= aware(assessment.closes_at):
        raise WindowClosed()
    asset = take.asset
    if asset.status is AssetStatus.FAILED:
        raise UploadFailed(
            str(_l("Deze opname kon niet worden verwerkt en kan niet worden bevestigd."))
            + (f" ({asset.failure_reason})" if asset.failure_reason else "")
        )
    if asset.status not in VERIFIED_STATUSES:
        raise UploadNotVerified()
    response.confirmed_take = take
    response.confirmed_at = now
    db.session.flush()
    return response


def submit_assessment(assessment: Assessment, actor: User, now: datetime | None = None) -> None:
    """Hand in part 2 once every scenario has a confirmed take."""
    now = now or utcnow()
    if assessment.is_submitted:
        raise AlreadySubmitted()
    scenarios = active_scenarios()
    confirmed = _confirmed_scenario_ids(assessment)
    done = sum(1 for s in scenarios if s.id in confirmed)
    if len(scenarios) != SCENARIO_COUNT or done != len(scenarios):
        raise Incomplete(
            str(_l("Er zijn %(done)d van de %(total)d scenario's bevestigd."))
            % {"done": done, "total": SCENARIO_COUNT}
        )
    assessment.submitted_at = now
    states.submit_part2(assessment.candidate, actor)
    db.session.flush()
    hooks.submitted(assessment.candidate)  # the rating domain assigns assessors


# --- helpers ------------------------------------------------------------------------------


def open_media_upload(owner: User, kind: AssetKind, limit_setting: str) -> UploadSession:
    """Open an upload session for `owner` with the size limit named by a config setting."""
    from media.uploads import open_upload  # the media pipeline owns upload sessions

    return open_upload(owner, kind, max_bytes=current_app.config[limit_setting])
