"""The dossier form, built from the field rules and the eight competencies.

The page is rendered from these specs (labels, hints, limits) and posted back as flat
field names (see `ksf_b.dossier.rules`); `parse_form` turns a form post into the same
plain values the autosave JSON carries, so one set of rules checks both.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from ksf_b.competencies import COMPETENCIES, Competency
from ksf_b.dossier import rules


@dataclass(frozen=True)
class TextSpec:
    """One text field: its name, Dutch label and hint, and its length limits."""

    name: str
    label: str
    hint: str
    minimum: int
    maximum: int
    rows: int = 6


@dataclass(frozen=True)
class StorySpec:
    """One STAR story: its heading, introduction and four parts."""

    kind: str
    title: str
    intro: str
    parts: tuple[TextSpec, ...]
    competencies_field: str


def _text(name: str, label: str, hint: str, rows: int = 6) -> TextSpec:
    minimum, maximum = rules.TEXT_LIMITS[name]
    return TextSpec(name, label, hint, minimum, maximum, rows)


STAR_QUESTIONS = {
    "situation": (_l("Situatie"), _l("Wat speelde er? Wie waren erbij, wanneer en waar?")),
    "tasks": (_l("Taken"), _l("Wat waren je taken in deze situatie?")),
    "activities": (
        _l("Activiteiten"),
        _l("Wat heb je concreet gezegd of gedaan? Schrijf in de ik-vorm."),
    ),
    "result": (
        _l("Resultaat"),
        _l("Wat gebeurde er daarna? Wat leverde het op en wat heb je ervan geleerd?"),
    ),
}


def _story(kind: str, title: str, intro: str) -> StorySpec:
    parts = tuple(
        _text(f"{kind}_{part}", STAR_QUESTIONS[part][0], STAR_QUESTIONS[part][1], rows=5)
        for part in rules.STAR_PARTS
    )
    return StorySpec(kind, title, intro, parts, f"{kind}_competencies")


ROLE = _text(
    "role_description",
    _l("Jouw rol- en/of functieomschrijving"),
    _l(
        "Beschrijf je huidige functie en wat je doet, ook je extra taken: collega's "
        "begeleiden, vraagbaak zijn, kwaliteit bewaken."
    ),
)
MOTIVATION = _text(
    "motivation",
    _l("Jouw motivatie om dit examen af te leggen"),
    _l("Waarom wil je branchecertificaat B halen? Wat betekent het voor jou en je werk?"),
    rows=8,
)
FUTURE_GOAL = _text(
    "future_goal",
    _l("Jouw doel voor de toekomst"),
    _l("Waar wil je over een paar jaar staan, en hoe helpt dit certificaat daarbij?"),
)
STORIES: tuple[StorySpec, ...] = (
    _story(
        "manager",
        _l("STAR-verhaal met een leidinggevende"),
        _l("Beschrijf iets dat er speelde tussen jou en een leidinggevende."),
    ),
    _story(
        "colleague",
        _l("STAR-verhaal met een collega"),
        _l("Beschrijf iets dat er speelde tussen jou en een collega."),
    ),
)
YEARS_LABEL = _l("Aantal jaren werkzaam in klantcontactcenters")
YEARS_HINT = _l("In hele jaren, van 0 tot 50.")
SCALE_HINT = _l(
    "1 = laat ik nog weinig zien, 3 = laat ik meestal goed zien, "
    "5 = laat ik sterk en in veel situaties zien."
)
SCORES: tuple[int, ...] = tuple(range(rules.SCORE_RANGE[0], rules.SCORE_RANGE[1] + 1))


def competencies() -> tuple[Competency, ...]:
    """Return the eight competencies in the seed's order (one rating group each)."""
    return COMPETENCIES


def rating_field(code: str) -> str:
    """Return the form field name of the self-rating of a competency."""
    return f"rating_{code}"


def parse_form(form: MultiDict[str, str]) -> dict[str, object]:
    """Turn a posted dossier form into flat draft values (every field, as strings/lists)."""
    values: dict[str, object] = {}
    for name in rules.FIELD_NAMES:
        if name in rules.COMPETENCY_FIELDS:
            values[name] = form.getlist(name)
        else:
            values[name] = form.get(name, "")
    return values
