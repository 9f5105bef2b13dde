"""Part 1 as people do it in Chromium: invite, nominate, endorse, submit, KSF decides."""

from __future__ import annotations

import re

from sqlalchemy import select

from ksf_b.accounts.models import Role, User
from ksf_b.journey.models import Candidate, CandidateState
from tests.browser.conftest import assert_accessible, login_page
from tests.ksf_b.accounts.mailbox import last_link_to
from tests.ksf_b.journey.support import mails_to

NEW_PASSWORD = "een lange zin als wachtwoord"
REASON_1 = (
    "Sanne is sinds drie jaar de vaste coach van nieuwe collega's en lost de lastigste "
    "escalaties zelf op."
)
REASON_2 = (
    "Pieter bewaakt de kwaliteit van onze chats en heeft de nieuwe kennisbank opgezet "
    "voor het hele team."
)
ROLE_MODEL = (
    "Collega's vragen eerst om raad bij deze medewerker; die geeft na elk meeluistergesprek "
    "concrete feedback."
)


def accept_invitation(app, context, email: str):  # type: ignore[no-untyped-def]
    """Follow the invitation link from the outbox and choose a password."""
    page = context.new_page()
    page.goto(last_link_to(app, email))
    page.get_by_label("Nieuw wachtwoord").fill(NEW_PASSWORD)
    page.get_by_label("Herhaal het wachtwoord").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    page.wait_for_load_state("networkidle")
    return page


def new_context(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="nl-NL")
    context.set_default_timeout(15_000)
    return context


def nominate(page, name: str, email: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("link", name="Kandidaat aanmelden").first.click()
    page.get_by_label("Volledige naam").fill(name)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Geboortedatum").fill("1990-03-15")
    page.get_by_label("Huidige functie").fill("Senior medewerker klantcontact")
    page.get_by_role("button", name="Aanmelden en uitnodigen").click()
    page.get_by_text(f"{name} is aangemeld").wait_for()


def endorse(page, name: str, reason: str, check_a11y: bool = False) -> None:  # type: ignore[no-untyped-def]
    page.goto("/leidinggevende/")
    page.get_by_role("link", name=f"Aanbeveling schrijven voor {name}").click()
    if check_a11y:
        assert_accessible(page)
    page.get_by_label("Waarom draag je deze kandidaat voor?").fill(reason)
    page.get_by_label("Hoe vervult de kandidaat een voorbeeldrol").fill(ROLE_MODEL)
    page.get_by_label("Ik bevestig dat de functieomschrijving").check()
    page.get_by_role("button", name="Aanbeveling indienen").click()
    page.get_by_text(f"Je aanbeveling voor {name} is ingediend.").wait_for()


def test_part1_from_invitation_to_decision(app, browser, live_server, page, make, db) -> None:
    from ksf_b.dossier.demo import fill_demo_dossier
    from ksf_b.journey.operations import on_part1_piece_submitted

    company = make.company("Belcentrum Zuid")
    admin = make.user(Role.ADMIN)

    # the admin registers a manager, who accepts the invitation
    login_page(page, admin)
    page.goto("/admin/leidinggevenden/nieuw")
    page.get_by_label("Bedrijf").select_option(label="Belcentrum Zuid")
    page.get_by_label("Volledige naam").fill("Mirjam Manager")
    page.get_by_label("E-mailadres").fill("mirjam@zuid.nl")
    page.get_by_role("button", name="Registreren en uitnodigen").click()
    page.get_by_text("De leidinggevende is geregistreerd en uitgenodigd.").wait_for()

    manager_context = new_context(browser, live_server)
    manager = accept_invitation(app, manager_context, "mirjam@zuid.nl")
    assert "/leidinggevende/" in manager.url

    # the manager nominates two candidates and writes a different endorsement for each
    nominate(manager, "Sanne de Vries", "sanne@zuid.nl")
    nominate(manager, "Pieter Bakker", "pieter@zuid.nl")

    # Sanne accepts her invitation and submits her dossier (its text is prefilled here;
    # typing it and reloading is the dossier's own browser test)
    db.session.expire_all()
    sanne = db.session.scalar(
        select(Candidate).join(Candidate.user).where(User.email == "sanne@zuid.nl")
    )
    pieter = db.session.scalar(
        select(Candidate).join(Candidate.user).where(User.email == "pieter@zuid.nl")
    )
    assert sanne.company_id == company.id and sanne.manager.email == "mirjam@zuid.nl"
    fill_demo_dossier(sanne, complete=True)
    fill_demo_dossier(pieter, complete=True, submitted=True)
    on_part1_piece_submitted(pieter, pieter.user)
    db.session.commit()
    # the manager confirms the role description the candidates wrote, so endorses after it
    endorse(manager, "Sanne de Vries", REASON_1, check_a11y=True)
    endorse(manager, "Pieter Bakker", REASON_2)

    candidate_context = new_context(browser, live_server)
    candidate = accept_invitation(app, candidate_context, "sanne@zuid.nl")
    candidate.goto("/kandidaat/dossier")
    candidate.get_by_role("button", name="Dossier indienen").click()
    candidate.wait_for_load_state("networkidle")
    db.session.expire_all()
    assert sanne.state is CandidateState.PART1_SUBMITTED
    assert pieter.state is CandidateState.PART1_SUBMITTED

    # KSF reads both side by side: approves Sanne, rejects Pieter with a reason
    page.goto("/admin/")
    page.get_by_role("link", name="Beoordelen Sanne de Vries").click()
    page.get_by_text(REASON_1).wait_for()
    assert_accessible(page)
    page.get_by_label("Goedkeuren").check()
    page.get_by_label("Toelichting voor kandidaat en leidinggevende").fill(
        "Overtuigend dossier en een sterke aanbeveling."
    )
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text("Het besluit is vastgelegd").wait_for()

    page.get_by_role("link", name="Beoordelen Pieter Bakker").click()
    page.get_by_label("Afwijzen").check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text("Schrijf een toelichting bij het besluit.").wait_for()
    rejection = "De STAR-verhalen laten het eigen aandeel en het resultaat niet zien."
    page.get_by_label("Toelichting voor kandidaat en leidinggevende").fill(rejection)
    page.get_by_role("button", name="Besluit vastleggen").click()
    page.get_by_text("Het besluit is vastgelegd").wait_for()

    # each sees the right next step
    candidate.goto("/")
    assert re.search("certificaat A", candidate.content())
    manager.goto("/leidinggevende/")
    assert rejection in manager.content()
    assert "Onderdeel 1 goedgekeurd; eerst de toets voor certificaat A" in manager.content()

    sanne_mail = mails_to(app, "sanne@zuid.nl")[-1]
    assert "goedgekeurd" in str(sanne_mail["Subject"])
    assert "theorietoets voor certificaat A" in sanne_mail.get_content()
    pieter_mail = mails_to(app, "pieter@zuid.nl")[-1]
    assert "niet goedgekeurd" in str(pieter_mail["Subject"])
    assert rejection in pieter_mail.get_content()
    assert len(mails_to(app, "mirjam@zuid.nl")) >= 3  # invitation + two decisions
    manager_context.close()
    candidate_context.close()
