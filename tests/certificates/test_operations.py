"""Issuing and revoking: gap-free numbers under concurrency, idempotency, revocation."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from certificates.models import Certificate, CertificateStatus
from certificates.operations import AlreadyRevoked, issue_certificate, revoke_certificate
from ksf_b.accounts.models import Role, User


def test_numbers_count_up_per_programme_and_year(make, db) -> None:
    holder = make.user(Role.CANDIDATE)
    b1 = issue_certificate(holder, "B", issued_on=date(2026, 3, 1))
    b2 = issue_certificate(holder, "B", issued_on=date(2026, 12, 31))
    a1 = issue_certificate(holder, "A", issued_on=date(2026, 3, 1))
    b_next_year = issue_certificate(holder, "B", issued_on=date(2027, 1, 1))
    db.session.commit()
    assert [b1.number, b2.number] == ["KSF-B-2026-000001", "KSF-B-2026-000002"]
    assert a1.number == "KSF-A-2026-000001"
    assert b_next_year.number == "KSF-B-2027-000001"
    assert b1.holder_name == holder.full_name
    assert b1.check_code != b2.check_code


def test_the_same_source_gets_the_same_certificate(make, db) -> None:
    holder = make.user(Role.CANDIDATE)
    first = issue_certificate(holder, "B", source_ref="verdict:42")
    again = issue_certificate(holder, "B", source_ref="verdict:42")
    other_programme = issue_certificate(holder, "A", source_ref="verdict:42")
    db.session.commit()
    assert again.id == first.id
    assert other_programme.id != first.id
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 2


def test_a_rolled_back_issue_gives_its_number_back(make, db) -> None:
    holder = make.user(Role.CANDIDATE)
    issue_certificate(holder, "B", issued_on=date(2026, 5, 1))
    db.session.commit()
    issue_certificate(holder, "B", issued_on=date(2026, 5, 2))
    db.session.rollback()
    holder = db.session.get(User, holder.id)
    third = issue_certificate(holder, "B", issued_on=date(2026, 5, 3))
    db.session.commit()
    assert third.number == "KSF-B-2026-000002"


def _issue_in_threads(app, holder_id: int, sources: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    from ksf_b.extensions import db

    barrier = threading.Barrier(len(sources))
    numbers: list[str] = []
    errors: list[BaseException] = []

    def worker(source: str) -> None:
        try:
            with app.app_context():
                holder = db.session.get(User, holder_id)
                barrier.wait(timeout=30)
                certificate = issue_certificate(
                    holder, "B", issued_on=date(2026, 6, 1), source_ref=source
                )
                number = certificate.number
                db.session.commit()
                numbers.append(number)
                db.session.remove()
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(source,)) for source in sources]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return numbers


def test_concurrent_issues_get_unique_gap_free_numbers(app, make, db) -> None:
    holder = make.user(Role.CANDIDATE)
    numbers = _issue_in_threads(app, holder.id, [f"sitting:{i}" for i in range(8)])
    assert sorted(numbers) == [f"KSF-B-2026-{n:06d}" for n in range(1, 9)]


def test_concurrent_issues_for_one_source_make_one_certificate(app, make, db) -> None:
    holder = make.user(Role.CANDIDATE)
    numbers = _issue_in_threads(app, holder.id, ["verdict:7"] * 6)
    assert set(numbers) == {"KSF-B-2026-000001"}
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Certificate)) == 1


def test_revocation_needs_a_reason_and_is_final(make, db) -> None:
    admin = make.user(Role.ADMIN)
    certificate = make.certificate()
    with pytest.raises(ValueError):
        revoke_certificate(certificate, admin, "   ")
    revoke_certificate(certificate, admin, "Fraude bij het assessment vastgesteld.")
    db.session.commit()
    assert certificate.status is CertificateStatus.REVOKED
    assert certificate.revoked_by == admin
    assert certificate.revoked_at is not None
    with pytest.raises(AlreadyRevoked):
        revoke_certificate(certificate, admin, "Nog een keer intrekken.")
