"""The dossier in a real Chromium: autosave across reloads and offline spells, a11y, keyboard."""

from __future__ import annotations

import time

import flask
from sqlalchemy import select

from ksf_b.dossier.demo import DEMO_FIELDS
from ksf_b.dossier.models import Dossier, StoryKind
from ksf_b.journey.models import CandidateState
from tests.browser.conftest import assert_accessible, login_page

FORM = "/kandidaat/dossier"
STATUS = "[data-autosave-status]"

HALF = {
    "role_description": "Senior medewerker klantenservice, vraagbaak en coach van nieuwkomers.",
    "motivation": (
        "Ik wil laten zien dat ik collega's goed begeleid.\n"
        "Tweede regel met ëën bijzonder teken & een <script>-tag die gewoon tekst blijft."
    ),
    "manager_situation": "Mijn teamleider wilde een nieuw belscript invoeren voor klachten.",
}


def sign_in(context, live_server, user) -> None:  # type: ignore[no-untyped-def]
    """Give the browser a signed session cookie for `user`, as logging in would.

    Only the first test logs in through the form: many form logins in a row would trip the
    login rate limit that the whole browser suite shares.
    """
    app = live_server.app
    serializer = app.session_interface.get_signing_serializer(app)
    value = serializer.dumps({"_user_id": user.get_id(), "_fresh": True})
    name = app.config["SESSION_COOKIE_NAME"]
    context.add_cookies([{"name": name, "value": value, "url": live_server.url}])


def stored(make, candidate) -> Dossier | None:  # type: ignore[no-untyped-def]
    """Read the dossier as the server committed it (end our own read transaction first)."""
    make.db.session.rollback()
    return make.db.session.scalar(select(Dossier).where(Dossier.candidate_id == candidate.id))


def wait_until_stored(page, make, candidate, check) -> Dossier:  # type: ignore[no-untyped-def]
    """Poll the database until `check(dossier)` holds; fail with what is stored."""
    dossier = None
    for _attempt in range(100):
        dossier = stored(make, candidate)
        if dossier is not None and check(dossier):
            return dossier
        page.wait_for_timeout(200)
    raise AssertionError(f"never stored; last seen: {dossier and dossier.motivation!r}")


def fill_half(page) -> None:  # type: ignore[no-untyped-def]
    for name, text in HALF.items():
        page.locator(f"#{name}").fill(text)
    page.locator("#years_in_contact_centres").fill("7")
    page.locator("#manager_competencies-analysis").check()
    page.locator("#rating_reflection-4").check()


def assert_half_is_there(page) -> None:  # type: ignore[no-untyped-def]
    for name, text in HALF.items():
        assert page.locator(f"#{name}").input_value() == text
    assert page.locator("#years_in_contact_centres").input_value() == "7"
    assert page.locator("#manager_competencies-analysis").is_checked()
    assert page.locator("#rating_reflection-4").is_checked()


def test_half_a_dossier_survives_a_reload(page, make):
    candidate = make.candidate()
    login_page(page, candidate.user)
    page.goto(FORM)
    fill_half(page)
    page.locator(f"{STATUS}[data-state=saved]").wait_for()
    page.reload()
    assert_half_is_there(page)
    dossier = stored(make, candidate)
    assert dossier.motivation == HALF["motivation"]
    assert dossier.rating_for("reflection") == 4
    make.db.session.refresh(candidate)
    assert candidate.state is CandidateState.DOSSIER_IN_PROGRESS


def test_saved_is_not_shown_over_a_change_still_waiting_to_be_sent(
    page, make, context, live_server
):
    candidate = make.candidate()
    sign_in(context, live_server, candidate.user)
    page.goto(FORM)
    page.locator("#motivation").fill("Eerste zin.")
    page.locator(f"{STATUS}[data-state=saved]").wait_for()
    # typing on in the same field (no focus change, so nothing is sent before the 1 s debounce)
    page.locator("#motivation").press("End")
    page.keyboard.type(" Tweede zin.")
    assert page.locator(STATUS).get_attribute("data-state") == "saving"
    page.locator(f"{STATUS}[data-state=saved]").wait_for()
    assert stored(make, candidate).motivation == "Eerste zin. Tweede zin."


def test_reload_before_the_autosave_fired_loses_nothing(page, make, context, live_server):
    candidate = make.candidate()
    sign_in(context, live_server, candidate.user)
    page.goto(FORM)
    fill_half(page)
    page.reload()  # at once: the browser's copy (or the pagehide send) must carry it
    assert_half_is_there(page)
    dossier = wait_until_stored(
        page,
        make,
        candidate,
        lambda d: d.story(StoryKind.MANAGER).situation == HALF["manager_situation"],
    )
    assert dossier.motivation == HALF["motivation"]


def test_a_reloaded_page_rendered_before_the_last_save_landed_shows_that_save(
    page, make, context, live_server, monkeypatch
):
    """The browser asks for the reloaded page while the old one still runs: on a slow server
    the old page's autosave can fire, be stored and see its 2xx after the server rendered the
    new page (a CI flake of the test above). Here the form's page is rendered at once and
    answered 1.5 s later, past the autosave's 1-s debounce."""
    from ksf_b.dossier import views

    candidate = make.candidate()
    sign_in(context, live_server, candidate.user)
    page.goto(FORM)
    fill_half(page)
    page.locator(f"{STATUS}[data-state=saved]").wait_for()

    def render_then_wait(*args, **kwargs):  # type: ignore[no-untyped-def]
        html = flask.render_template(*args, **kwargs)
        if flask.request.method == "GET":
            time.sleep(1.5)
        return html

    monkeypatch.setattr(views, "render_template", render_then_wait)
    page.locator("#rating_reflection-2").check()  # saved by the debounce during the reload
    page.reload()
    monkeypatch.undo()
    assert stored(make, candidate).rating_for("reflection") == 2
    assert page.locator("#rating_reflection-2").is_checked()
    page.reload()  # an ordinary reload: the server's page is as new as the save
    assert page.locator("#rating_reflection-2").is_checked()
    key = page.locator("form[data-autosave-key]").get_attribute("data-autosave-key")
    assert page.evaluate("k => sessionStorage.getItem('autosave:' + k)", key) is None


def test_text_typed_offline_reaches_the_server_when_back_online(page, make, context, live_server):
    candidate = make.candidate()
    make.dossier(candidate, complete=False)
    sign_in(context, live_server, candidate.user)
    page.goto(FORM)
    context.set_offline(True)
    page.locator("#future_goal").fill("Geschreven zonder verbinding: coach on the floor worden.")
    page.locator(f"{STATUS}[data-state=offline]").wait_for()
    assert "Geen verbinding" in page.locator(STATUS).inner_text()
    assert stored(make, candidate).future_goal == ""
    context.set_offline(False)
    page.locator(f"{STATUS}[data-state=saved]").wait_for()
    dossier = wait_until_stored(page, make, candidate, lambda d: d.future_goal != "")
    assert dossier.future_goal == "Geschreven zonder verbinding: coach on the floor worden."
    assert dossier.motivation == DEMO_FIELDS["motivation"]  # what was there stays


def test_dashboard_and_dossier_pages_are_accessible(page, make, context, live_server):
    candidate = make.candidate()
    sign_in(context, live_server, candidate.user)
    page.goto("/kandidaat/")
    assert_accessible(page)
    page.goto(FORM)
    assert_accessible(page)
    page.get_by_role("button", name="Dossier indienen").click()
    page.wait_for_load_state()
    assert page.locator("#error-summary").is_visible()
    assert_accessible(page)  # with every error shown next to its field


def test_dossier_can_be_completed_and_submitted_by_keyboard(page, make, context, live_server):
    candidate = make.candidate()
    fields = {k: v for k, v in DEMO_FIELDS.items() if k != "rating_oral_language"}
    from ksf_b.dossier import operations

    operations.save_draft(candidate, candidate.user, fields, None)
    make.db.session.commit()
    sign_in(context, live_server, candidate.user)
    page.goto(FORM)
    page.locator("#rating_oral_language-1").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")  # moves the choice to 2
    submit = page.get_by_role("button", name="Dossier indienen")
    for _step in range(20):
        if submit.evaluate("el => el === document.activeElement"):
            break
        page.keyboard.press("Tab")
    assert submit.evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_url("**/kandidaat/")
    assert "Je dossier is ingediend" in page.content()
    dossier = stored(make, candidate)
    assert dossier.is_submitted
    assert dossier.rating_for("oral_language") == 2
    page.goto(FORM)
    assert page.locator("form[data-autosave-url]").count() == 0
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('autosave:'))") == []


def test_unsent_text_is_restored_from_the_browser_after_a_reload(page, make, context, live_server):
    candidate = make.candidate()
    sign_in(context, live_server, candidate.user)
    page.goto(FORM)
    # the page loads, but every draft request dies on the way (a flaky connection)
    page.route("**/kandidaat/dossier/concept", lambda route: route.abort("internetdisconnected"))
    fill_half(page)
    page.locator(f"{STATUS}[data-state=offline]").wait_for()
    served = page.reload().text()
    assert "een nieuw belscript" not in served  # the server did not have it...
    assert_half_is_there(page)  # ...so it was put back from the browser's copy
    page.unroute("**/kandidaat/dossier/concept")
    page.evaluate("window.dispatchEvent(new Event('online'))")
    dossier = wait_until_stored(page, make, candidate, lambda d: d.motivation != "")
    assert dossier.motivation == HALF["motivation"]
    assert dossier.story(StoryKind.MANAGER).competencies == ["analysis"]


def test_expired_session_keeps_the_text_until_the_next_login(page, make, context, live_server):
    candidate = make.candidate()
    sign_in(context, live_server, candidate.user)
    page.goto(FORM)
    context.clear_cookies()  # the session ends (timeout, logout in another tab)
    page.locator("#motivation").fill("Getypt nadat de sessie verliep, mag niet verloren gaan.")
    page.locator(f"{STATUS}[data-state=sessionExpired]").wait_for()
    assert "log opnieuw in" in page.locator(STATUS).inner_text()
    sign_in(context, live_server, candidate.user)
    page.goto(FORM)
    assert page.locator("#motivation").input_value().startswith("Getypt nadat de sessie")
    dossier = wait_until_stored(page, make, candidate, lambda d: d.motivation != "")
    assert dossier.motivation == "Getypt nadat de sessie verliep, mag niet verloren gaan."


def test_a_stale_csrf_token_is_renewed_and_the_save_retried(page, make, context, live_server):
    candidate = make.candidate()
    sign_in(context, live_server, candidate.user)
    page.goto(FORM)
    page.evaluate("document.querySelector('meta[name=csrf-token]').content = 'verlopen'")
    page.locator("#future_goal").fill("Na een nieuw beveiligingstoken toch opgeslagen.")
    page.locator(f"{STATUS}[data-state=saved]").wait_for()
    dossier = wait_until_stored(page, make, candidate, lambda d: d.future_goal != "")
    assert dossier.future_goal == "Na een nieuw beveiligingstoken toch opgeslagen."
    assert page.evaluate("document.querySelector('meta[name=csrf-token]').content") != "verlopen"
