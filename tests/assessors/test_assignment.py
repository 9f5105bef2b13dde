"""Automatic assignment by open load, the conflict-of-interest rule, reassignment, reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest

from assessors import assignment as assign_ops
from assessors.errors import InvalidInput
from assessors.models import AssignmentKind, AssignmentStatus
from ksf_b.assessment.operations import aware
from ksf_b.db_types import utcnow
from ksf_b.journey.models import CandidateState


def test_two_calibrated_assessors_are_assigned_on_submission_least_loaded_first(db, make):
    busy = make.assessor()
    free_a, free_b = make.assessor(), make.assessor()
    make.assessor(calibrated=False)  # never assigned before calibration
    earlier = make.submitted_part2()  # takes busy and free_a (ties: oldest profile first)
    assert {a.assessor_id for a in assign_ops.active_assignments(earlier)} == {busy.id, free_a.id}
    candidate = make.submitted_part2()
    rows = assign_ops.active_assignments(candidate)
    assert candidate.state is CandidateState.RATING
    assert [a.kind for a in rows] == [AssignmentKind.FIRST, AssignmentKind.SECOND]
    # free_b has no open candidates, busy and free_a one each: free_b first, then busy (id order)
    assert rows[0].assessor_id == free_b.id
    assert rows[1].assessor_id == busy.id
    assert aware(rows[0].deadline_at) > utcnow() + timedelta(days=9)


def test_nobody_from_the_candidates_company_nor_their_manager_is_assigned(db, make):
    candidate = make.candidate(state=CandidateState.ASSESSMENT_INVITED, holds_a=True)
    colleague = make.assessor(company=candidate.company)
    affiliated = make.assessor(affiliation=candidate.company)
    outsider_a, outsider_b = make.assessor(), make.assessor()
    make.submitted_part2(candidate)
    assigned = {a.assessor_id for a in assign_ops.active_assignments(candidate)}
    assert assigned == {outsider_a.id, outsider_b.id}
    assert colleague.id not in assigned and affiliated.id not in assigned
    with pytest.raises(InvalidInput):
        assign_ops.assign(candidate, colleague, AssignmentKind.THIRD)


def test_a_declared_conflict_withdraws_and_assigns_another(db, make):
    first, second, spare = make.assessor(), make.assessor(), make.assessor(max_open=5)
    candidate = make.submitted_part2()
    row = next(a for a in assign_ops.active_assignments(candidate) if a.assessor_id == first.id)
    replacement = assign_ops.declare_conflict(row, first, "Ik ken deze kandidaat van een cursus.")
    db.session.commit()
    assert row.status is AssignmentStatus.WITHDRAWN
    assert "Belangenconflict" in row.withdrawn_reason
    assert replacement.assessor_id == spare.id and replacement.kind is row.kind
    assert {a.assessor_id for a in assign_ops.active_assignments(candidate)} == {
        second.id,
        spare.id,
    }


def test_reassignment_needs_a_reason(db, make):
    admin = make.user(role=make_role("admin"))
    make.assessor(), make.assessor(), make.assessor()
    candidate = make.submitted_part2()
    row = assign_ops.active_assignments(candidate)[0]
    with pytest.raises(InvalidInput):
        assign_ops.reassign(row, admin, "  ")
    new = assign_ops.reassign(row, admin, "Beoordelaar met verlof")
    assert row.status is AssignmentStatus.WITHDRAWN
    assert new.assessor_id != row.assessor_id


def test_assessors_get_a_mail_and_one_reminder_near_the_deadline(app, db, make):
    make.assessor(), make.assessor()
    outbox = app.config["MAIL_OUTBOX"]
    before = set(outbox.glob("*.eml")) if outbox.exists() else set()
    candidate = make.submitted_part2()
    mails = [p.read_text() for p in set(outbox.glob("*.eml")) - before]
    assert len(mails) == 2
    assert all("B-" in m and candidate.user.full_name not in m for m in mails)
    rows = assign_ops.active_assignments(candidate)
    assert assign_ops.send_rating_reminders(utcnow()) == []
    later = rows[0].deadline_at - timedelta(days=1)
    assert len(assign_ops.send_rating_reminders(later)) == 2
    assert assign_ops.send_rating_reminders(later) == []


def test_the_worker_task_mails_the_raters_whose_deadline_is_near_once(app, db, make):
    from assessors.tasks import send_rating_reminders_task
    from media.tasks import use_app

    use_app(app)
    make.assessor(), make.assessor()
    candidate = make.submitted_part2()
    rows = assign_ops.active_assignments(candidate)
    for row in rows:
        row.deadline_at = utcnow() + timedelta(days=1)
    db.session.commit()
    outbox = app.config["MAIL_OUTBOX"]
    before = set(outbox.glob("*.eml"))
    send_rating_reminders_task.call_local()
    send_rating_reminders_task.call_local()  # a second run sends nothing more
    assert len(set(outbox.glob("*.eml")) - before) == 2


def make_role(name):  # type: ignore[no-untyped-def]
    from ksf_b.accounts.models import Role

    return Role(name)


def test_with_one_assessor_free_the_candidate_waits_for_the_second(db, make):
    from assessors import operations as ops
    from tests.assessors.conftest import fill

    only_one = make.assessor()
    candidate = make.submitted_part2(ready=True)
    rows = assign_ops.active_assignments(candidate)
    assert [r.assessor_id for r in rows] == [only_one.id]
    fill(rows[0])
    ops.submit(rows[0], only_one)
    assert candidate.state is CandidateState.RATING  # not rated on one rating
    late = make.assessor()
    second = assign_ops.assign_next(candidate, AssignmentKind.SECOND, None)
    assert second.assessor_id == late.id
