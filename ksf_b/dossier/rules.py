"""Validation of the dossier as pure functions: plain values in, Dutch messages out.

Field names are flat and shared by the HTML form, the autosave JSON and the operations:
`role_description`, `years_in_contact_centres`, `motivation`, `future_goal`,
`<kind>_<part>` for the STAR parts (kind `manager`/`colleague`, part
`situation`/`tasks`/`activities`/`result`), `<kind>_competencies` (list of codes) and
`rating_<code>` (1–5) for each of the eight competencies.

Two checks exist: `check_draft` (autosave: any subset, only types and maximum lengths) and
`validate_complete` (submit: everything required, minimum lengths too).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import gettext as _

from ksf_b.competencies import COMPETENCY_CODES
from ksf_b.journey.models import CandidateState

STORY_KINDS: tuple[str, ...] = ("manager", "colleague")
STAR_PARTS: tuple[str, ...] = ("situation", "tasks", "activities", "result")
STAR_LIMITS = (40, 2000)
YEARS_FIELD = "years_in_contact_centres"
YEARS_RANGE = (0, 50)
SCORE_RANGE = (1, 5)

# (minimum, maximum) characters after trimming, counted with line breaks as one character
TEXT_LIMITS: dict[str, tuple[int, int]] = {
    "role_description": (30, 2000),
    "motivation": (150, 3000),
    "future_goal": (50, 1500),
    **{f"{kind}_{part}": STAR_LIMITS for kind in STORY_KINDS for part in STAR_PARTS},
}
COMPETENCY_FIELDS: dict[str, str] = {f"{kind}_competencies": kind for kind in STORY_KINDS}
RATING_FIELDS: dict[str, str] = {f"rating_{code}": code for code in COMPETENCY_CODES}
FIELD_NAMES: tuple[str, ...] = (
    "role_description",
    YEARS_FIELD,
    "motivation",
    "future_goal",
    *(f"{kind}_{part}" for kind in STORY_KINDS for part in STAR_PARTS),
    *COMPETENCY_FIELDS,
    *RATING_FIELDS,
)


@dataclass
class DraftCheck:
    """The values that may be stored and, per bad field, why it was refused."""

    clean: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def normalise_text(value: str) -> str:
    """Turn browser line endings (CRLF on form posts) into LF so lengths match the counter."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def text_length(value: str) -> int:
    """Count characters the way the page's counter does: trimmed, line break = one."""
    return len(normalise_text(value).strip())


def _whole_number(value: object, low: int, high: int) -> tuple[bool, int | None]:
    """Parse an int or a string of digits within [low, high]; empty means no value."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return True, None
    if isinstance(value, bool):
        return False, None
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value.strip())
    if isinstance(value, int) and low <= value <= high:
        return True, value
    return False, None


def _check_text(name: str, value: object) -> tuple[str | None, str | None]:
    if value is None:
        value = ""
    if not isinstance(value, str):
        return None, _("Ongeldige waarde: hier hoort tekst.")
    text = normalise_text(value)
    maximum = TEXT_LIMITS[name][1]
    if text_length(text) > maximum:
        return None, _(
            "Te lang: maximaal %(max)d tekens (nu %(n)d).", max=maximum, n=text_length(text)
        )
    return text, None


def _check_competencies(value: object) -> tuple[list[str] | None, str | None]:
    if value is None:
        value = []
    if isinstance(value, str):
        value = [value] if value else []
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        return None, _("Ongeldige keuze van competenties.")
    if any(code not in COMPETENCY_CODES for code in value):
        return None, _("Onbekende competentie gekozen.")
    return [code for code in COMPETENCY_CODES if code in value], None


def _check_one(name: str, value: object) -> tuple[object, str | None]:
    """Check one draft field; return (clean value, None) or (None, Dutch message)."""
    if name in TEXT_LIMITS:
        return _check_text(name, value)
    if name == YEARS_FIELD:
        ok, years = _whole_number(value, *YEARS_RANGE)
        return (years, None) if ok else (None, _("Vul een heel aantal jaren in, van 0 tot 50."))
    if name in COMPETENCY_FIELDS:
        return _check_competencies(value)
    if name in RATING_FIELDS:
        ok, score = _whole_number(value, *SCORE_RANGE)
        return (score, None) if ok else (None, _("Kies een cijfer van 1 tot en met 5."))
    return None, _("Onbekend veld.")


def check_draft(fields: Mapping[str, object]) -> DraftCheck:
    """Check a partial draft: keep each good field, explain each bad one (types, maxima)."""
    check = DraftCheck()
    for name, value in fields.items():
        clean, error = _check_one(str(name), value)
        if error is None:
            check.clean[str(name)] = clean
        else:
            check.errors[str(name)] = error
    return check


def _complete_text(name: str, value: object) -> str | None:
    minimum, maximum = TEXT_LIMITS[name]
    length = text_length(value) if isinstance(value, str) else 0
    if length == 0:
        return _("Dit veld is verplicht.")
    if length < minimum:
        return _("Te kort: schrijf minimaal %(min)d tekens (nu %(n)d).", min=minimum, n=length)
    if length > maximum:
        return _("Te lang: maximaal %(max)d tekens (nu %(n)d).", max=maximum, n=length)
    return None


def _complete_one(name: str, value: object) -> str | None:
    if name in TEXT_LIMITS:
        return _complete_text(name, value)
    if name == YEARS_FIELD:
        ok, years = _whole_number(value, *YEARS_RANGE)
        if not ok or years is None:
            return _("Vul het aantal hele jaren in, van 0 tot 50.")
        return None
    if name in COMPETENCY_FIELDS:
        codes, error = _check_competencies(value)
        if error or not codes:
            return error or _("Kies minstens één competentie die dit verhaal laat zien.")
        return None
    ok, score = _whole_number(value, *SCORE_RANGE)
    if not ok or score is None:
        return _("Kies een cijfer van 1 tot en met 5.")
    return None


def validate_complete(values: Mapping[str, object]) -> dict[str, str]:
    """Check a whole dossier for submission; return {field: Dutch message} for each problem."""
    errors: dict[str, str] = {}
    for name in FIELD_NAMES:
        error = _complete_one(name, values.get(name))
        if error:
            errors[name] = error
    return errors


S = CandidateState


def next_step(state: CandidateState, dossier_submitted: bool, endorsement_submitted: bool) -> str:
    """Say in one sentence what the candidate does (or waits for) next."""
    if state in (S.NOMINATED, S.DOSSIER_IN_PROGRESS):
        if not dossier_submitted:
            return _("Vul je motivatiedossier in en dien het in.")
        if not endorsement_submitted:
            return _(
                "Je dossier is ingediend. Zodra je leidinggevende de aanbeveling heeft "
                "ingediend, gaat onderdeel 1 naar de KSF."
            )
        return _("Onderdeel 1 gaat naar de KSF.")
    messages = {
        S.PART1_SUBMITTED: _(
            "De KSF beoordeelt je dossier en de aanbeveling van je leidinggevende. "
            "Je krijgt bericht per e-mail."
        ),
        S.PART1_REJECTED: _(
            "De KSF heeft onderdeel 1 niet goedgekeurd. De reden staat hieronder; "
            "bespreek met je leidinggevende hoe je verder wilt."
        ),
        S.THEORY_A_REQUIRED: _(
            "Onderdeel 1 is goedgekeurd. Je maakt eerst de online toets voor certificaat A; "
            "daarna opent het online assessment."
        ),
        S.ASSESSMENT_INVITED: _(
            "Start het online assessment: je neemt je reactie op tien situaties op video op."
        ),
        S.RECORDING: _("Ga verder met het online assessment waar je gebleven was."),
    }
    return messages.get(
        state,
        _("Je opnames worden beoordeeld. Je krijgt bericht zodra de uitslag bekend is.")
        if state is not S.RESULT_RELEASED
        else _("De uitslag is bekend."),
    )
