"""Worked examples of the outcome rules, taken from the seed texts (001_… chat, 002_… phone)."""

from __future__ import annotations

from datetime import date

import pytest

from practicals import checklists
from practicals.rules import (
    FAILED,
    GOOD,
    INCOMPLETE,
    NA,
    NOT_GOOD,
    PASSED,
    ChatRules,
    PhoneRules,
    ProgrammeRequirements,
    add_months,
    chat_outcome,
    parse_minimums,
    phone_outcome,
    programme_status,
)
from practicals.seed_data import CHAT_V1, PHONE_V1

CHAT = checklists.parse(CHAT_V1)
PHONE = checklists.parse(PHONE_V1)
RULES = ChatRules()


def all_good_chats(n: int = 5) -> list[dict[str, str]]:
    return [dict.fromkeys(CHAT.codes, GOOD) for _ in range(n)]


def test_the_chat_checklist_has_the_seeds_20_criteria_split_2_17_1():
    per_eindterm = {e.code: len(e.items) for e in CHAT.eindtermen}
    assert per_eindterm == {"1": 2, "2": 17, "3": 1}
    assert [s.code for e in CHAT.eindtermen for s in e.sections] == [
        "1.1", "2.1", "2.2", "2.3", "2.4", "2.5", "3.1"
    ]  # fmt: skip


def test_the_phone_checklist_has_every_process_of_seed_002():
    assert PHONE.codes == (
        "1.1.1", "2.1.1", "2.1.2", "2.2.1", "2.3.1", "2.4.1", "2.4.2", "3.1.1", "3.2.1"
    )  # fmt: skip
    etiquette = PHONE.item("2.4.2")
    assert "laat de klant als eerste de verbinding verbreken." in etiquette.details
    assert len(PHONE.item("2.2.1").details) == 6


def test_five_good_chats_pass_with_20_points():
    outcome = chat_outcome(CHAT, all_good_chats(), RULES)
    assert outcome.status == PASSED
    assert (outcome.total, outcome.maximum) == (20, 20)
    assert outcome.reasons[0].startswith("Geslaagd")


def test_fewer_than_five_chats_is_incomplete_not_failed():
    # "Er is een minimum van vijf chats nodig"
    outcome = chat_outcome(CHAT, all_good_chats(4), RULES)
    assert outcome.status == INCOMPLETE
    assert outcome.missing[0] == "4 van de minimaal 5 chats zijn volledig beoordeeld."


def test_a_chat_with_open_criteria_does_not_count_and_says_which():
    chats = all_good_chats()
    del chats[2]["2.4b"]
    outcome = chat_outcome(CHAT, chats, RULES)
    assert outcome.status == INCOMPLETE
    assert "Chat 3: nog 1 criterium zonder oordeel (2.4b)." in outcome.missing


def test_na_is_not_an_occurrence_and_fewer_than_three_is_incomplete():
    # "In chats waarin de toetstermen niet voorkomen wordt n.v.t. gescoord."
    chats = all_good_chats()
    for chat in chats[2:]:
        chat["2.5d"] = NA  # the customer showed emotion in two chats only
    outcome = chat_outcome(CHAT, chats, RULES)
    assert outcome.status == INCOMPLETE
    result = outcome.item("2.5d")
    assert (result.occurrences, result.not_applicable, result.too_few) == (2, 3, True)
    assert any(m.startswith("2.5d kwam in 2 chats voor") for m in outcome.missing)


def test_three_chats_is_the_boundary_of_the_three_chat_rule():
    chats = all_good_chats()
    for chat in chats[3:]:
        chat["2.5d"] = NA
    outcome = chat_outcome(CHAT, chats, RULES)
    assert outcome.item("2.5d").earned  # occurs in exactly three chats, good there
    assert outcome.status == PASSED


def test_good_in_two_of_five_chats_earns_no_point():
    # occurs in all five, good in two: "in ten minste drie chats ... als goed beoordeeld" fails
    chats = all_good_chats()
    for chat in chats[2:]:
        chat["2.4b"] = NOT_GOOD
    outcome = chat_outcome(CHAT, chats, RULES)
    result = outcome.item("2.4b")
    assert (result.good, result.not_good, result.earned, result.too_few) == (2, 3, False, False)
    assert outcome.total == 19
    assert outcome.status == PASSED  # 19 ≥ 17 and eindterm 2 is not critical
    assert any(
        r.startswith("2.4b Vraagt door: goed in 2 en niet goed in 3") for r in outcome.reasons
    )


def test_good_in_three_and_not_good_in_two_earns_the_point_by_default_not_when_strict():
    chats = all_good_chats()
    for chat in chats[3:]:
        chat["2.4b"] = NOT_GOOD
    assert chat_outcome(CHAT, chats, RULES).item("2.4b").earned
    strict = ChatRules(good_rule="all_good")
    assert not chat_outcome(CHAT, chats, strict).item("2.4b").earned


def test_eindterm_1_must_score_2_points():
    # "De score op eindterm 1 moet altijd 2 punten zijn." 19 points overall still fails
    chats = all_good_chats()
    for chat in chats:
        chat["1.1b"] = NOT_GOOD
    outcome = chat_outcome(CHAT, chats, RULES)
    assert outcome.status == FAILED
    assert outcome.total == 19
    assert outcome.reasons[0] == (
        "Niet geslaagd: de verplichte score op eindterm 1 is niet gehaald."
    )


def test_eindterm_3_must_score_1_point():
    chats = all_good_chats()
    for chat in chats[:3]:
        chat["3.1a"] = NOT_GOOD
    outcome = chat_outcome(CHAT, chats, RULES)
    assert outcome.status == FAILED
    assert [e.code for e in outcome.eindtermen if not e.met] == ["3"]


def test_the_total_minimum_of_17_at_its_boundary():
    chats = all_good_chats()
    for code in ("2.1a", "2.2b", "2.3c"):
        for chat in chats:
            chat[code] = NOT_GOOD
    assert chat_outcome(CHAT, chats, RULES).total == 17
    assert chat_outcome(CHAT, chats, RULES).status == PASSED
    for chat in chats:
        chat["2.5a"] = NOT_GOOD
    outcome = chat_outcome(CHAT, chats, RULES)
    assert (outcome.total, outcome.status) == (16, FAILED)
    assert "Totaal: 16 van 20 punten; minimaal 17 nodig." in outcome.reasons


def test_more_than_five_chats_may_complete_a_criterion():
    chats = all_good_chats(6)
    for chat in chats[2:5]:
        chat["2.5d"] = NA
    outcome = chat_outcome(CHAT, chats, RULES)
    assert outcome.item("2.5d").occurrences == 3
    assert outcome.status == PASSED


# --- phone -----------------------------------------------------------------------------------


def all_ticked() -> dict[str, bool]:
    return dict.fromkeys(PHONE.codes, True)


def test_phone_all_processes_checked_passes():
    outcome = phone_outcome(PHONE, [all_ticked()], PhoneRules())
    assert outcome.status == PASSED
    assert outcome.total == 9


def test_phone_without_a_call_is_incomplete():
    outcome = phone_outcome(PHONE, [], PhoneRules())
    assert outcome.status == INCOMPLETE
    assert outcome.missing[0].startswith("0 van de minimaal 1 gesprekken zijn vastgelegd")


def test_phone_critical_eindterm_needs_every_process():
    call = all_ticked()
    call["3.2.1"] = False
    outcome = phone_outcome(PHONE, [call], PhoneRules())
    assert outcome.status == FAILED
    assert "3.2.1 Handelt op de juiste manier naar opdrachtgevers/klanten.: niet gecheckt." in (
        outcome.reasons
    )


def test_phone_minimum_for_eindterm_2_at_its_boundary():
    call = all_ticked()
    call["2.3.1"] = False  # 5 of 6 processes of eindterm 2
    assert phone_outcome(PHONE, [call], PhoneRules()).status == PASSED
    call["2.4.2"] = False  # 4 of 6
    outcome = phone_outcome(PHONE, [call], PhoneRules())
    assert outcome.status == FAILED
    assert (
        "Eindterm 2: 4 van 6 processen gecheckt, minimaal 5 nodig: niet gehaald." in outcome.reasons
    )


def test_phone_a_tick_in_any_call_checks_the_process_unless_more_are_required():
    first, second = all_ticked(), all_ticked()
    first["2.3.1"] = False  # spelling alphabet only heard in the second call
    assert phone_outcome(PHONE, [first, second], PhoneRules()).item("2.3.1").earned
    strict = PhoneRules(min_ticks=2)
    assert not phone_outcome(PHONE, [first, second], strict).item("2.3.1").earned


def test_parse_minimums():
    assert parse_minimums("2:5, 4:1") == {"2": 5, "4": 1}
    with pytest.raises(ValueError, match="eindterm:aantal"):
        parse_minimums("2=5")


# --- programmes ------------------------------------------------------------------------------


def test_add_months_clamps_to_the_months_last_day():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_three_months_between_theory_and_practical_is_fine_one_day_more_warns():
    req = ProgrammeRequirements("CHAT", True, "chat")
    ok = programme_status(req, date(2026, 1, 31), date(2026, 4, 30))
    assert ok.complete and not ok.warnings
    late = programme_status(req, date(2026, 1, 31), date(2026, 5, 1))
    assert late.complete
    assert late.warnings[0].startswith("Tussen theorie- en praktijktoets liggen meer dan 3")


def test_a_programme_lists_what_is_missing():
    chat = programme_status(ProgrammeRequirements("CHAT", True, "chat"), None, date(2026, 2, 1))
    assert not chat.complete
    assert chat.missing == ["De theorietoets is nog niet behaald."]
    theory_only = ProgrammeRequirements("A", True, None)
    assert programme_status(theory_only, date(2026, 2, 1), None).complete


def test_a_bad_definition_is_refused_with_dutch_messages():
    data = {**CHAT_V1, "eindtermen": [{**CHAT_V1["eindtermen"][0], "title": ""}] * 2}
    with pytest.raises(checklists.DefinitionError) as error:
        checklists.parse(data)
    assert "Deze codes komen dubbel voor: 1.1a, 1.1b." in error.value.messages
    assert "eindterm 1: tekst ontbreekt." in error.value.messages
