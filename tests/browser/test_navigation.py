"""The main menu: open on a desktop, folded behind "Menu" on a phone, never out of reach."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ksf_b.accounts.models import Role
from tests.browser.conftest import assert_accessible, login_page

pytestmark = pytest.mark.browser


def test_menu_folds_on_a_phone_and_opens_with_a_tap(page, make):
    login_page(page, make.user(Role.ADMIN))
    menu = page.get_by_role("button", name="Menu")
    audit = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Auditlog")
    expect(audit).to_be_visible()  # desktop: every link in sight, no button
    expect(menu).to_be_hidden()

    page.set_viewport_size({"width": 390, "height": 844})
    expect(menu).to_be_visible()
    expect(audit).to_be_hidden()
    heading = page.get_by_role("heading", level=1).bounding_box()
    assert heading and heading["y"] < 150  # the page starts with its content, not the links
    assert_accessible(page)

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(audit).to_be_visible()
    assert_accessible(page)
    audit.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Auditlog")
    expect(menu).to_have_attribute("aria-expanded", "false")  # a new page starts folded


def test_logged_out_pages_have_no_menu_button(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/accounts/login")
    expect(page.get_by_role("button", name="Menu")).to_have_count(0)
    expect(page.get_by_role("button", name="English")).to_be_visible()
