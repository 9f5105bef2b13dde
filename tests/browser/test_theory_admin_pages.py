"""Every KSF page of the A test (and the candidate's aid page) passes axe-core in Chromium."""

from __future__ import annotations

from ksf_b.accounts.models import Role
from ksf_b.journey.models import CandidateState
from tests.browser.conftest import assert_accessible, login_page


def test_admin_pages_of_the_a_test_are_accessible(page, make, db) -> None:  # type: ignore[no-untyped-def]
    from theory.demo import _past_sittings

    company = make.company()
    make.theory_bank()
    _past_sittings(make.theory_session(company=company, opens_in_minutes=-600), company)
    db.session.commit()
    candidate = make.candidate(state=CandidateState.THEORY_A_REQUIRED)
    sitting = make.theory_sitting(make.theory_enrolment(candidate.user, candidate))
    item = sitting.items[0].version.item
    login_page(page, make.user(role=Role.ADMIN))
    for path, heading in [
        ("/beheer/toets-a/", "Online toets A"),
        ("/beheer/toets-a/vragen", "Vragenbank"),
        ("/beheer/toets-a/vragen/nieuw", "Nieuwe vraag"),
        (f"/beheer/toets-a/vragen/{item.public_id}", f"Vraag {item.code}"),
        ("/beheer/toets-a/vragen/import", "Vragen importeren"),
        ("/beheer/toets-a/instellingen", "Instellingen en toetsmatrijs"),
        ("/beheer/toets-a/sessies", "Toetssessies"),
        ("/beheer/toets-a/deelnemers", "Deelnemers online toets A"),
        ("/beheer/toets-a/monitor", "Live meekijken: online toets A"),
        (f"/beheer/toets-a/zittingen/{sitting.public_id}", f"Toets van {candidate.user.full_name}"),
        ("/beheer/toets-a/statistieken", "Statistieken van de online toets A"),
    ]:
        page.goto(path)
        page.get_by_role("heading", name=heading, exact=True).first.wait_for()
        assert_accessible(page)
    page.context.clear_cookies()
    login_page(page, candidate.user)
    page.goto("/toets-a/hulpmiddel")
    page.get_by_role("heading", name="Checklist vereisten").wait_for()
    assert_accessible(page)
