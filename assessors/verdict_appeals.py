"""Appeals (bezwaar): lodge within the period, reject with a reason or order a re-rating.

A re-rating goes to a fresh assessor who did not rate this candidate before (the rating
domain's `assign_next` never picks anyone involved). The part-2 outcome of the new round
integrates every submitted rating, the fresh one included, as equals: the earlier consensus
of a moderation is not applied, because the appeal questions it (docs/verdict.md).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from assessors import verdict as rule
from assessors.verdict_models import Appeal, AppealStatus, Verdict
from assessors.verdict_ops import (
    VerdictRefused,
    get_settings,
    released_verdict,
    rules,
)
from ksf_b import audit
from ksf_b.accounts.models import User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.journey import states
from ksf_b.journey.models import Candidate, CandidateState

APPEAL_MIN = 50
APPEAL_MAX = 5000


def appeals_of(candidate: Candidate) -> list[Appeal]:
    return list(
        db.session.scalars(
            select(Appeal).where(Appeal.candidate_id == candidate.id).order_by(Appeal.id)
        )
    )


def open_appeal(candidate: Candidate) -> Appeal | None:
    """The appeal that still waits for KSF (lodged) or for its new verdict (re-rating)."""
    for appeal in appeals_of(candidate):
        if appeal.status in (AppealStatus.LODGED, AppealStatus.RERATING):
            return appeal
    return None


def appeal_window(candidate: Candidate, now: datetime | None = None):  # type: ignore[no-untyped-def]
    """(may lodge now, deadline or None) for the candidate's released verdict."""
    verdict = released_verdict(candidate)
    if verdict is None or verdict.passed or candidate.state is not CandidateState.RESULT_RELEASED:
        return False, None
    if db.session.scalar(select(Appeal.id).where(Appeal.verdict_id == verdict.id)):
        return False, None
    settings = rules()
    deadline = rule.appeal_deadline(_aware(verdict.released_at), settings)
    return rule.appeal_open(_aware(verdict.released_at), now or utcnow(), settings), deadline


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; they were stored as UTC.
    if moment is not None and moment.tzinfo is None:
        from datetime import UTC

        return moment.replace(tzinfo=UTC)
    return moment


def lodge(candidate: Candidate, actor: User, text: str, now: datetime | None = None) -> Appeal:
    """The candidate objects in writing against a released 'not passed', within the period."""
    text = (text or "").strip()
    if not APPEAL_MIN <= len(text) <= APPEAL_MAX:
        raise VerdictRefused(
            _l(
                "Beschrijf je bezwaar in %(min)d tot %(max)d tekens.",
                min=APPEAL_MIN,
                max=APPEAL_MAX,
            ),
            status=422,
        )
    allowed, deadline = appeal_window(candidate, now)
    if not allowed:
        if deadline is None:
            raise VerdictRefused(_l("Tegen deze uitslag kun je geen bezwaar (meer) maken."))
        raise VerdictRefused(_l("De termijn voor bezwaar is verstreken."))
    verdict = released_verdict(candidate)
    appeal = Appeal(candidate=candidate, verdict=verdict, text=text, lodged_at=now or utcnow())
    db.session.add(appeal)
    db.session.flush()
    audit.record("appeal.lodged", actor=actor, subject=audit.subject_of(candidate))
    return appeal


def _require_lodged(appeal: Appeal) -> None:
    if appeal.status is not AppealStatus.LODGED:
        raise VerdictRefused(_l("Over dit bezwaar is al beslist."))


def reject(appeal: Appeal, actor: User, reason: str) -> Appeal:
    """KSF rejects the objection with a reason; the released verdict stands."""
    _require_lodged(appeal)
    reason = (reason or "").strip()
    if len(reason) < get_settings().override_reason_min:
        raise VerdictRefused(
            _l("Geef een reden van minstens %(n)d tekens.", n=get_settings().override_reason_min),
            status=422,
        )
    appeal.status = AppealStatus.REJECTED
    appeal.decision_reason = reason
    appeal.decided_by = actor
    appeal.decided_at = utcnow()
    db.session.flush()
    audit.record(
        "appeal.rejected",
        actor=actor,
        subject=audit.subject_of(appeal.candidate),
        details={"reason": reason},
    )
    return appeal


def order_rerating(appeal: Appeal, actor: User, reason: str) -> Appeal:
    """KSF upholds the objection: part 2 is rated again by a fresh assessor."""
    from assessors.assignment import assign_next
    from assessors.errors import NoAssessorAvailable
    from assessors.models import AssignmentKind

    _require_lodged(appeal)
    reason = (reason or "").strip()
    if not reason:
        raise VerdictRefused(_l("Geef aan waarom er opnieuw wordt beoordeeld."), status=422)
    candidate = appeal.candidate
    from assessors.models import ModerationStatus
    from assessors.operations import case_of

    case = case_of(candidate)
    # With a moderation behind it, the fresh rating is the third opinion that resolves the
    # case again (the rating domain completes it on submission); without, rating re-integrates.
    audit.record(
        "appeal.rerating_ordered",
        actor=actor,
        subject=audit.subject_of(candidate),
        details={"reason": reason},
    )
    states.reopen_for_appeal(candidate, actor, reason, moderated=case is not None)
    if case is not None:
        case.status = ModerationStatus.THIRD_REQUESTED
        case.third_requested_at = utcnow()
    try:
        assignment = assign_next(candidate, AssignmentKind.THIRD, actor)
    except NoAssessorAvailable:
        db.session.rollback()
        raise VerdictRefused(
            _l("Er is geen beoordelaar beschikbaar die deze kandidaat nog niet beoordeelde.")
        ) from None
    appeal.status = AppealStatus.RERATING
    appeal.decision_reason = reason
    appeal.decided_by = actor
    appeal.decided_at = utcnow()
    appeal.rerating_assessor = assignment.assessor
    db.session.flush()
    return appeal


def _rerating_appeal(candidate: Candidate) -> Appeal | None:
    for appeal in reversed(appeals_of(candidate)):
        if appeal.status in (AppealStatus.RERATING, AppealStatus.DECIDED):
            return appeal
    return None


def round_outcome(candidate: Candidate):  # type: ignore[no-untyped-def]
    """Part 2 of the current round: the rating's outcome, or after a re-rating all ratings."""
    from assessors import operations, scoring

    appeal = _rerating_appeal(candidate)
    if appeal is None:
        return operations.part2_outcome(candidate)
    if candidate.state not in operations.RATED_STATES:
        return None
    submitted = [a for a in operations.active_assignments(candidate) if a.is_submitted]
    if appeal.rerating_assessor_id not in {a.assessor_id for a in submitted}:
        return None
    per_assessor = [scoring.competency_scores(operations.ratings_of(a)) for a in submitted]
    return scoring.integrate(per_assessor, scoring.Rules.of(operations.get_settings()))


def verdict_under_appeal(appeal: Appeal) -> Verdict:
    return appeal.verdict
