"""The login page in a real Chromium: Dutch, usable by keyboard, no serious axe findings."""

from ksf_b.accounts.models import Role
from tests.browser.conftest import assert_accessible, login_page


def test_login_page_is_accessible(page):
    page.goto("/accounts/login")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert_accessible(page)


def test_admin_logs_in_through_the_form(page, make):
    admin = make.user(role=Role.ADMIN)
    login_page(page, admin)
    assert "/admin" in page.url
