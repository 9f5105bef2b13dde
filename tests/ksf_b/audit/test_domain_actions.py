"""Score submission and certificate revocation land in the audit log (called by their domains)."""

from __future__ import annotations

from sqlalchemy import select

from assessors import operations as rating
from assessors import verdict_appeals, verdict_ops
from ksf_b.accounts.models import Role
from ksf_b.audit.models import AuditEntry


def _actions(db) -> list[str]:  # type: ignore[no-untyped-def]
    return list(db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_submitted_ratings_are_audited(make, db) -> None:
    for _ in range(2):
        make.assessor()
    candidate = make.submitted_part2()
    assignments = rating.active_assignments(candidate)
    assert len(assignments) == 2
    for assignment in assignments:
        for response in rating.responses_of(candidate):
            fields = {f"score-{code}": "3" for code in response.scenario.competency_codes}
            rating.save_draft(assignment, response, fields, None)
        rating.submit(assignment, assignment.assessor)
    db.session.commit()
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "rating.submitted")
    ).all()
    assert [e.actor_id for e in entries] == [a.assessor_id for a in assignments]
    assert {e.subject for e in entries} == {f"candidate:{candidate.public_id}"}
    assert _actions(db)[-1] == "journey.complete_rating"


def test_override_confirmation_release_and_appeal_are_audited(make, db) -> None:
    first, second = make.user(Role.ADMIN), make.user(Role.ADMIN)
    candidate = make.rated_candidate(default=4)
    reason = "Het gesprek in scenario 3 laat zien dat de kandidaat de klant niet hoorde."
    verdict = verdict_ops.override(candidate, first, passed=False, reason=reason)
    verdict_ops.confirm_override(verdict, second)
    verdict_ops.release(candidate, second)
    db.session.commit()
    appeal = verdict_appeals.lodge(candidate, candidate.user, "Ik maak bezwaar. " * 5)
    verdict_appeals.reject(appeal, first, "Het bezwaar brengt geen nieuwe feiten naar voren.")
    db.session.commit()
    entries = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action.like("verdict.%") | AuditEntry.action.like("appeal.%"))
        .order_by(AuditEntry.id)
    ).all()
    assert [(e.action, e.actor_id) for e in entries] == [
        ("verdict.overridden", first.id),
        ("verdict.confirmed", second.id),
        ("verdict.released", second.id),
        ("appeal.lodged", candidate.user_id),
        ("appeal.rejected", first.id),
    ]
    assert entries[0].details["reason"] == reason
    assert entries[0].details["proposed_passed"] is True and entries[0].details["passed"] is False
    assert entries[2].details["passed"] is False
    assert "journey.release_result" in _actions(db)


def test_certificate_issue_and_revocation_are_audited(make, db) -> None:
    from certificates.operations import issue_certificate, revoke_certificate

    admin = make.user(Role.ADMIN)
    holder = make.user(Role.CANDIDATE)
    certificate = issue_certificate(holder, "B", actor=admin, source_ref="test:1")
    revoke_certificate(certificate, admin, "Fraude vastgesteld")
    db.session.commit()
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [e.action for e in entries] == ["certificate.issued", "certificate.revoked"]
    assert entries[1].details == {"reason": "Fraude vastgesteld"}
    assert entries[1].subject == f"certificate:{certificate.number}"
