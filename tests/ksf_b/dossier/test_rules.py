"""Dossier rules as pure functions: worked examples, no HTTP, no database."""

import pytest

from ksf_b.competencies import COMPETENCY_CODES
from ksf_b.dossier import rules
from ksf_b.dossier.demo import DEMO_FIELDS
from ksf_b.journey.models import CandidateState as S


def complete_values() -> dict[str, object]:
    return dict(DEMO_FIELDS)


def test_field_names_cover_the_seed():
    assert len(rules.FIELD_NAMES) == 4 + 8 + 2 + 8
    assert "manager_activities" in rules.FIELD_NAMES
    assert "colleague_result" in rules.FIELD_NAMES
    assert {f"rating_{c}" for c in COMPETENCY_CODES} <= set(rules.FIELD_NAMES)


def test_demo_dossier_is_complete():
    assert rules.validate_complete(complete_values()) == {}


def test_empty_dossier_lists_every_field():
    errors = rules.validate_complete({})
    assert set(errors) == set(rules.FIELD_NAMES)
    assert errors["motivation"] == "Dit veld is verplicht."
    assert errors["manager_competencies"].startswith("Kies minstens één competentie")
    assert errors["rating_reflection"] == "Kies een cijfer van 1 tot en met 5."
    assert "0 tot 50" in errors["years_in_contact_centres"]


@pytest.mark.parametrize(
    ("length", "error"),
    [(149, "Te kort: schrijf minimaal 150 tekens (nu 149)."), (150, None), (3000, None)],
)
def test_motivation_minimum_and_maximum(length, error):
    values = complete_values() | {"motivation": "a" * length}
    assert rules.validate_complete(values).get("motivation") == error


def test_motivation_over_maximum_is_refused_in_draft_and_submit():
    values = complete_values() | {"motivation": "b" * 3001}
    assert rules.validate_complete(values)["motivation"] == (
        "Te lang: maximaal 3000 tekens (nu 3001)."
    )
    assert rules.check_draft({"motivation": "b" * 3001}).errors["motivation"].startswith("Te lang")


def test_whitespace_does_not_count_and_crlf_counts_as_one():
    assert rules.text_length("   ") == 0
    assert rules.text_length("ab\r\ncd") == 5
    values = complete_values() | {"manager_situation": "  " + "x" * 39 + "   "}
    assert rules.validate_complete(values)["manager_situation"].startswith("Te kort")


def test_star_part_limits_are_40_to_2000():
    for name in ("manager_tasks", "colleague_activities"):
        assert rules.TEXT_LIMITS[name] == (40, 2000)
        assert rules.validate_complete(complete_values() | {name: "y" * 40}).get(name) is None
        assert rules.validate_complete(complete_values() | {name: "y" * 39}).get(name)


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        (0, True),
        (50, True),
        ("12", True),
        (" 7 ", True),
        (51, False),
        (-1, False),
        ("7.5", False),
        ("zeven", False),
        (True, False),
        (3.0, False),
        ("", False),
        (None, False),
    ],
)
def test_years_must_be_whole_0_to_50(value, ok):
    error = rules.validate_complete(complete_values() | {"years_in_contact_centres": value})
    assert ("years_in_contact_centres" not in error) is ok


def test_story_needs_one_known_competency():
    assert "colleague_competencies" in rules.validate_complete(
        complete_values() | {"colleague_competencies": []}
    )
    errors = rules.validate_complete(complete_values() | {"colleague_competencies": ["charisma"]})
    assert errors["colleague_competencies"] == "Onbekende competentie gekozen."


def test_every_rating_1_to_5_required():
    values = complete_values()
    del values["rating_oral_language"]
    assert set(rules.validate_complete(values)) == {"rating_oral_language"}
    for bad in (0, 6, "vijf", 2.5):
        assert rules.validate_complete(complete_values() | {"rating_analysis": bad})
    assert not rules.validate_complete(complete_values() | {"rating_analysis": "5"})


def test_draft_keeps_good_fields_and_explains_bad_ones():
    check = rules.check_draft(
        {
            "motivation": "Begin van mijn motivatie",
            "future_goal": 42,
            "years_in_contact_centres": "veel",
            "manager_competencies": ["analysis", "analysis", "reflection"],
            "rating_flexibility": "4",
            "rating_reflection": 9,
            "is_admin": True,
        }
    )
    assert check.clean == {
        "motivation": "Begin van mijn motivatie",
        "manager_competencies": ["analysis", "reflection"],
        "rating_flexibility": 4,
    }
    assert set(check.errors) == {
        "future_goal",
        "years_in_contact_centres",
        "rating_reflection",
        "is_admin",
    }
    assert check.errors["future_goal"] == "Ongeldige waarde: hier hoort tekst."
    assert check.errors["is_admin"] == "Onbekend veld."


def test_draft_allows_short_and_empty_values():
    check = rules.check_draft(
        {
            "motivation": "",
            "role_description": "kort",
            "rating_analysis": None,
            "years_in_contact_centres": "",
        }
    )
    assert not check.errors
    assert check.clean["rating_analysis"] is None
    assert check.clean["years_in_contact_centres"] is None


def test_draft_keeps_script_tags_as_plain_text():
    text = "<script>alert('x')</script> gewoon tekst"
    assert rules.check_draft({"motivation": text}).clean["motivation"] == text


def test_draft_refuses_wrong_container_types():
    check = rules.check_draft({"manager_competencies": {"a": 1}, "motivation": ["lijst"]})
    assert set(check.errors) == {"manager_competencies", "motivation"}


@pytest.mark.parametrize(
    ("state", "dossier", "endorsed", "expected"),
    [
        (S.NOMINATED, False, False, "Vul je motivatiedossier in"),
        (S.DOSSIER_IN_PROGRESS, True, False, "Zodra je leidinggevende"),
        (S.PART1_SUBMITTED, True, True, "De KSF beoordeelt"),
        (S.PART1_REJECTED, True, True, "niet goedgekeurd"),
        (S.THEORY_A_REQUIRED, True, True, "toets voor certificaat A"),
        (S.ASSESSMENT_INVITED, True, True, "Start het online assessment"),
        (S.RATING, True, True, "worden beoordeeld"),
        (S.RESULT_RELEASED, True, True, "uitslag is bekend"),
    ],
)
def test_next_step_per_state(state, dossier, endorsed, expected):
    assert expected in rules.next_step(state, dossier, endorsed)
