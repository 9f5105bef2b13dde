"""Development feedback per competency: drafted by a lead assessor, editable by admins.

Drafts autosave per docs/autosave.md: partial data is fine, each field is checked on its own,
a stale revision is refused (compare-and-set), and once the result is released the feedback is
locked. The lead may pre-fill a competency with the assessors' observation notes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from assessors.models import AssessorProfile
from assessors.verdict_models import Feedback
from ksf_b.accounts.models import Role, User
from ksf_b.competencies import COMPETENCY_CODES
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate, CandidateState

S = CandidateState
MAX_FEEDBACK = 3000
# From rated until the result is out the feedback can be written; after that it is locked.
EDITABLE_STATES = frozenset({S.RATED, S.VERDICT_PROPOSED, S.VERDICT_CONFIRMED})
VISIBLE_STATES = frozenset({S.MODERATION, S.RATED, S.VERDICT_PROPOSED, S.VERDICT_CONFIRMED})


class FeedbackStale(Exception):
    def __init__(self, current: int) -> None:
        super().__init__(current)
        self.current = current


class FeedbackLocked(Exception):
    """The result is released (or not yet rated): no more drafts."""


@dataclass
class FeedbackSave:
    feedback: Feedback
    saved: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)


def is_lead(user: User) -> bool:
    if user.role is not Role.ASSESSOR:
        return False
    return bool(
        db.session.scalar(select(AssessorProfile.is_lead).where(AssessorProfile.user_id == user.id))
    )


def may_write(user: User, candidate: Candidate) -> bool:
    """Admins and lead assessors who did not rate this candidate themselves."""
    if user.role is Role.ADMIN:
        return True
    if not is_lead(user):
        return False
    from assessors.models import RatingAssignment

    rated = db.session.scalar(
        select(RatingAssignment.id).where(
            RatingAssignment.candidate_id == candidate.id,
            RatingAssignment.assessor_id == user.id,
        )
    )
    return rated is None


def feedback_of(candidate: Candidate) -> Feedback | None:
    return db.session.scalar(select(Feedback).where(Feedback.candidate_id == candidate.id))


def ensure_feedback(candidate: Candidate) -> Feedback:
    feedback = feedback_of(candidate)
    if feedback is None:
        feedback = Feedback(candidate=candidate, texts={}, revision=0)
        db.session.add(feedback)
        db.session.flush()
    return feedback


def save_draft(
    candidate: Candidate, actor: User, fields: Mapping[str, object], revision: int | None
) -> FeedbackSave:
    """Store the good fields (compare-and-set on the revision); refuse the bad ones."""
    if candidate.state not in EDITABLE_STATES:
        raise FeedbackLocked()
    feedback = ensure_feedback(candidate)
    if revision is not None and revision < feedback.revision:
        raise FeedbackStale(feedback.revision)
    result = FeedbackSave(feedback)
    texts = dict(feedback.texts or {})
    for name, value in fields.items():
        code = name.removeprefix("feedback_")
        if code not in COMPETENCY_CODES or not name.startswith("feedback_"):
            result.errors[name] = str(_l("Onbekend veld."))
        elif not isinstance(value, str):
            result.errors[name] = str(_l("Verwacht tekst."))
        elif len(value) > MAX_FEEDBACK:
            result.errors[name] = str(_l("Te lang: hoogstens %(max)d tekens.", max=MAX_FEEDBACK))
        else:
            texts[code] = value
            result.saved.append(name)
    if not result.saved:
        return result
    bumped = db.session.execute(
        update(Feedback)
        .where(Feedback.id == feedback.id, Feedback.revision == feedback.revision)
        .values(
            texts=texts,
            revision=Feedback.revision + 1,
            updated_at=utcnow(),
            updated_by_id=actor.id,
        )
        .execution_options(synchronize_session=False)
    )
    if bumped.rowcount != 1:
        db.session.rollback()
        current = db.session.scalar(select(Feedback.revision).where(Feedback.id == feedback.id))
        raise FeedbackStale(current or 0)
    db.session.refresh(feedback)
    return result


def notes_per_competency(candidate: Candidate) -> dict[str, list[str]]:
    """The assessors' observation notes on the responses that rate each competency."""
    from assessors.operations import active_assignments

    found: dict[str, list[str]] = {code: [] for code in COMPETENCY_CODES}
    for assignment in active_assignments(candidate):
        if not assignment.is_submitted:
            continue
        rated = {(s.response_id, s.competency_code) for s in assignment.scores}
        for note in assignment.notes:
            text = (note.text or "").strip()
            if not text:
                continue
            for code in COMPETENCY_CODES:
                if (note.response_id, code) in rated and text not in found[code]:
                    found[code].append(text)
    return found


def prefill_text(candidate: Candidate, code: str) -> str:
    """A starting text for one competency from the notes (the lead edits it)."""
    notes = notes_per_competency(candidate).get(code, [])
    return "\n".join(f"- {text}" for text in notes)
