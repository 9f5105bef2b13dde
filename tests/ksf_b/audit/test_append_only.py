"""The audit log is append-only: no code path changes or deletes a row (and PG refuses too)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from ksf_b import audit
from ksf_b.accounts.models import Role
from ksf_b.audit.models import AuditEntry, AuditLogIsAppendOnly
from ksf_b.journey import states
from ksf_b.journey.models import CandidateState


@pytest.fixture
def entry(make, db):  # type: ignore[no-untyped-def]
    admin = make.user(Role.ADMIN)
    row = audit.record("test.done", actor=admin, subject="user:x", details={"n": 1})
    db.session.commit()
    return row


def test_record_appends_with_actor_subject_and_details(entry, db) -> None:
    stored = db.session.scalars(select(AuditEntry)).one()
    assert (stored.action, stored.subject, stored.details) == ("test.done", "user:x", {"n": 1})
    assert stored.actor.role is Role.ADMIN
    assert stored.created_at is not None


def test_changing_an_entry_is_refused_at_flush(entry, db) -> None:
    entry.action = "test.rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(select(AuditEntry.action)) == "test.done"


def test_changing_details_in_place_is_refused(entry, db) -> None:
    entry.details = {"n": 2}
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(AuditEntry.details)) == {"n": 1}


def test_deleting_an_entry_is_refused(entry, db) -> None:
    db.session.delete(entry)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalar(select(AuditEntry.id)) == entry.id


def test_bulk_update_and_delete_statements_are_refused(entry, db) -> None:
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(update(AuditEntry).values(action="x"))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(delete(AuditEntry))
    db.session.rollback()
    assert db.session.scalar(select(AuditEntry.action)) == "test.done"


def test_postgresql_refuses_update_and_delete_in_sql(entry, db) -> None:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the trigger lives on PostgreSQL (run with --postgres)")
    for statement in ("UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert db.session.scalar(select(AuditEntry.action)) == "test.done"


def test_every_journey_transition_lands_in_the_audit_log(make, db) -> None:
    candidate = make.candidate(state=CandidateState.PART1_SUBMITTED, holds_a=True)
    admin = make.user(Role.ADMIN)
    states.approve_part1(candidate, admin, "Goed dossier")
    db.session.commit()
    entry = db.session.scalars(select(AuditEntry)).one()
    assert entry.action == "journey.approve_part1"
    assert entry.subject == f"candidate:{candidate.public_id}"
    assert entry.actor_id == admin.id
    assert entry.details == {
        "from": "part1_submitted",
        "to": "assessment_invited",
        "reason": "Goed dossier",
    }
    assert len(candidate.events) == 1  # and the journey event is still written
