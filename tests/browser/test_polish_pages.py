"""axe-core on the pages this polish touched: admin pages with labels and times, the
endorsement form with its counters and waiting confirmation, the error page with contact."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ksf_b.accounts.models import Role
from ksf_b.assessment.models import Response
from ksf_b.journey.models import CandidateState
from tests.browser.conftest import assert_accessible, login_page

pytestmark = pytest.mark.browser


def test_admin_pages_with_labels_and_times_are_accessible(page, db, make, exam_scenarios):
    admin = make.user(Role.ADMIN)
    assessment = make.assessment()
    response = Response(assessment=assessment, scenario=exam_scenarios[0], prompt_plays=1)
    db.session.add(response)
    db.session.flush()
    make.take(response)
    db.session.commit()
    candidate = assessment.candidate
    login_page(page, admin)
    for path in ("/admin/", "/admin/kandidaten", f"/admin/kandidaten/{candidate.public_id}",
                 "/admin/gebruikers/"):  # fmt: skip
        page.goto(path)
        assert_accessible(page)
    page.get_by_role("link", name="Assessment", exact=True).click()
    assert_accessible(page)  # the scenario list with readable video states
    page.get_by_role("link", name="Kandidaten en voortgang").click()
    assert_accessible(page)
    expect(page.get_by_text("Scenario 1, opname 1")).to_be_visible()
    page.get_by_role("link", name=candidate.user.full_name).click()
    assert_accessible(page)
    expect(page.get_by_text("verwerkt, af te spelen")).to_be_visible()


def test_endorsement_with_counters_and_waiting_confirmation_is_accessible(page, make):
    candidate = make.candidate(state=CandidateState.NOMINATED)
    login_page(page, candidate.manager)
    page.goto(f"/aanbeveling/{candidate.public_id}")
    expect(page.get_by_label("Ik bevestig dat de functieomschrijving")).to_be_disabled()
    counter = page.locator("#nomination_reason-count")
    expect(counter).to_have_text("0 van 4000 tekens")
    page.get_by_label("Waarom draag je deze kandidaat voor?").fill("Twaalf tekens")
    expect(counter).to_have_text("13 van 4000 tekens")
    assert_accessible(page)


def test_error_page_says_how_to_reach_the_ksf(page, make):
    login_page(page, make.user(Role.CANDIDATE))
    page.goto("/bestaat-niet")
    expect(page.get_by_role("link", name="certificering@ksf.example")).to_be_visible()
    assert_accessible(page)
    icon = page.request.get("/static/favicon.ico")
    assert icon.status == 200 and icon.body()[:4] == b"\x00\x00\x01\x00"
