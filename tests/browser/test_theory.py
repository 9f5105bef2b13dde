"""The A test in Chromium: a candidate sits the whole test, reloads halfway, loses the network
once, hands in, passes, and part 2 of B opens; the KSF live monitor shows the sitting meanwhile.
axe-core on every sitting page."""

from __future__ import annotations

import re

from sqlalchemy import select

from ksf_b.accounts.models import Role
from ksf_b.journey.models import Candidate, CandidateState
from tests.browser.conftest import assert_accessible, login_page
from theory.models import Sitting


def _right_clicks(item) -> list[str]:  # type: ignore[no-untyped-def]
    """CSS selectors of the inputs to check for the right answer (places in the shown order)."""
    content = item.version.content
    place = {key: n for n, key in enumerate(item.display_order, 1)}
    if item.version.type.value == "categorise":
        return [f"#cat-{place[s['id']]}-{s['category']}" for s in content["statements"]]
    return [f"#answer-{place[o['id']]}" for o in content["options"] if o["correct"]]


def _sitting(db) -> Sitting:  # type: ignore[no-untyped-def]
    db.session.expire_all()
    return db.session.scalar(select(Sitting))


def _answer(page, item) -> None:  # type: ignore[no-untyped-def]
    for selector in _right_clicks(item):
        page.check(selector)
    page.locator("#save-status[data-state=saved]").wait_for()


def test_candidate_sits_the_whole_test_and_part_2_opens(
    browser, live_server, page, make, db
) -> None:  # type: ignore[no-untyped-def]
    make.theory_bank()
    candidate = make.candidate(state=CandidateState.THEORY_A_REQUIRED)
    session = make.theory_session(company=candidate.company)
    admin = make.user(role=Role.ADMIN)

    login_page(page, candidate.user)
    page.goto("/kandidaat/")
    page.locator("#theory-link").click()
    page.get_by_role("heading", name="Zo gaat de toets").wait_for()
    assert_accessible(page)
    page.get_by_label("Toegangscode van de sessie").fill(session.access_code)
    page.get_by_role("button", name="Start de toets").click()
    page.get_by_role("heading", name="Vraag 1 van 30").wait_for()
    assert re.match(r"4[45]:\d\d", page.locator("#timer").inner_text())
    # the aid is on the page during the sitting
    page.get_by_text("Hulpmiddel: Checklist vereisten").click()
    page.get_by_text("Privacy (AVG)").wait_for()

    # KSF watches live in another browser
    watcher = browser.new_context(base_url=live_server.url, locale="nl-NL")
    monitor = watcher.new_page()
    login_page(monitor, admin)
    monitor.goto("/beheer/toets-a/monitor")
    row = monitor.locator(f"#monitor-rows tr:has-text('{candidate.user.full_name}')")
    row.wait_for()
    assert_accessible(monitor)

    sitting = _sitting(db)
    seen_types = set()
    for item in sitting.items:
        position = item.position
        page.get_by_role("heading", name=f"Vraag {position} van 30").wait_for()
        if item.version.type.value not in seen_types:
            seen_types.add(item.version.type.value)
            assert_accessible(page)
        if position == 20:
            # the network drops while answering: the answer waits in the browser, then goes
            page.context.set_offline(True)
            for selector in _right_clicks(item):
                page.check(selector)
            page.locator("#save-status[data-state=offline]").wait_for()
            page.context.set_offline(False)
            page.locator("#save-status[data-state=saved]").wait_for(timeout=20_000)
        else:
            _answer(page, item)
        if position == 15:
            page.reload()
            page.get_by_role("heading", name="Vraag 15 van 30").wait_for()
            assert page.get_by_text("15 van 30 vragen beantwoord").count() == 1
            for selector in _right_clicks(item):
                assert page.locator(selector).is_checked()
        if position == 8:
            page.get_by_label("Markeren om later nog eens te bekijken").check()
            page.locator("#save-status[data-state=saved]").wait_for()
        if position == 25:
            monitor.wait_for_function(
                "name => [...document.querySelectorAll('#monitor-rows tr')].some("
                "r => r.textContent.includes(name) && /2[45] \\/ 30/.test(r.textContent))",
                arg=candidate.user.full_name,
                timeout=15_000,
            )
        if position < 30:
            page.get_by_role("link", name="Volgende vraag").click()
        else:
            page.get_by_role("link", name="Naar het overzicht").click()

    page.get_by_role("heading", name="Overzicht voor het inleveren").wait_for()
    assert page.get_by_text("Je hebt 30 van de 30 vragen beantwoord.").count() == 1
    assert page.get_by_text("Je hebt 1 vragen gemarkeerd.").count() == 1
    assert_accessible(page)
    page.get_by_role("button", name="Toets inleveren").click()
    page.get_by_role("heading", name="Geslaagd").wait_for()
    assert page.get_by_text("Je score: 30 van 30 punten").count() == 1
    assert_accessible(page)
    assert page.locator("#part2-open").count() == 1

    db.session.expire_all()
    candidate = db.session.scalar(select(Candidate).where(Candidate.id == candidate.id))
    assert candidate.state is CandidateState.ASSESSMENT_INVITED
    page.goto("/kandidaat/")
    page.get_by_text("Uitgenodigd voor het online assessment").first.wait_for()
    # the sitting left the monitor
    monitor.wait_for_function(
        "name => ![...document.querySelectorAll('#monitor-rows tr')].some("
        "r => r.textContent.includes(name))",
        arg=candidate.user.full_name,
        timeout=15_000,
    )
    watcher.close()
