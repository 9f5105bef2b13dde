"""Account actions done through the real pages land in the audit log."""

from __future__ import annotations

from sqlalchemy import select

from ksf_b.accounts.models import Role, User
from ksf_b.audit.models import AuditEntry
from tests.conftest import csrf_token
from tests.ksf_b.accounts.mailbox import last_link_to

INDEX = "/admin/gebruikers/"


def _entries(db) -> list[tuple[str, str, int | None]]:  # type: ignore[no-untyped-def]
    rows = db.session.execute(
        select(AuditEntry.action, AuditEntry.subject, AuditEntry.actor_id).order_by(AuditEntry.id)
    )
    return [tuple(row) for row in rows]


def test_invite_deactivate_reactivate_are_audited(client, make, login_as, db) -> None:
    admin = make.user(Role.ADMIN)
    login_as(admin)
    token = csrf_token(client, "/admin/gebruikers/uitnodigen")
    response = client.post(
        "/admin/gebruikers/uitnodigen",
        data={
            "email": "nieuw@example.nl",
            "full_name": "Nina Nieuw",
            "role": "assessor",
            "company_id": "",
            "new_company": "",
            "csrf_token": token,
        },
    )
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "nieuw@example.nl"))
    subject = f"user:{user.public_id}"
    for action in ("deactiveren", "activeren"):
        token = csrf_token(client, INDEX)
        assert (
            client.post(f"{INDEX}{user.public_id}/{action}", data={"csrf_token": token}).status_code
            == 302
        )
    assert _entries(db) == [
        ("account.invited", subject, admin.id),
        ("account.deactivated", subject, admin.id),
        ("account.reactivated", subject, admin.id),
    ]
    invited = db.session.scalars(select(AuditEntry)).first()
    assert invited.details == {"role": "assessor", "company": None}


def test_password_reset_is_audited(app, client, make, db) -> None:
    user = make.user(Role.MANAGER)
    token = csrf_token(client, "/accounts/wachtwoord-vergeten")
    client.post("/accounts/wachtwoord-vergeten", data={"email": user.email, "csrf_token": token})
    path = last_link_to(app, user.email)
    token = csrf_token(client, path)
    password = "een nieuw en lang wachtwoord"
    response = client.post(
        path, data={"password": password, "confirm": password, "csrf_token": token}
    )
    assert response.status_code == 302
    subject = f"user:{user.public_id}"
    assert _entries(db) == [
        ("account.password_reset_requested", subject, None),
        ("account.password_reset", subject, user.id),
    ]
