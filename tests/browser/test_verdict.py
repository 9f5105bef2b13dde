"""The verdict in Chromium: the admin confirms and releases, the candidate sees the result,
downloads the certificate, and the public page verifies it (axe-core on every new page)."""

from __future__ import annotations

from sqlalchemy import select

from assessors.verdict_models import Verdict
from ksf_b.accounts.models import Role
from tests.browser.conftest import assert_accessible, login_page

FEEDBACK = "Je vat de vraag goed samen; vraag vaker door naar het belang erachter."


def test_admin_releases_candidate_sees_result_and_public_page_verifies(
    browser, live_server, make, db
) -> None:  # type: ignore[no-untyped-def]
    admin = make.user(Role.ADMIN)
    candidate = make.rated_candidate(default=4)
    name = candidate.user.full_name

    def new_page():  # type: ignore[no-untyped-def]
        context = browser.new_context(base_url=live_server.url, locale="nl-NL")
        context.set_default_timeout(15_000)
        return context.new_page()

    page = new_page()
    login_page(page, admin)
    page.goto("/admin/eindoordeel/")
    assert_accessible(page)
    page.get_by_role("link", name=name).click()
    page.get_by_role("heading", name=f"Eindoordeel {name}").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Feedback per competentie").click()
    page.get_by_label("Analyse en oordeelsvorming").fill(FEEDBACK)
    page.get_by_label("Sensitiviteit/inlevingsvermogen").focus()  # leaving the field saves
    page.locator("[data-autosave-status][data-state=saved]").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Terug naar het eindoordeel").click()

    page.get_by_role("button", name="Voorstel vaststellen").click()
    page.get_by_role("button", name="Uitslag bekendmaken").click()
    page.get_by_text("De uitslag is bekendgemaakt").wait_for()
    page.context.close()

    db.session.expire_all()
    verdict = db.session.scalar(select(Verdict).where(Verdict.candidate_id == candidate.id))
    number = verdict.certificate.number

    own = new_page()
    login_page(own, candidate.user)
    own.get_by_role("link", name="Mijn uitslag").click()
    own.get_by_role(
        "heading", name="Gefeliciteerd: je bent geslaagd voor KSF Branchecertificaat B"
    ).wait_for()
    chart = own.locator(".profile-chart img")
    assert chart.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
    assert own.get_by_text(FEEDBACK).is_visible()
    assert_accessible(own)
    with own.expect_download() as download:
        own.get_by_role("link", name=f"Certificaat {number} downloaden (pdf)").click()
    path = download.value.path()
    with open(path, "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    own.goto("/certificaten")
    assert_accessible(own)
    own.context.close()

    public = new_page()
    public.goto(f"/verificatie/{number}?code={verdict.certificate.check_code}")
    public.get_by_text("Geldig: dit certificaat is uitgegeven door de KSF.").wait_for()
    assert public.locator("[data-field=name]").inner_text() == name
    assert_accessible(public)
    public.goto("/verificatie")
    public.get_by_label("Certificaatnummer").fill(number)
    public.get_by_label("Controlecode").fill(verdict.certificate.check_code.lower())
    public.get_by_role("button", name="Controleren").click()
    public.get_by_text("Geldig: dit certificaat is uitgegeven door de KSF.").wait_for()
    public.context.close()


def test_registry_settings_appeal_and_manager_pages_are_accessible(page, make, db) -> None:  # type: ignore[no-untyped-def]
    from assessors import verdict_ops

    admin = make.user(Role.ADMIN)
    candidate = make.rated_candidate(values={"flexibility": 2})
    verdict_ops.confirm_proposal(candidate, admin)
    verdict = verdict_ops.release(candidate, admin)
    db.session.commit()
    passed = make.certificate(make.user(Role.CANDIDATE), "B")

    login_page(page, candidate.user)
    page.goto("/uitslag")
    page.get_by_role("button", name="Bezwaar indienen").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").first.click()

    login_page(page, candidate.manager)
    page.goto(f"/leidinggevende/uitslag/{candidate.public_id}")
    page.get_by_text("Niet geslaagd voor KSF Branchecertificaat B").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Uitloggen").first.click()

    login_page(page, admin)
    for path in (
        "/admin/certificaten/",
        f"/admin/certificaten/{passed.number}",
        "/admin/eindoordeel/instellingen",
        f"/admin/eindoordeel/{candidate.public_id}",
    ):
        page.goto(path)
        assert_accessible(page)
    assert verdict.certificate is None
