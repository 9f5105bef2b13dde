"""The audit log: one append-only table of every state change, account action, export and erasure.

Append-only is enforced twice: on PostgreSQL a trigger refuses UPDATE and DELETE on the table
(also in the migration); on every database the session refuses to flush a changed or deleted
entry and refuses ORM bulk UPDATE/DELETE statements against it. Entries name people by their
public id, never by name or e-mail, so erasing a person's data never needs to touch this table.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, JSON, DateTime, ForeignKey, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ksf_b.accounts.models import User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db

__all__ = ["PG_APPEND_ONLY_SQL", "AuditEntry", "AuditLogIsAppendOnly"]


class AuditLogIsAppendOnly(Exception):
    """Something tried to change or delete an audit entry."""


class AuditEntry(db.Model):
    """One thing that happened: what (action), who (actor), to what (subject), and details."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    action: Mapped[str] = mapped_column(String(64), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    subject: Mapped[str] = mapped_column(String(128), index=True)
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.subject}>"


# The same statements are in the migration that creates the table.
PG_APPEND_ONLY_SQL = (
    """
    CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
    """,
)

for _statement in PG_APPEND_ONLY_SQL:
    event.listen(
        AuditEntry.__table__,
        "after_create",
        # DDL formats with %: the trigger's own % placeholder is doubled
        DDL(_statement.replace("%", "%%")).execute_if(dialect="postgresql"),
    )


@event.listens_for(Session, "before_flush")
def _refuse_changes(session: Session, _context: object, _instances: object) -> None:
    """Refuse to flush an audit entry that was modified or deleted."""
    for entry in session.deleted:
        if isinstance(entry, AuditEntry):
            raise AuditLogIsAppendOnly(f"deleting audit entry {entry.id} refused")
    for entry in session.dirty:
        if isinstance(entry, AuditEntry) and session.is_modified(entry):
            raise AuditLogIsAppendOnly(f"changing audit entry {entry.id} refused")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes(state) -> None:  # type: ignore[no-untyped-def]
    """Refuse ORM `update(AuditEntry)` / `delete(AuditEntry)` statements."""
    if (state.is_update or state.is_delete) and state.is_orm_statement:
        mapper = state.bind_mapper
        if mapper is not None and mapper.class_ is AuditEntry:
            raise AuditLogIsAppendOnly("bulk change of the audit log refused")
