"""Audit log, privacy dry run and reports in a real Chromium; axe-core is content."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import expect

from ksf_b.accounts.models import Role
from ksf_b.db_types import utcnow
from ksf_b.journey import states
from ksf_b.journey.models import CandidateState
from tests.browser.conftest import assert_accessible, login_page


def test_admin_filters_the_audit_log_and_exports_it(page, make, db) -> None:
    admin = make.user(Role.ADMIN)
    candidate = make.candidate(state=CandidateState.PART1_SUBMITTED, holds_a=True)
    states.approve_part1(candidate, admin, "Sterk dossier")
    db.session.commit()
    login_page(page, admin)

    page.get_by_role("link", name="Auditlog").click()
    expect(page.get_by_role("heading", name="Auditlog")).to_be_visible()
    expect(page.get_by_role("cell", name="Onderdeel 1 goedgekeurd")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Actie").select_option(label="Onderdeel 1 goedgekeurd")
    page.get_by_role("button", name="Filter toepassen").click()
    expect(page.get_by_text("1 regel gevonden.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download als CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        text = handle.read()
    assert "journey.approve_part1" in text and candidate.public_id in text

    page.get_by_label("Vanaf").fill("2026-03-02")
    page.get_by_label("Tot en met").fill("2026-03-01")
    page.get_by_role("button", name="Filter toepassen").click()
    expect(page.get_by_text("De begindatum ligt na de einddatum.")).to_be_visible()
    assert_accessible(page)


def test_admin_sees_the_dry_run_and_changes_the_retention(page, make, db) -> None:
    admin = make.user(Role.ADMIN)
    due = make.released_candidate(utcnow() - timedelta(days=400))
    later = make.released_candidate(utcnow() - timedelta(days=30))
    for candidate in (due, later):
        make.dossier(candidate, submitted=True)
    login_page(page, admin)

    page.get_by_role("link", name="Privacy").click()
    expect(page.get_by_role("heading", name="Privacy en bewaartermijnen")).to_be_visible()
    row = page.get_by_role("row").filter(has_text=due.user.full_name)
    expect(row).to_contain_text("bij de volgende ronde")
    expect(page.get_by_role("row").filter(has_text=later.user.full_name)).not_to_contain_text(
        "bij de volgende ronde"
    )
    assert_accessible(page)

    page.get_by_label("Bewaartermijn na de uitslag (maanden)").fill("0")
    page.get_by_role("button", name="Instellingen opslaan").click()
    expect(page.get_by_text("Kies een waarde tussen 1 en 120.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Bewaartermijn na de uitslag (maanden)").fill("1")
    page.get_by_role("button", name="Instellingen opslaan").click()
    expect(page.get_by_text("De bewaarinstellingen zijn opgeslagen.")).to_be_visible()
    expect(page.get_by_text("bij de volgende ronde")).to_have_count(2)

    page.get_by_label("Naam of e-mailadres").fill(due.user.full_name)
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="gegevens wissen").click()
    expect(page.get_by_role("heading", name="Gegevens van een kandidaat wissen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Aanleiding").fill("Verzoek 2026-04")
    page.get_by_label("Typ WISSEN om te bevestigen").fill("WISSEN")
    page.get_by_role("button", name="Gegevens definitief wissen").click()
    expect(page.get_by_text("De persoonsgegevens van de kandidaat zijn gewist.")).to_be_visible()


def test_reports_page_and_candidate_data_page_are_accessible(page, context, make, db) -> None:
    admin = make.user(Role.ADMIN)
    candidate = make.candidate(state=CandidateState.PART1_SUBMITTED, holds_a=True)
    states.approve_part1(candidate, admin, "Goed")
    db.session.commit()
    login_page(page, admin)
    page.get_by_role("link", name="Rapportage").click()
    expect(page.get_by_text("1 kandidaat in deze selectie.")).to_be_visible()
    charts = page.locator("img.chart").all()
    assert charts
    for image in charts:
        # decode() waits for the image to load and rejects when it is broken,
        # so a chart still on its way is awaited, not mistaken for a failure.
        assert image.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    assert_accessible(page)

    other = context.browser.new_context(base_url=page.url.split("/admin")[0], locale="nl-NL")
    candidate_page = other.new_page()
    login_page(candidate_page, candidate.user)
    candidate_page.get_by_role("link", name="Mijn gegevens").click()
    expect(candidate_page.get_by_role("link", name="Download mijn gegevens")).to_be_visible()
    assert_accessible(candidate_page)
    other.close()
