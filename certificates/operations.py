"""Issue and revoke certificates. Callers commit; these only flush.

Numbers are gap-free per programme and year: the counter row is locked (an UPDATE) before it is
read, so concurrent issuers queue on PostgreSQL's row lock or SQLite's write lock, and a rolled
back transaction gives its number back.
"""

from __future__ import annotations

from datetime import date

from flask_babel import format_date
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from certificates.models import Certificate, CertificateSequence, CertificateStatus
from certificates.numbering import format_number, new_check_code
from certificates.programmes import Programme
from ksf_b.accounts.models import User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db


class AlreadyRevoked(Exception):
    """The certificate was revoked before; a revocation is final."""


def _ensure_counter(programme: Programme, year: int) -> None:
    dialect = db.session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(CertificateSequence)
        .values(programme=programme, year=year, last_number=0)
        .on_conflict_do_nothing()
    )
    db.session.execute(statement)


def _lock_counter(programme: Programme, year: int) -> None:
    """Take the counter's row (PostgreSQL) or the database's write lock (SQLite)."""
    _ensure_counter(programme, year)
    db.session.execute(
        update(CertificateSequence)
        .where(CertificateSequence.programme == programme, CertificateSequence.year == year)
        .values(last_number=CertificateSequence.last_number)
        .execution_options(synchronize_session=False)
    )


def _next_sequence(programme: Programme, year: int) -> int:
    db.session.execute(
        update(CertificateSequence)
        .where(CertificateSequence.programme == programme, CertificateSequence.year == year)
        .values(last_number=CertificateSequence.last_number + 1)
        .execution_options(synchronize_session=False)
    )
    return db.session.scalar(
        select(CertificateSequence.last_number).where(
            CertificateSequence.programme == programme, CertificateSequence.year == year
        )
    )


def find_by_source(programme: Programme | str, source_ref: str) -> Certificate | None:
    """The certificate earned by `source_ref` in `programme`, if one was issued."""
    return db.session.scalar(
        select(Certificate).where(
            Certificate.programme == Programme(programme), Certificate.source_ref == source_ref
        )
    )


def issue_certificate(
    holder: User,
    programme: Programme | str,
    *,
    actor: User | None = None,
    issued_on: date | None = None,
    source_ref: str | None = None,
) -> Certificate:
    """Number and record a certificate; a second call for the same source returns the first."""
    programme = Programme(programme)
    if source_ref is not None and (existing := find_by_source(programme, source_ref)):
        return existing
    issued_on = issued_on or utcnow().date()
    year = issued_on.year
    _lock_counter(programme, year)
    # Someone may have issued it while we waited for the lock.
    if source_ref is not None and (existing := find_by_source(programme, source_ref)):
        return existing
    sequence = _next_sequence(programme, year)
    certificate = Certificate(
        number=format_number(programme, year, sequence),
        programme=programme,
        year=year,
        sequence=sequence,
        holder=holder,
        holder_name=holder.full_name,
        issued_on=issued_on,
        check_code=new_check_code(),
        source_ref=source_ref,
        issued_by=actor,
    )
    try:
        with db.session.begin_nested():
            db.session.add(certificate)
    except IntegrityError:
        # Same source issued concurrently under another year's counter: keep theirs.
        existing = find_by_source(programme, source_ref) if source_ref else None
        if existing is None:
            raise
        return existing
    _journal("certificate.issued", actor, certificate)
    return certificate


def revoke_certificate(certificate: Certificate, actor: User, reason: str) -> Certificate:
    """Revoke a certificate with the reason; the verification page then says so."""
    reason = (reason or "").strip()
    if not reason:
        raise ValueError("a revocation needs a reason")
    if certificate.status is CertificateStatus.REVOKED:
        raise AlreadyRevoked(certificate.number)
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = utcnow()
    certificate.revoked_reason = reason
    certificate.revoked_by = actor
    db.session.flush()
    _journal("certificate.revoked", actor, certificate, reason=reason)
    return certificate


def certificates_of(holder: User) -> list[Certificate]:
    """The holder's certificates, newest first."""
    return list(
        db.session.scalars(
            select(Certificate)
            .where(Certificate.holder_id == holder.id)
            .order_by(Certificate.issued_on.desc(), Certificate.id.desc())
        )
    )


def registry(programme: Programme | None = None, query: str = "") -> list[Certificate]:
    """Every certificate for the admin list, optionally of one programme or matching a name."""
    statement = select(Certificate).order_by(Certificate.issued_on.desc(), Certificate.id.desc())
    if programme is not None:
        statement = statement.where(Certificate.programme == programme)
    if query:
        like = f"%{query.strip()}%"
        statement = statement.where(
            Certificate.holder_name.ilike(like) | Certificate.number.ilike(like)
        )
    return list(db.session.scalars(statement.limit(500)))


def by_number(number: str) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.number == number.upper()))


def issued_on_label(certificate: Certificate) -> str:
    return format_date(certificate.issued_on, "long")


def _journal(action: str, actor: User | None, certificate: Certificate, **details: str) -> None:
    """Write the audit entry once the audit log exists (records branch); log meanwhile."""
    try:
        from ksf_b.audit import record
    except ImportError:
        import logging

        logging.getLogger(__name__).info("%s %s %s", action, certificate.number, details)
        return
    record(
        action,
        actor=actor,
        subject=f"certificate:{certificate.number}",
        details=details or None,
    )
