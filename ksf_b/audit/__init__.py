"""The audit log (core): `record(...)` appends one entry; every domain may call it.

    from ksf_b import audit
    audit.record("account.invited", actor=admin, subject=audit.subject_of(user),
                 details={"role": "manager"})

The entry is added to the current session; the caller commits with the change it describes,
so an action and its audit entry are stored together or not at all.
"""

from __future__ import annotations

from typing import Any

from ksf_b.accounts.models import User
from ksf_b.audit.models import AuditEntry, AuditLogIsAppendOnly
from ksf_b.extensions import db

__all__ = ["AuditEntry", "AuditLogIsAppendOnly", "record", "subject_of"]


def record(
    action: str, *, actor: User | None, subject: str, details: dict | None = None
) -> AuditEntry:
    """Append one entry (action like `account.invited`, subject like `user:<public id>`)."""
    actor = getattr(actor, "_get_current_object", lambda: actor)()  # current_user proxy
    if actor is not None and not isinstance(actor, User):
        actor = None  # the anonymous user
    entry = AuditEntry(action=action, actor=actor, subject=subject, details=details or {})
    db.session.add(entry)
    return entry


def subject_of(obj: Any) -> str:
    """Name a row as an audit subject: `candidate:<public id>` (class name, lower case)."""
    key = getattr(obj, "public_id", None) or getattr(obj, "number", None) or obj.id
    return f"{type(obj).__name__.lower()}:{key}"
