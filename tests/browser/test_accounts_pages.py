"""Accounts pages in a real Chromium: admin invites, invitee activates; axe is content."""

from __future__ import annotations

from playwright.sync_api import expect

from ksf_b.accounts.models import Role
from tests.browser.conftest import assert_accessible, login_page
from tests.ksf_b.accounts.mailbox import last_link_to


def test_admin_invites_and_the_invitee_activates_the_account(page, context, live_server, make, app):
    make.company("Belcentrum Zuid")
    admin = make.user(Role.ADMIN)
    login_page(page, admin)

    page.get_by_role("link", name="Gebruikers").click()
    expect(page.get_by_role("heading", name="Gebruikers")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Gebruiker uitnodigen").click()
    page.get_by_role("button", name="Uitnodiging versturen").click()  # empty: errors shown
    expect(page.get_by_text("Vul de naam in.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Volledige naam").fill("Lotte Leidinggevende")
    page.get_by_label("E-mailadres").fill("lotte.browser@example.nl")
    page.get_by_label("Rol").select_option(label="Leidinggevende")
    page.get_by_label("Bedrijf", exact=True).select_option(label="Belcentrum Zuid")
    page.get_by_role("button", name="Uitnodiging versturen").click()
    expect(page.get_by_text("Uitnodiging verstuurd naar lotte.browser@example.nl.")).to_be_visible()

    invitee_context = context.browser.new_context(base_url=live_server.url, locale="nl-NL")
    invitee = invitee_context.new_page()
    invitee.goto(last_link_to(app, "lotte.browser@example.nl"))
    expect(invitee.get_by_role("heading", name="Welkom: kies je wachtwoord")).to_be_visible()
    invitee.get_by_label("Nieuw wachtwoord").fill("kort")
    invitee.get_by_label("Herhaal het wachtwoord").fill("kort")
    invitee.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(invitee.get_by_text("Kies een wachtwoord van minstens 10 tekens.")).to_be_visible()
    assert_accessible(invitee)
    invitee.get_by_label("Nieuw wachtwoord").fill("lotte kiest een lange zin")
    invitee.get_by_label("Herhaal het wachtwoord").fill("lotte kiest een lange zin")
    invitee.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(invitee.get_by_text("Je account is geactiveerd")).to_be_visible()
    invitee_context.close()


def test_forgot_password_and_broken_link_pages_are_accessible(page):
    page.goto("/accounts/wachtwoord-vergeten")
    assert_accessible(page)
    page.goto("/accounts/wachtwoord-herstellen/vervalst")
    expect(page.get_by_role("heading", name="Deze link werkt niet")).to_be_visible()
    assert_accessible(page)
