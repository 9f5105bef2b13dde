"""Admin user management at /admin/gebruikers through the real forms."""

from __future__ import annotations

import pytest

from ksf_b.accounts.models import Company, Role, User
from tests.conftest import csrf_token
from tests.ksf_b.accounts.mailbox import last_link_to, mails_to

INDEX = "/admin/gebruikers/"
INVITE = "/admin/gebruikers/uitnodigen"


def _invite_form(client, **fields):  # type: ignore[no-untyped-def]
    data = {
        "full_name": "Iris Uitgenodigd",
        "role": "assessor",
        "company_id": "",
        "new_company": "",
    }
    data.update(fields)
    data["csrf_token"] = csrf_token(client, INVITE)
    return client.post(INVITE, data=data)


def _action(client, user, action):  # type: ignore[no-untyped-def]
    token = csrf_token(client, INDEX)
    return client.post(f"{INDEX}{user.public_id}/{action}", data={"csrf_token": token})


@pytest.fixture
def admin_client(make, login_as):  # type: ignore[no-untyped-def]
    return login_as(make.user(Role.ADMIN))


@pytest.mark.parametrize("role", [Role.CANDIDATE, Role.MANAGER, Role.ASSESSOR])
def test_only_admins_see_user_management(client, make, login_as, role):
    assert client.get(INDEX).status_code == 302  # anonymous: to the login page
    login_as(make.user(role, company=make.company()))
    for path in (INDEX, INVITE):
        assert client.get(path).status_code == 403
    target = make.user(Role.ASSESSOR)
    token = csrf_token(client, "/accounts/wachtwoord-vergeten")
    response = client.post(f"{INDEX}{target.public_id}/deactiveren", data={"csrf_token": token})
    assert response.status_code == 403


def test_list_shows_role_company_and_status(admin_client, make):
    company = make.company("Belwerk BV")
    make.user(Role.MANAGER, company=company, email="actief@example.nl")
    make.user(Role.CANDIDATE, company=company, email="uitgenodigd@example.nl", password=None)
    html = admin_client.get(INDEX).get_data(as_text=True)
    assert "Belwerk BV" in html
    assert "Leidinggevende" in html
    assert "Uitgenodigd" in html
    assert "Actief" in html
    assert "Gebruikers" in html  # menu link and heading


def test_list_filters_on_role(admin_client, make):
    make.user(Role.ASSESSOR, email="beoordelaar-filter@example.nl")
    make.user(Role.MANAGER, company=make.company(), email="manager-filter@example.nl")
    html = admin_client.get(INDEX + "?rol=assessor").get_data(as_text=True)
    assert "beoordelaar-filter@example.nl" in html
    assert "manager-filter@example.nl" not in html
    unknown = admin_client.get(INDEX + "?rol=<script>").get_data(as_text=True)
    assert "manager-filter@example.nl" in unknown


def test_admin_invites_a_manager_with_an_existing_company(app, admin_client, make, db):
    company = make.company("Klantcontact Noord")
    response = _invite_form(
        admin_client,
        email="Nieuwe.Manager@Example.nl",
        full_name="Nora Manager",
        role="manager",
        company_id=str(company.id),
    )
    assert response.status_code == 302
    user = db.session.query(User).filter_by(email="nieuwe.manager@example.nl").one()
    assert user.role is Role.MANAGER
    assert user.company_id == company.id
    assert user.password_hash is None
    assert last_link_to(app, user.email).startswith("/accounts/uitnodiging/")
    page = admin_client.get(INDEX).get_data(as_text=True)
    assert "Uitnodiging verstuurd naar nieuwe.manager@example.nl." in page


def test_admin_invites_with_a_new_company_name(admin_client, make, db):
    make.company("Bestaand BV")
    response = _invite_form(
        admin_client, email="kandidaat-nieuw@example.nl", role="candidate", new_company="Nieuw BV"
    )
    assert response.status_code == 302
    user = db.session.query(User).filter_by(email="kandidaat-nieuw@example.nl").one()
    assert user.company.name == "Nieuw BV"
    response = _invite_form(
        admin_client, email="tweede@example.nl", role="manager", new_company="  bestaand bv "
    )
    assert response.status_code == 302
    assert db.session.query(Company).count() == 2  # reused, case-insensitively


def test_invite_form_errors_are_dutch_and_next_to_the_field(admin_client, make, db):
    existing = make.user(Role.ASSESSOR)
    company = make.company()
    cases = [
        ({"email": existing.email.upper()}, "Er bestaat al een account met dit e-mailadres."),
        ({"email": "geen-adres"}, "Dit is geen geldig e-mailadres."),
        ({"email": "a@example.nl", "full_name": ""}, "Vul de naam in."),
        ({"email": "a@example.nl", "role": "manager"}, "horen bij een bedrijf"),
        (
            {"email": "a@example.nl", "company_id": str(company.id), "new_company": "Ander"},
            "niet allebei",
        ),
        ({"email": "a@example.nl", "role": "koning"}, "Ongeldige keuze."),
        ({"email": "a@example.nl", "company_id": "999999"}, "Ongeldige keuze."),
    ]
    before = db.session.query(User).count()
    for fields, message in cases:
        response = _invite_form(admin_client, **fields)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, fields
        assert message in html, fields
        assert 'aria-invalid="true"' in html
    assert db.session.query(User).count() == before


def test_resend_invitation_sends_a_fresh_link(app, admin_client, make):
    user = make.user(Role.ASSESSOR, password=None, email="opnieuw@example.nl")
    response = _action(admin_client, user, "uitnodiging-opnieuw")
    assert response.status_code == 302
    assert len(mails_to(app, user.email)) == 1
    assert "Nieuwe uitnodiging verstuurd" in admin_client.get(INDEX).get_data(as_text=True)


def test_resend_refused_for_an_activated_account(app, admin_client, make):
    user = make.user(Role.ASSESSOR)
    _action(admin_client, user, "uitnodiging-opnieuw")
    assert mails_to(app, user.email) == []
    assert "al geactiveerd" in admin_client.get(INDEX).get_data(as_text=True)


def test_deactivate_and_reactivate(app, admin_client, make, db):
    user = make.user(Role.ASSESSOR)
    assert _action(admin_client, user, "deactiveren").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).is_active_account is False
    assert "is gedeactiveerd" in admin_client.get(INDEX).get_data(as_text=True)
    assert _action(admin_client, user, "activeren").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).is_active_account is True


def test_admin_cannot_deactivate_themselves(admin_client, db):
    me = db.session.query(User).filter_by(role=Role.ADMIN).one()
    _action(admin_client, me, "deactiveren")
    db.session.expire_all()
    assert db.session.get(User, me.id).is_active_account is True
    assert "eigen account" in admin_client.get(INDEX).get_data(as_text=True)


def test_unknown_user_is_404_and_get_is_not_allowed(admin_client):
    token = csrf_token(admin_client, INDEX)
    response = admin_client.post(f"{INDEX}bestaat-niet/deactiveren", data={"csrf_token": token})
    assert response.status_code == 404
    assert admin_client.get(f"{INDEX}bestaat-niet/deactiveren").status_code == 405


def test_actions_need_a_csrf_token(admin_client, make, db):
    user = make.user(Role.ASSESSOR)
    response = admin_client.post(f"{INDEX}{user.public_id}/deactiveren", data={})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, user.id).is_active_account is True
