"""Dossier operations on a real database: drafts, revisions, submission, journey moves."""

import pytest

from ksf_b.dossier import operations
from ksf_b.dossier.demo import DEMO_FIELDS, fill_demo_dossier
from ksf_b.dossier.models import Dossier, SelfRating, StoryCompetency
from ksf_b.journey.models import CandidateState, JourneyEvent


def test_first_draft_creates_the_dossier_and_starts_it(make, db):
    candidate = make.candidate()
    outcome = operations.save_draft(candidate, candidate.user, {"motivation": "Eerste zin"}, 0)
    db.session.commit()
    assert outcome.dossier.revision == 1
    assert outcome.dossier.motivation == "Eerste zin"
    assert [s.kind.value for s in outcome.dossier.stories] == ["manager", "colleague"]
    assert candidate.state is CandidateState.DOSSIER_IN_PROGRESS
    event = db.session.query(JourneyEvent).one()
    assert (event.transition, event.actor_id) == ("start_dossier", candidate.user_id)


def test_partial_drafts_merge_field_by_field(make, db):
    candidate = make.candidate()
    operations.save_draft(candidate, candidate.user, {"motivation": "M"}, 0)
    operations.save_draft(
        candidate,
        candidate.user,
        {"manager_situation": "S", "manager_competencies": ["reflection", "analysis"]},
        1,
    )
    operations.save_draft(candidate, candidate.user, {"rating_analysis": 4}, 2)
    db.session.commit()
    values = operations.values_of(operations.dossier_of(candidate))
    assert values["motivation"] == "M"
    assert values["manager_situation"] == "S"
    assert values["manager_competencies"] == ["analysis", "reflection"]
    assert values["rating_analysis"] == 4
    assert values["rating_reflection"] is None


def test_changing_competencies_and_clearing_a_rating(make, db):
    candidate = make.candidate()
    operations.save_draft(
        candidate,
        candidate.user,
        {"colleague_competencies": ["analysis", "sensitivity"], "rating_flexibility": 2},
        None,
    )
    operations.save_draft(
        candidate,
        candidate.user,
        {"colleague_competencies": ["sensitivity", "reflection"], "rating_flexibility": None},
        None,
    )
    db.session.commit()
    codes = sorted(row.competency for row in db.session.query(StoryCompetency))
    assert codes == ["reflection", "sensitivity"]
    assert db.session.query(SelfRating).count() == 0


def test_stale_revision_is_refused_and_changes_nothing(make, db):
    candidate = make.candidate()
    operations.save_draft(candidate, candidate.user, {"motivation": "nieuw"}, 0)
    operations.save_draft(candidate, candidate.user, {"motivation": "nieuwer"}, 1)
    with pytest.raises(operations.StaleRevision) as stale:
        operations.save_draft(candidate, candidate.user, {"motivation": "oud"}, 1)
    assert stale.value.current == 2
    assert operations.dossier_of(candidate).motivation == "nieuwer"


def test_bad_fields_are_refused_good_ones_kept(make, db):
    candidate = make.candidate()
    outcome = operations.save_draft(
        candidate, candidate.user, {"motivation": "goed", "future_goal": "x" * 1501}, None
    )
    assert outcome.saved == ["motivation"]
    assert set(outcome.errors) == {"future_goal"}
    assert outcome.dossier.motivation == "goed"
    assert outcome.dossier.future_goal == ""


def test_incomplete_submission_saves_but_does_not_lock(make, db):
    candidate = make.candidate()
    outcome = operations.submit(candidate, candidate.user, {"motivation": "te kort"})
    db.session.commit()
    assert "motivation" in outcome.errors
    assert "role_description" in outcome.errors
    dossier = operations.dossier_of(candidate)
    assert dossier.motivation == "te kort"
    assert dossier.submitted_at is None


def test_complete_submission_locks(make, db):
    candidate = make.candidate()
    outcome = operations.submit(candidate, candidate.user, dict(DEMO_FIELDS))
    db.session.commit()
    assert outcome.errors == {}
    assert outcome.dossier.is_submitted
    # no endorsement yet: part 1 waits for the manager
    assert candidate.state is CandidateState.DOSSIER_IN_PROGRESS
    with pytest.raises(operations.DossierLocked):
        operations.save_draft(candidate, candidate.user, {"motivation": "later"}, None)
    with pytest.raises(operations.DossierLocked):
        operations.submit(candidate, candidate.user, dict(DEMO_FIELDS))


def test_submission_after_the_endorsement_completes_part1(make, db):
    from ksf_b.db_types import utcnow
    from ksf_b.endorsement.models import Endorsement

    candidate = make.candidate()
    db.session.add(
        Endorsement(
            candidate=candidate, manager=candidate.manager, revision=1, submitted_at=utcnow()
        )
    )
    db.session.commit()
    operations.submit(candidate, candidate.user, dict(DEMO_FIELDS))
    db.session.commit()
    assert candidate.state is CandidateState.PART1_SUBMITTED
    assert [e.transition for e in candidate.events][-1] == "complete_part1"


def test_dossier_cannot_change_once_part1_is_past(make, db):
    candidate = make.candidate(state=CandidateState.PART1_REJECTED)
    with pytest.raises(operations.DossierLocked):
        operations.save_draft(candidate, candidate.user, {"motivation": "x"}, None)
    assert db.session.query(Dossier).count() == 0


def test_demo_dossier_half_and_complete(make, db):
    half = make.candidate()
    dossier = fill_demo_dossier(half, complete=False)
    db.session.commit()
    assert dossier.motivation and dossier.future_goal == ""
    full = make.candidate(state=CandidateState.PART1_SUBMITTED)
    dossier = fill_demo_dossier(full, complete=True, submitted=True)
    db.session.commit()
    assert dossier.is_submitted
    from ksf_b.dossier import rules

    assert rules.validate_complete(operations.values_of(dossier)) == {}
    assert full.state is CandidateState.PART1_SUBMITTED  # seeding moves no state


def test_database_refuses_out_of_range_scores(make, db):
    from sqlalchemy.exc import IntegrityError

    dossier = make.dossier(make.candidate(), complete=False)
    db.session.add(SelfRating(dossier=dossier, competency="analysis", score=6))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
