"""The endorsement form and the rules its drafts and its submission share."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


@dataclass(frozen=True)
class TextRule:
    """Length limits of one free-text field (min only applies on submit)."""

    min: int
    max: int


TEXT_RULES: dict[str, TextRule] = {
    "nomination_reason": TextRule(min=50, max=4000),
    "role_model_description": TextRule(min=50, max=4000),
    "role_description_remark": TextRule(min=0, max=2000),
}
BOOL_FIELDS = ("role_description_confirmed",)
FIELDS = (*TEXT_RULES, *BOOL_FIELDS)


def clean_draft(fields: object) -> tuple[dict[str, object], dict[str, str]]:
    """Split posted draft fields into values to save and Dutch errors per field.

    A draft may be incomplete, so only types and maximum lengths are checked; every good
    field is kept even when another one is wrong.
    """
    if not isinstance(fields, Mapping):
        return {}, {"fields": str(_l("De gegevens hebben een onbekende vorm."))}
    values: dict[str, object] = {}
    errors: dict[str, str] = {}
    for name, value in fields.items():
        error = _draft_error(str(name), value)
        if error:
            errors[str(name)] = error
        else:
            values[str(name)] = as_bool(value) if name in BOOL_FIELDS else value
    return values, errors


def as_bool(value: object) -> bool | None:
    """Read a checkbox: JSON true/false, or autosave.js's list of checked values."""
    if isinstance(value, bool):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value) and len(value) <= 1:
        return bool(value)
    return None


def _draft_error(name: str, value: object) -> str | None:
    if name in BOOL_FIELDS:
        return None if as_bool(value) is not None else str(_l("Kies ja of nee."))
    rule = TEXT_RULES.get(name)
    if rule is None:
        return str(_l("Onbekend veld."))
    if not isinstance(value, str):
        return str(_l("Dit veld moet tekst bevatten."))
    if len(value) > rule.max:
        return str(_l("Gebruik hoogstens %(max)s tekens (nu %(n)s).", max=rule.max, n=len(value)))
    return None


def _length(name: str, what: str):  # type: ignore[no-untyped-def]
    rule = TEXT_RULES[name]
    return Length(
        min=rule.min,
        max=rule.max,
        message=_l(
            "Schrijf %(what)s in %(min)s tot %(max)s tekens.", what=what, min=rule.min, max=rule.max
        ),
    )


class EndorsementForm(FlaskForm):
    """The manager's personal motivation for one candidate."""

    nomination_reason = TextAreaField(
        _l("Waarom draag je deze kandidaat voor?"),
        validators=[
            DataRequired(_l("Beschrijf waarom je deze kandidaat voordraagt.")),
            _length("nomination_reason", _l("de reden")),
        ],
    )
    role_model_description = TextAreaField(
        _l("Hoe vervult de kandidaat een voorbeeldrol in je contactcenter?"),
        validators=[
            DataRequired(_l("Beschrijf de voorbeeldrol van de kandidaat.")),
            _length("role_model_description", _l("de voorbeeldrol")),
        ],
    )
    role_description_confirmed = BooleanField(
        _l("Ik bevestig dat de functieomschrijving van de kandidaat klopt."),
        validators=[DataRequired(_l("Bevestig de functieomschrijving van de kandidaat."))],
    )
    role_description_remark = TextAreaField(
        _l("Opmerking bij de functieomschrijving (niet verplicht)"),
        validators=[Optional(), _length("role_description_remark", _l("de opmerking"))],
    )
