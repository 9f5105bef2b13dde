"""Races that compare-and-set must win: two autosaves of one draft, two assessors submitting.

Both run over real HTTP-less threads on the real database (SQLite here, PostgreSQL with
`--postgres`), each thread with its own session, as two requests would.
"""

from __future__ import annotations

import threading

from assessors import operations as ops
from assessors.errors import StaleRevision
from assessors.models import AssignmentStatus, RatingAssignment
from ksf_b.extensions import db as _db
from ksf_b.journey.models import Candidate, CandidateState, JourneyEvent
from tests.assessors.conftest import fill


def run_together(app, jobs):  # type: ignore[no-untyped-def]
    """Run each job(session-bound) in its own thread and app context, started at once."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def worker(index: int, job) -> None:  # type: ignore[no-untyped-def]
        with app.app_context():
            barrier.wait()
            try:
                results[index] = job()
                _db.session.commit()
            except Exception as error:
                _db.session.rollback()
                results[index] = error
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_autosaves_of_one_draft_from_the_same_revision(app, db, rating_world):
    assignment_id = rating_world.first.id
    response_id = ops.responses_of(rating_world.candidate)[0].id
    db.session.commit()

    def save(text: str):  # type: ignore[no-untyped-def]
        def job():  # type: ignore[no-untyped-def]
            from ksf_b.assessment.models import Response

            assignment = _db.session.get(RatingAssignment, assignment_id)
            response = _db.session.get(Response, response_id)
            return ops.save_draft(assignment, response, {"notes": text}, 0).assignment.revision

        return job

    results = run_together(app, [save("eerste tab"), save("tweede tab")])
    won = [r for r in results if isinstance(r, int)]
    lost = [r for r in results if isinstance(r, StaleRevision)]
    assert len(won) == 1 and len(lost) == 1, results
    assert won == [1] and lost[0].current == 1
    db.session.expire_all()
    row = db.session.get(RatingAssignment, assignment_id)
    assert row.revision == 1
    texts = [n.text for n in row.notes]
    assert texts in (["eerste tab"], ["tweede tab"])


def test_two_assessors_submitting_at_the_same_moment(app, db, rating_world):
    w = rating_world
    fill(w.first, 3)
    fill(w.second, 4)  # competency scores differ by 1.0: moderation
    db.session.commit()
    ids = [w.first.id, w.second.id]
    candidate_id = w.candidate.id

    def submit(assignment_id: int):  # type: ignore[no-untyped-def]
        def job():  # type: ignore[no-untyped-def]
            assignment = _db.session.get(RatingAssignment, assignment_id)
            return ops.submit(assignment, assignment.assessor).status

        return job

    results = run_together(app, [submit(i) for i in ids])
    assert results == [AssignmentStatus.SUBMITTED, AssignmentStatus.SUBMITTED], results
    db.session.expire_all()
    candidate = db.session.get(Candidate, candidate_id)
    # exactly one of the two noticed that both were in, and moved the journey once
    assert candidate.state is CandidateState.MODERATION
    moves = db.session.query(JourneyEvent).filter_by(
        candidate_id=candidate_id, transition="require_moderation"
    )
    assert moves.count() == 1
    assert ops.case_of(candidate) is not None


def test_two_first_rating_screens_at_once_share_one_rubric_version(app, db, monkeypatch):
    """Both requests see no rubric yet and seed version 1; the later one meets the unique
    number (found by the fault suite: a 500 on the second assessor's screen) and takes the
    version the first one stored."""
    from assessors import rubrics
    from assessors.models import RubricVersion

    first = rubrics.current()
    db.session.commit()
    real = rubrics.published
    calls = iter([None])  # the second request looked before the first one committed
    monkeypatch.setattr(rubrics, "published", lambda: next(calls, real()))
    monkeypatch.setattr(rubrics, "_next_number", lambda: 1)  # so it saw no number yet
    again = rubrics.current()
    db.session.commit()
    assert again.id == first.id
    assert db.session.query(RubricVersion).count() == 1
