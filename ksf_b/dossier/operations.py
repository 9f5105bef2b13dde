"""Saving drafts of the dossier and submitting it; submission may complete part 1.

Operations change rows and flush; the view commits once per request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ksf_b.accounts.models import User
from ksf_b.db_types import utcnow
from ksf_b.dossier import rules
from ksf_b.dossier.models import Dossier, SelfRating, StarStory, StoryCompetency, StoryKind
from ksf_b.extensions import db
from ksf_b.journey import states
from ksf_b.journey.models import Candidate, CandidateState
from ksf_b.journey.operations import on_part1_piece_submitted

EDITABLE_STATES = (CandidateState.NOMINATED, CandidateState.DOSSIER_IN_PROGRESS)
TEXT_COLUMNS = ("role_description", "motivation", "future_goal")


class DossierLocked(Exception):
    """The dossier is submitted (or part 1 is past) and can no longer change."""


class StaleRevision(Exception):
    """The browser saved from an older revision than the one stored (another tab won)."""

    def __init__(self, current: int) -> None:
        super().__init__(f"stale revision, current is {current}")
        self.current = current


@dataclass
class SaveOutcome:
    """What a save did: the dossier, the fields refused (with why), the fields stored."""

    dossier: Dossier
    errors: dict[str, str] = field(default_factory=dict)
    saved: list[str] = field(default_factory=list)


def dossier_of(candidate: Candidate) -> Dossier | None:
    """Return the candidate's dossier, if they started one."""
    return db.session.scalar(select(Dossier).where(Dossier.candidate_id == candidate.id))


def get_or_start(candidate: Candidate) -> Dossier:
    """Return the candidate's dossier, creating it with its two empty stories on first use."""
    dossier = dossier_of(candidate)
    if dossier is not None:
        return dossier
    try:
        with db.session.begin_nested():
            dossier = Dossier(candidate=candidate, revision=0)
            dossier.stories = [StarStory(kind=kind) for kind in StoryKind]
            db.session.add(dossier)
    except IntegrityError:
        # a second tab created it at the same moment: use that one
        dossier = dossier_of(candidate)
        assert dossier is not None
    return dossier


def is_editable(candidate: Candidate, dossier: Dossier | None) -> bool:
    """A dossier changes only before submission, while part 1 is still open."""
    submitted = dossier is not None and dossier.is_submitted
    return not submitted and candidate.state in EDITABLE_STATES


def values_of(dossier: Dossier | None) -> dict[str, object]:
    """Return the dossier's contents as flat field values (empty ones for a missing dossier)."""
    values: dict[str, object] = {name: "" for name in rules.TEXT_LIMITS}
    values.update({name: [] for name in rules.COMPETENCY_FIELDS})
    values.update({name: None for name in rules.RATING_FIELDS})
    values[rules.YEARS_FIELD] = None
    if dossier is None:
        return values
    for name in TEXT_COLUMNS:
        values[name] = getattr(dossier, name) or ""
    values[rules.YEARS_FIELD] = dossier.years_in_contact_centres
    for story in dossier.stories:
        for part in rules.STAR_PARTS:
            values[f"{story.kind}_{part}"] = getattr(story, part) or ""
        values[f"{story.kind}_competencies"] = story.competencies
    for rating in dossier.ratings:
        values[f"rating_{rating.competency}"] = rating.score
    return values


def _story(dossier: Dossier, kind: str) -> StarStory:
    story = dossier.story(StoryKind(kind))
    if story is None:
        story = StarStory(kind=StoryKind(kind))
        dossier.stories.append(story)
    return story


def _set_competencies(story: StarStory, codes: list[str]) -> None:
    keep = [row for row in story.competency_rows if row.competency in codes]
    have = {row.competency for row in keep}
    story.competency_rows = keep + [StoryCompetency(competency=c) for c in codes if c not in have]


def _set_rating(dossier: Dossier, code: str, score: int | None) -> None:
    current = next((r for r in dossier.ratings if r.competency == code), None)
    if score is None:
        if current is not None:
            dossier.ratings.remove(current)
    elif current is None:
        dossier.ratings.append(SelfRating(competency=code, score=score))
    else:
        current.score = score


def _apply(dossier: Dossier, clean: Mapping[str, object]) -> None:
    """Copy checked values onto the dossier's rows."""
    for name, value in clean.items():
        if name in TEXT_COLUMNS or name == rules.YEARS_FIELD:
            setattr(dossier, name, value)
        elif name in rules.COMPETENCY_FIELDS:
            _set_competencies(_story(dossier, rules.COMPETENCY_FIELDS[name]), list(value))  # type: ignore[call-overload]
        elif name in rules.RATING_FIELDS:
            _set_rating(dossier, rules.RATING_FIELDS[name], value)  # type: ignore[arg-type]
        else:
            kind, part = name.split("_", 1)
            setattr(_story(dossier, kind), part, value)


def _store(candidate: Candidate, actor: User, fields: Mapping[str, object]) -> SaveOutcome:
    if not is_editable(candidate, dossier_of(candidate)):
        raise DossierLocked
    dossier = get_or_start(candidate)
    check = rules.check_draft(fields)
    outcome = SaveOutcome(dossier, check.errors, list(check.clean))
    if check.clean:
        _apply(dossier, check.clean)
        dossier.revision += 1
        dossier.draft_saved_at = utcnow()
        states.start_dossier(candidate, actor)
    db.session.flush()
    return outcome


def seed_values(candidate: Candidate, fields: Mapping[str, object]) -> Dossier:
    """Store checked values whatever the journey state, moving no state (demo data, tests)."""
    dossier = get_or_start(candidate)
    check = rules.check_draft(fields)
    if check.errors:
        raise ValueError(f"bad seed values: {check.errors}")
    _apply(dossier, check.clean)
    dossier.revision += 1
    dossier.draft_saved_at = utcnow()
    db.session.flush()
    return dossier


def save_draft(
    candidate: Candidate, actor: User, fields: Mapping[str, object], revision: int | None
) -> SaveOutcome:
    """Store the good fields of a (partial) draft; refuse a locked dossier or a stale revision."""
    dossier = dossier_of(candidate)
    if dossier is not None and not is_editable(candidate, dossier):
        raise DossierLocked
    if dossier is not None and revision is not None and revision < dossier.revision:
        raise StaleRevision(dossier.revision)
    return _store(candidate, actor, fields)


def submit(candidate: Candidate, actor: User, fields: Mapping[str, object]) -> SaveOutcome:
    """Save the posted form, then lock the dossier if it is complete and hand it on.

    The posted values are stored first, so a refused submission loses nothing; the
    outcome's errors say what is missing or wrong, field by field.
    """
    outcome = _store(candidate, actor, fields)
    errors = rules.validate_complete(values_of(outcome.dossier))
    errors.update(outcome.errors)
    if errors:
        outcome.errors = errors
        return outcome
    outcome.dossier.submitted_at = utcnow()
    db.session.flush()
    on_part1_piece_submitted(candidate, actor)
    return outcome
