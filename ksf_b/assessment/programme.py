"""The programme's settings of the online assessment and each candidate's accommodations.

Flush, never commit (the view commits); refusals are `ksf_b.assessment.errors` with a Dutch
message.
"""

from __future__ import annotations

import logging

from flask_babel import lazy_gettext as _l

from ksf_b.accounts.models import User
from ksf_b.assessment.errors import AlreadySubmitted, InvalidInput
from ksf_b.assessment.models import Accommodation, Assessment, AssessmentSettings
from ksf_b.db_types import utcnow
from ksf_b.extensions import db

log = logging.getLogger(__name__)


def get_settings() -> AssessmentSettings:
    """Return the programme's settings row, creating it with defaults on first use."""
    return AssessmentSettings.load(
        practice_title=str(_l("Oefenvraag")),
        practice_text=str(
            _l(
                "Stel je voor in een halve minuut: wie ben je, waar werk je en wat doe je "
                "graag in je werk? Deze opname telt niet mee voor de beoordeling."
            )
        ),
    )


def update_settings(actor: User, **fields: object) -> AssessmentSettings:
    """Change the programme's settings (window length, reminder days, practice question)."""
    settings = get_settings()
    for name, value in fields.items():
        if not hasattr(AssessmentSettings, name) or name in {"id", "created_at", "updated_at"}:
            raise InvalidInput(_l("Onbekende instelling."))
        setattr(settings, name, value)
    if settings.window_days < 1:
        raise InvalidInput(_l("De termijn moet minstens één dag zijn."))
    db.session.flush()
    log.info("assessment settings changed by user %s", actor.id)
    return settings


def grant_accommodation(
    assessment: Assessment,
    actor: User,
    *,
    reason: str,
    extra_thinking_seconds: int = 0,
    extra_answer_seconds: int = 0,
    extra_retakes: int = 0,
    extra_prompt_plays: int = 0,
) -> Accommodation:
    """Grant extra time, plays or retakes to one candidate, recorded with who, when and why."""
    extras = (extra_thinking_seconds, extra_answer_seconds, extra_retakes, extra_prompt_plays)
    if not reason or not reason.strip():
        raise InvalidInput(_l("Geef de reden voor de aanpassing op."))
    if any(value < 0 for value in extras):
        raise InvalidInput(_l("Extra tijd of opnames kunnen niet negatief zijn."))
    if sum(extras) == 0:
        raise InvalidInput(
            _l("Kies minstens één aanpassing (extra tijd, afspeelbeurten of opnames).")
        )
    if assessment.is_submitted:
        raise AlreadySubmitted()
    accommodation = Accommodation(
        assessment=assessment,
        extra_thinking_seconds=extra_thinking_seconds,
        extra_answer_seconds=extra_answer_seconds,
        extra_retakes=extra_retakes,
        extra_prompt_plays=extra_prompt_plays,
        reason=reason.strip(),
        granted_by=actor,
        granted_at=utcnow(),
    )
    db.session.add(accommodation)
    db.session.flush()
    log.info(
        "accommodation %s granted on assessment %s by %s", accommodation.id, assessment.id, actor.id
    )
    return accommodation
