"""Score submission and certificate revocation land in the audit log (called by their domains)."""

from __future__ import annotations

from sqlalchemy import select

from ksf_b.accounts.models import Role
from ksf_b.audit.models import AuditEntry


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
