"""While a checklist is incomplete nothing reads like a result: "Voorlopig, nog niet compleet"
and what is missing, for the examiner and the admin; the candidate sees nothing until sign-off."""

from __future__ import annotations

import re

from ksf_b.accounts.models import Role
from practicals import checklists
from practicals import operations as ops
from practicals.models import PracticalKind
from practicals.rules import (
    FAILED,
    GOOD,
    INCOMPLETE,
    NOT_GOOD,
    ChatRules,
    PhoneRules,
    chat_outcome,
    phone_outcome,
)
from practicals.seed_data import CHAT_V1, PHONE_V1
from tests.ksf_b.journey.support import sign_in
from tests.practicals import support

CHAT = checklists.parse(CHAT_V1)
PHONE = checklists.parse(PHONE_V1)
VERDICT = re.compile(r"\bgehaald\b|\bgeslaagd\b", re.IGNORECASE)


def test_an_incomplete_chat_outcome_has_no_verdict_in_any_line() -> None:
    chats = [dict.fromkeys(CHAT.codes, NOT_GOOD) for _ in range(3)]  # bad so far, but only 3
    outcome = chat_outcome(CHAT, chats, ChatRules())
    assert outcome.status == INCOMPLETE
    assert outcome.reasons[0].startswith(
        "Voorlopig, nog niet compleet: er is nog geen uitslag. Ontbreekt: "
        "3 van de minimaal 5 chats zijn volledig beoordeeld."
    )
    assert not [line for line in outcome.reasons if VERDICT.search(line)]
    assert "Eindterm 1 (verplicht): tot nu toe 0 van 2 punten, alle 2 nodig." in outcome.reasons
    assert "Totaal tot nu toe: 0 van 20 punten; minimaal 17 nodig." in outcome.reasons
    # the same marks in five chats are a result, and say so
    complete = chat_outcome(CHAT, chats * 2, ChatRules())
    assert complete.status == FAILED
    assert any("niet gehaald" in line for line in complete.reasons)


def test_one_missing_item_or_several_are_counted_in_the_first_line() -> None:
    chats = [dict.fromkeys(CHAT.codes, GOOD) for _ in range(5)]
    del chats[4]["2.5d"]
    outcome = chat_outcome(CHAT, chats, ChatRules())
    assert outcome.missing[0] == "4 van de minimaal 5 chats zijn volledig beoordeeld."
    assert outcome.reasons[0].endswith("En nog 1 punt (zie wat nog ontbreekt).")


def test_an_incomplete_phone_outcome_names_unchecked_processes_without_a_verdict() -> None:
    outcome = phone_outcome(PHONE, [], PhoneRules())
    assert outcome.status == INCOMPLETE
    assert "1.1.1" in " ".join(outcome.reasons) and "nog niet gecheckt" in " ".join(outcome.reasons)
    assert not [line for line in outcome.reasons if VERDICT.search(line)]


def test_an_untouched_call_is_missing_not_failed(app, make) -> None:
    obs = support.observation(make, PracticalKind.PHONE)
    outcome = ops.outcome_of(obs)
    assert outcome.status == INCOMPLETE  # scheduled: nothing observed yet
    assert outcome.missing[0].startswith("0 van de minimaal 1 gesprekken zijn vastgelegd")
    ops.save_marks(obs, obs.examiner, {"note-1": "Klant belde over een factuur."}, None)
    assert ops.outcome_of(obs).status == FAILED  # observed, nothing ticked: that is a result


def test_examiner_and_admin_see_provisional_the_candidate_nothing(client, make) -> None:
    obs = support.observation(make, PracticalKind.CHAT)
    support.fill_chat(obs, positions=[1, 2])
    sign_in(client, obs.examiner)
    page = client.get(f"/praktijk/{obs.public_id}").get_data(as_text=True)
    panel = page[page.index('id="outcome-panel"') :]
    assert "Voorlopig – nog niet compleet" in panel and "er is nog geen uitslag" in panel
    assert "Ontbreekt nog:" in panel and "2 van de minimaal 5 chats" in panel
    assert "Geslaagd" not in panel and "Niet geslaagd" not in panel
    live = client.get(f"/praktijk/{obs.public_id}/uitkomst").get_data(as_text=True)
    assert "Voorlopig – nog niet compleet" in live
    sign_in(client, make.user(Role.ADMIN))
    detail = client.get(f"/beheer/praktijk/{obs.public_id}").get_data(as_text=True)
    assert "Voorlopig – nog niet compleet" in detail and "Ontbreekt nog:" in detail
    sign_in(client, obs.candidate)
    mine = client.get("/kandidaat/praktijk/").get_data(as_text=True)
    assert "Voorlopig" not in mine and "geslaagd" not in mine.lower()
    assert "De uitkomst zie je hier zodra de examinator de checklist heeft afgetekend." in mine


def test_complete_but_not_signed_off_is_provisional_until_sign_off(client, make) -> None:
    obs = support.observation(make, PracticalKind.CHAT)
    support.fill_chat(obs)
    sign_in(client, obs.examiner)
    page = client.get(f"/praktijk/{obs.public_id}").get_data(as_text=True)
    assert "Voorlopig: geslaagd volgens de regels (nog niet afgetekend)" in page
    assert "Dit is pas de uitslag als de examinator de checklist aftekent." in page
    sign_in(client, obs.candidate)
    assert "geslaagd" not in client.get("/kandidaat/praktijk/").get_data(as_text=True).lower()
    ops.sign_off(obs, obs.examiner)
    make.db.session.commit()
    mine = client.get("/kandidaat/praktijk/").get_data(as_text=True)
    assert "<strong>Geslaagd</strong>" in mine and "Voorlopig" not in mine
