"""The eight competencies of certificate B (seed 004), in the order the seed lists them.

Programme definitions that part 1 (the dossier's STAR stories and self-assessment), part 2
(the scenarios) and the rating (`assessors/`) share, so they live in the core.

Codes are stable English identifiers stored in the database; labels and descriptions are Dutch
and translated lazily so they follow the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Competency:
    """One competency tested in the assessment, with a short description."""

    code: str
    label: str
    description: str


COMPETENCIES: tuple[Competency, ...] = (
    Competency(
        "analysis",
        _l("Analyse en oordeelsvorming"),
        _l("Ziet wat er echt speelt, weegt feiten en belangen en komt tot een onderbouwd oordeel."),
    ),
    Competency(
        "sensitivity",
        _l("Sensitiviteit/inlevingsvermogen"),
        _l("Merkt gevoelens en behoeften van de ander op en laat zien dat die begrepen worden."),
    ),
    Competency(
        "flexibility",
        _l("Flexibiliteit"),
        _l("Past de eigen aanpak aan wanneer de situatie of de persoon daarom vraagt."),
    ),
    Competency(
        "persuasiveness",
        _l("Overtuigingskracht"),
        _l("Brengt een standpunt helder over en krijgt de ander mee met passende argumenten."),
    ),
    Competency(
        "task_leadership",
        _l("Taakgericht leiderschap"),
        _l("Geeft richting aan taken, maakt duidelijke afspraken en bewaakt de uitvoering."),
    ),
    Competency(
        "reflection",
        _l("Reflectie"),
        _l("Kijkt kritisch naar het eigen handelen en trekt daar bruikbare lessen uit."),
    ),
    Competency(
        "organisational_sensitivity",
        _l("Organisatiesensitiviteit"),
        _l("Begrijpt hoe beslissingen en gedrag doorwerken in de organisatie en handelt daarnaar."),
    ),
    Competency(
        "oral_language",
        _l("Mondelinge taalvaardigheid"),
        _l("Spreekt helder, correct en passend bij de situatie en de gesprekspartner."),
    ),
)

COMPETENCY_CODES: tuple[str, ...] = tuple(c.code for c in COMPETENCIES)
ORAL_LANGUAGE = "oral_language"

_BY_CODE = {c.code: c for c in COMPETENCIES}


def get(code: str) -> Competency:
    """Return the competency with this code; raise KeyError for an unknown code."""
    return _BY_CODE[code]


def is_known(code: str) -> bool:
    """Tell whether a stored code still names a competency."""
    return code in _BY_CODE
