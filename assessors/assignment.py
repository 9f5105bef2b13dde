"""Who rates whom: profiles, automatic assignment by open load, reassignment and conflicts.

Two calibrated assessors are assigned when part 2 is submitted, the least loaded first, never
anyone from the candidate's company (their own account's company or their profile's
affiliation) nor the candidate's manager, and never someone who rated or withdrew from this
candidate before. Operations flush; the view (or the caller) commits.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from assessors.blind import candidate_code
from assessors.errors import AssignmentClosed, InvalidInput, NoAssessorAvailable
from assessors.models import (
    AssessorProfile,
    AssignmentKind,
    AssignmentStatus,
    RatingAssignment,
    RatingSettings,
)
from ksf_b.accounts.models import Role, User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.journey import states
from ksf_b.journey.models import Candidate, CandidateState
from ksf_b.mail import send_mail

MAX_REASON = 2000


def get_settings() -> RatingSettings:
    """Return the settings row, creating it with the defaults on first use."""
    return RatingSettings.load()


def profile_of(user: User) -> AssessorProfile | None:
    return db.session.scalar(select(AssessorProfile).where(AssessorProfile.user_id == user.id))


def ensure_profile(user: User) -> AssessorProfile:
    """Return the assessor's profile, creating an uncalibrated one on first use."""
    profile = profile_of(user)
    if profile is None:
        profile = AssessorProfile(user=user, company_id=user.company_id)
        db.session.add(profile)
        db.session.flush()
    return profile


def open_load(user: User) -> int:
    """Number of candidates the assessor still has to rate."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(RatingAssignment)
            .where(
                RatingAssignment.assessor_id == user.id,
                RatingAssignment.status == AssignmentStatus.ASSIGNED,
            )
        )
        or 0
    )


def has_conflict(profile: AssessorProfile, candidate: Candidate) -> bool:
    """The assessor works (or worked) for the candidate's company, or is their manager."""
    user = profile.user
    return (
        user.id == candidate.manager_id
        or user.id == candidate.user_id
        or (user.company_id is not None and user.company_id == candidate.company_id)
        or (profile.company_id is not None and profile.company_id == candidate.company_id)
    )


def eligible(candidate: Candidate, exclude: User | None = None) -> list[AssessorProfile]:
    """Calibrated assessors free of conflict and not yet involved, least loaded first."""
    involved = select(RatingAssignment.assessor_id).where(
        RatingAssignment.candidate_id == candidate.id
    )
    if exclude is not None:
        involved = involved.union(select(User.id).where(User.id == exclude.id))
    profiles = db.session.scalars(
        select(AssessorProfile)
        .join(User, AssessorProfile.user_id == User.id)
        .where(
            AssessorProfile.is_calibrated.is_(True),
            User.role == Role.ASSESSOR,
            User.is_active_account.is_(True),
            User.id.not_in(involved),
        )
        .order_by(AssessorProfile.id)
    ).all()
    ranked = []
    for profile in profiles:
        if has_conflict(profile, candidate):
            continue
        load = open_load(profile.user)
        if load < profile.max_open_candidates:
            ranked.append((load, profile.id, profile))
    return [profile for _load, _id, profile in sorted(ranked, key=lambda row: row[:2])]


def active_assignments(candidate: Candidate) -> list[RatingAssignment]:
    """The assignments that count (not withdrawn), first, second, third."""
    rows = db.session.scalars(
        select(RatingAssignment)
        .where(
            RatingAssignment.candidate_id == candidate.id,
            RatingAssignment.status != AssignmentStatus.WITHDRAWN,
        )
        # another request may just have submitted one of them: read the stored status
        .execution_options(populate_existing=True)
    ).all()
    order = list(AssignmentKind)
    return sorted(rows, key=lambda a: order.index(a.kind))


def assign(
    candidate: Candidate, assessor: User, kind: AssignmentKind, actor: User | None = None
) -> RatingAssignment:
    """Give `assessor` the rating of `candidate` with the deadline of the settings, and mail."""
    profile = ensure_profile(assessor)
    if has_conflict(profile, candidate):
        raise InvalidInput(_l("Deze beoordelaar heeft een belangenconflict met de kandidaat."))
    now = utcnow()
    assignment = RatingAssignment(
        candidate=candidate,
        assessor=assessor,
        kind=kind,
        assigned_at=now,
        assigned_by=actor,
        deadline_at=now + timedelta(days=get_settings().rating_days),
    )
    db.session.add(assignment)
    db.session.flush()
    _mail_assigned(assignment)
    return assignment


def assign_next(
    candidate: Candidate, kind: AssignmentKind, actor: User | None, exclude: User | None = None
) -> RatingAssignment:
    """Assign the least-loaded eligible assessor, or raise NoAssessorAvailable."""
    candidates = eligible(candidate, exclude)
    if not candidates:
        raise NoAssessorAvailable()
    return assign(candidate, candidates[0].user, kind, actor)


def assign_on_submission(candidate: Candidate) -> list[RatingAssignment]:
    """Part 2 is submitted: move the journey to rating and assign two assessors if possible.

    When fewer than two are available the candidate waits in rating; the admin overview shows
    the gap and an admin assigns by hand.
    """
    if candidate.state is CandidateState.PART2_SUBMITTED:
        states.start_rating(candidate, None)
    made = []
    present = {a.kind for a in active_assignments(candidate)}
    for kind in (AssignmentKind.FIRST, AssignmentKind.SECOND):
        if kind in present:
            continue
        try:
            made.append(assign_next(candidate, kind, None))
        except NoAssessorAvailable:
            current_app.logger.warning("no assessor available for candidate %s", candidate.id)
            break
    return made


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        raise InvalidInput(_l("Geef een reden (hoogstens %(max)d tekens).") % {"max": MAX_REASON})
    return reason


def withdraw(assignment: RatingAssignment, reason: str) -> RatingAssignment:
    """Take the rating away from its assessor (their draft is kept for the record)."""
    if not assignment.is_open:
        raise AssignmentClosed()
    assignment.status = AssignmentStatus.WITHDRAWN
    assignment.withdrawn_at = utcnow()
    assignment.withdrawn_reason = reason
    db.session.flush()
    return assignment


def reassign(
    assignment: RatingAssignment, actor: User, reason: str, to: User | None = None
) -> RatingAssignment:
    """An admin gives an open rating to another assessor (chosen, or by load), with a reason."""
    reason = _reason(reason)
    candidate, kind = assignment.candidate, assignment.kind
    if to is not None:
        profile = ensure_profile(to)
        if to.id in {a.assessor_id for a in _all_assignments(candidate)}:
            raise InvalidInput(_l("Deze beoordelaar is al bij deze kandidaat betrokken."))
        if not profile.is_calibrated:
            raise InvalidInput(_l("Deze beoordelaar is nog niet gekalibreerd."))
    withdraw(assignment, _("Opnieuw toegewezen door de KSF: %(reason)s", reason=reason))
    if to is not None:
        return assign(candidate, to, kind, actor)
    return assign_next(candidate, kind, actor)


def declare_conflict(assignment: RatingAssignment, actor: User, reason: str) -> RatingAssignment:
    """The assessor declares a conflict of interest: withdraw them and assign someone else."""
    reason = _reason(reason)
    candidate, kind = assignment.candidate, assignment.kind
    withdraw(assignment, _("Belangenconflict gemeld: %(reason)s", reason=reason))
    try:
        return assign_next(candidate, kind, actor)
    except NoAssessorAvailable:
        current_app.logger.warning("no replacement for candidate %s", candidate.id)
        return assignment


def _all_assignments(candidate: Candidate) -> list[RatingAssignment]:
    return list(
        db.session.scalars(
            select(RatingAssignment).where(RatingAssignment.candidate_id == candidate.id)
        )
    )


def _link(assignment: RatingAssignment) -> str:
    return current_app.config["BASE_URL"].rstrip("/") + f"/beoordelen/{assignment.public_id}"


def _mail_assigned(assignment: RatingAssignment) -> None:
    from flask_babel import format_datetime

    body = _(
        "Beste %(name)s,\n\n"
        "Je bent gevraagd de opnames van kandidaat %(code)s te beoordelen voor KSF "
        "Branchecertificaat B. Beoordeel ze uiterlijk %(deadline)s.\n\n"
        "Meld het meteen als je de kandidaat kent of een ander belangenconflict hebt: dan "
        "wijzen we iemand anders toe.\n\n%(link)s\n\n"
        "Met vriendelijke groet,\nKlantenservice Federatie",
        name=assignment.assessor.full_name,
        code=candidate_code(assignment.candidate),
        deadline=format_datetime(assignment.deadline_at, "EEEE d MMMM yyyy 'om' HH:mm"),
        link=_link(assignment),
    )
    subject = _("Nieuwe beoordeling: kandidaat %(code)s", code=candidate_code(assignment.candidate))
    send_mail(assignment.assessor.email, subject, body)


def send_rating_reminders(now=None) -> list[RatingAssignment]:  # type: ignore[no-untyped-def]
    """Remind assessors whose deadline is within the reminder days; each reminder goes once."""
    from flask_babel import format_datetime

    now = now or utcnow()
    days = get_settings().reminder_days_before
    due = db.session.scalars(
        select(RatingAssignment).where(
            RatingAssignment.status == AssignmentStatus.ASSIGNED,
            RatingAssignment.reminded_at.is_(None),
            RatingAssignment.deadline_at <= now + timedelta(days=days),
        )
    ).all()
    for assignment in due:
        assignment.reminded_at = now
        code = candidate_code(assignment.candidate)
        body = _(
            "Beste %(name)s,\n\nDe beoordeling van kandidaat %(code)s moet uiterlijk "
            "%(deadline)s zijn ingediend.\n\n%(link)s\n\n"
            "Met vriendelijke groet,\nKlantenservice Federatie",
            name=assignment.assessor.full_name,
            code=code,
            deadline=format_datetime(assignment.deadline_at, "EEEE d MMMM yyyy 'om' HH:mm"),
            link=_link(assignment),
        )
        send_mail(
            assignment.assessor.email, _("Herinnering: beoordeling %(code)s", code=code), body
        )
    db.session.flush()
    return list(due)
