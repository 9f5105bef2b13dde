"""The admin's audit page: filters, paging and the CSV export read back."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from sqlalchemy import select

from ksf_b import audit
from ksf_b.accounts.models import Role
from ksf_b.audit.models import AuditEntry


def _seed(make, db):  # type: ignore[no-untyped-def]
    admin = make.user(Role.ADMIN)
    other = make.user(Role.ADMIN)
    other.full_name = "Otto Ander"
    audit.record("account.invited", actor=admin, subject="user:aaa", details={"role": "manager"})
    audit.record("account.deactivated", actor=other, subject="user:bbb")
    old = audit.record("account.deactivated", actor=admin, subject="user:ccc")
    old.created_at = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)
    db.session.commit()
    return admin, other


def test_filters_by_action_actor_subject_and_period(client, make, login_as, db) -> None:
    admin, other = _seed(make, db)
    login_as(admin)
    html = client.get("/admin/auditlog/").get_data(as_text=True)
    assert "3 regels gevonden." in html
    assert "Account uitgenodigd" in html  # the action's label, not only its code
    html = client.get("/admin/auditlog/?actie=account.deactivated").get_data(as_text=True)
    assert "2 regels gevonden." in html and "user:aaa" not in html
    html = client.get(f"/admin/auditlog/?door={other.public_id}").get_data(as_text=True)
    assert "1 regel gevonden." in html and "user:bbb" in html
    html = client.get("/admin/auditlog/?onderwerp=ccc").get_data(as_text=True)
    assert "1 regel gevonden." in html and "user:ccc" in html
    html = client.get("/admin/auditlog/?van=2025-01-15&tot=2025-01-15").get_data(as_text=True)
    assert "1 regel gevonden." in html and "user:ccc" in html


def test_details_are_shown_in_words_not_codes(client, make, login_as, db) -> None:
    admin = make.user(Role.ADMIN)
    audit.record(
        "journey.approve_part1",
        actor=admin,
        subject="candidate:abc",
        details={"from": "part1_submitted", "to": "assessment_invited", "reason": "Sterk"},
    )
    audit.record("verdict.released", actor=admin, subject="candidate:abc", details={"passed": True})
    db.session.commit()
    login_as(admin)
    html = client.get("/admin/auditlog/").get_data(as_text=True)
    assert "oude status: Onderdeel 1 ingediend, wacht op beoordeling" in html
    assert "nieuwe status: Uitgenodigd voor het assessment" in html
    assert "reden: Sterk" in html and "geslaagd: ja" in html
    assert "part1_submitted" not in html and "True" not in html


def test_bad_period_is_a_dutch_400(client, make, login_as) -> None:
    login_as(make.user(Role.ADMIN))
    response = client.get("/admin/auditlog/?van=2026-02-30")
    assert response.status_code == 400
    assert "Vul een geldige datum in" in response.get_data(as_text=True)
    response = client.get("/admin/auditlog/?van=2026-03-02&tot=2026-03-01")
    assert response.status_code == 400
    assert "De begindatum ligt na de einddatum." in response.get_data(as_text=True)


def test_pages_of_fifty(client, make, login_as, db) -> None:
    admin = make.user(Role.ADMIN)
    for n in range(55):
        audit.record("test.item", actor=admin, subject=f"item:{n:03d}")
    db.session.commit()
    login_as(admin)
    first = client.get("/admin/auditlog/").get_data(as_text=True)
    assert "Pagina 1 van 2" in first and "item:054" in first and "item:004" not in first
    second = client.get("/admin/auditlog/?pagina=2").get_data(as_text=True)
    assert "item:004" in second and "item:054" not in second


def test_csv_export_reads_back_and_is_itself_audited(client, make, login_as, db) -> None:
    admin, _other = _seed(make, db)
    login_as(admin)
    response = client.get("/admin/auditlog/export.csv?actie=account.deactivated")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [row["onderwerp"] for row in rows] == ["user:bbb", "user:ccc"]
    assert rows[1]["tijdstip"] == "2025-01-15T13:00:00+01:00"  # Amsterdam time
    assert rows[0]["door"] == "Otto Ander"
    exported = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "audit.exported"))
    assert [e.details for e in exported] == [{"actie": "account.deactivated"}]


def test_subjects_are_named_after_the_person(client, make, login_as, db) -> None:
    admin = make.user(Role.ADMIN)
    candidate = make.candidate()
    candidate.user.full_name = "Rana Rating"
    audit.record("journey.start_rating", actor=admin, subject=audit.subject_of(candidate))
    audit.record("account.invited", actor=admin, subject=audit.subject_of(admin))
    audit.record("account.invited", actor=admin, subject="user:weg")  # an account since erased
    audit.record("reports.exported", actor=admin, subject="reports")
    db.session.commit()
    login_as(admin)
    html = client.get("/admin/auditlog/").get_data(as_text=True)
    assert "Kandidaat Rana Rating</a>" in html
    assert f"Account {admin.full_name}</a>" in html
    assert "Account weg</a>" in html and "Rapportages</a>" in html
    # the stored subject stays the filter and the tooltip
    assert f'title="candidate:{candidate.public_id}"' in html
    assert f"onderwerp=candidate:{candidate.public_id}" in html
