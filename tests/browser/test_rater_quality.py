"""Calibration in Chromium with the keyboard, and axe on every rater-quality page."""

from __future__ import annotations

from assessors import calibration_operations as ops
from assessors.assignment import profile_of
from ksf_b.accounts.models import Role
from tests.assessors.quality.access_entries import confirmed_response
from tests.assessors.stats_support import rated_candidate
from tests.browser.conftest import assert_accessible, login_page


def _world(make, db):  # type: ignore[no-untyped-def]
    admin = make.user(Role.ADMIN)
    benchmarks = []
    for position in (3, 4):
        response = confirmed_response(make, position)
        agreed = {
            c: ("4" if c == "oral_language" else "3") for c in response.scenario.competency_codes
        }
        benchmarks.append(ops.mark_benchmark(response, agreed, f"Onderbouwing {position}.", admin))
    db.session.commit()
    return admin, benchmarks


def _choose(page, name: str, value: int) -> None:  # type: ignore[no-untyped-def]
    """Pick a score with the keyboard: focus the group, Space on 1, arrows up to the value."""
    page.locator(f'input[name="{name}"][value="1"]').focus()
    page.keyboard.press("Space")
    for _ in range(value - 1):
        page.keyboard.press("ArrowRight")


def test_new_assessor_calibrates_with_the_keyboard(page, make, db) -> None:
    _admin, benchmarks = _world(make, db)
    newcomer = make.assessor(calibrated=False)
    login_page(page, newcomer)
    page.goto("/beoordelen/kalibratie")
    assert_accessible(page)
    start = page.get_by_role("button", name="Kalibratie starten")
    start.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/beoordelen/kalibratie/*")
    assert_accessible(page)

    names = page.eval_on_selector_all(
        "fieldset.score-group input[value='1']", "els => els.map(e => e.name)"
    )
    assert len(names) == sum(len(b.scores) for b in benchmarks)
    half = len(names) // 2
    for name in names[:half]:
        _choose(page, name, 4 if name.endswith("oral_language") else 3)
    page.keyboard.press("Tab")  # leaving the field saves at once
    page.wait_for_selector('[data-autosave-status][data-state="saved"]')
    page.reload()
    for name in names[:half]:
        expected = "4" if name.endswith("oral_language") else "3"
        assert page.locator(f'input[name="{name}"][value="{expected}"]').is_checked()
    for name in names[half:]:
        _choose(page, name, 5 if name.endswith("oral_language") else 3)
    page.wait_for_selector('[data-autosave-status][data-state="saved"]')
    submit = page.get_by_role("button", name="Kalibratie indienen")
    submit.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/beoordelen/kalibratie?ingediend=*")
    assert page.locator('[data-calibration="calibrated"]').is_visible()
    assert page.get_by_text("Onderbouwing 3.").is_visible()
    assert_accessible(page)
    db.session.expire_all()
    assert profile_of(newcomer).is_calibrated


def test_admin_pages_are_accessible(page, make, db) -> None:
    from assessors.statistics import warm_up

    warm_up()  # pingouin takes seconds to import; not inside the page's time-out
    admin = make.user(Role.ADMIN)
    make.assessor()
    make.assessor()
    candidate, _ = rated_candidate(make, db, lambda i, pos, code: 2 + (pos + i + len(code)) % 4)
    from assessors.operations import responses_of

    benchmarks = []
    for response in responses_of(candidate)[:2]:
        agreed = dict.fromkeys(response.scenario.competency_codes, "3")
        benchmarks.append(ops.mark_benchmark(response, agreed, "Zo afgesproken.", admin))
    db.session.commit()
    referred = make.assessor(calibrated=False)
    attempt = ops.start_attempt(referred)
    ops.save_draft(
        attempt, {ops.field_name(s.benchmark, s.competency_code): "1" for s in attempt.scores}, None
    )
    ops.submit_attempt(attempt, referred)
    db.session.commit()
    login_page(page, admin)
    for path in (
        "/beheer/beoordelaars/statistiek",
        "/beheer/beoordelaars/kwaliteit-instellingen",
        "/beheer/kalibratie",
        f"/beheer/kalibratie/opname/{benchmarks[0].response.public_id}",
        f"/beheer/kalibratie/pogingen/{attempt.public_id}",
    ):
        page.goto(path)
        assert page.locator("h1").is_visible()
        assert_accessible(page)
    page.goto("/beheer/beoordelaars/statistiek")
    assert page.locator("svg.pygal-chart[role=img]").count() == 3  # agreement + 2 assessors
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: wide parts scroll
    page.reload()
    assert_accessible(page)
