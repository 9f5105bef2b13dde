"""Forms of the A test: items, settings and blueprint, sessions, registrations, reasons."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from ksf_b.admin.forms import ChoiceField
from ksf_b.nomination.forms import PersonFields
from theory.itemio import TYPE_NAMES
from theory.models import ARequirement
from theory.terms import EINDTERM_CODES, TOETSTERM_CODES, WORK_PROCESSES

REASON_MAX = 2000
TYPE_LABELS = {
    "single": _l("Enkelvoudige keuze (één goed antwoord)"),
    "multiple": _l("Meervoudige keuze (meer goede antwoorden)"),
    "categorise": _l("Categoriseren (uitspraken indelen)"),
}


def _whole(label: object, low: int, high: int) -> IntegerField:
    return IntegerField(
        label,
        validators=[
            InputRequired(_l("Vul een getal in.")),
            NumberRange(min=low, max=high, message=_l("Tussen %(min)s en %(max)s.")),
        ],
    )


class TextChoice(SelectField):
    """A select of text values; a forged value gives a Dutch error."""

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data not in {str(choice.value) for choice in self.choices or []}:
            raise ValidationError(_l("Kies een van de mogelijkheden."))


class StartForm(FlaskForm):
    code = StringField(
        _l("Toegangscode van de sessie"),
        validators=[DataRequired(_l("Vul de toegangscode in.")), Length(max=16)],
    )


class ItemForm(FlaskForm):
    """An item of the bank; options and statements one per line (the CSV's textual form)."""

    code = StringField(
        _l("Code"), validators=[DataRequired(_l("Vul een code in.")), Length(max=40)]
    )
    toetsterm = TextChoice(_l("Toetsterm"), choices=[SelectChoice(c, c) for c in TOETSTERM_CODES])
    work_process = TextChoice(
        _l("Werkproces (optioneel)"),
        choices=[SelectChoice("", "—")]
        + [SelectChoice(t.code, f"{t.code} {t.text}") for t in WORK_PROCESSES],
    )
    type = TextChoice(
        _l("Soort vraag"), choices=[SelectChoice(k, v) for k, v in TYPE_LABELS.items()]
    )
    stem = TextAreaField(
        _l("Vraag"), validators=[DataRequired(_l("Vul de vraag in.")), Length(max=4000)]
    )
    options = TextAreaField(
        _l("Antwoordopties of uitspraken (één per regel)"),
        validators=[DataRequired(_l("Vul de opties in.")), Length(max=8000)],
    )
    categories = TextAreaField(
        _l("Categorieën (één per regel, alleen bij categoriseren)"), validators=[Length(max=2000)]
    )
    key = StringField(
        _l("Sleutel"),
        validators=[DataRequired(_l("Vul de sleutel in.")), Length(max=200)],
    )
    points = DecimalField(
        _l("Punten"),
        places=2,
        default=1,
        validators=[
            InputRequired(_l("Vul het aantal punten in.")),
            NumberRange(min=0.5, max=100, message=_l("Tussen 0,5 en 100.")),
        ],
    )
    partial_credit = BooleanField(_l("Deelscore toekennen"))
    keep_order = BooleanField(_l("Volgorde van de opties vast (niet husselen)"))
    feedback = TextAreaField(_l("Feedback (optioneel)"), validators=[Length(max=4000)])


class SettingsForm(FlaskForm):
    time_limit_minutes = _whole(_l("Toetsduur in minuten"), 1, 600)
    cut_score = _whole(_l("Cesuur (punten)"), 0, 1000)
    max_attempts = _whole(_l("Aantal pogingen"), 1, 20)
    waiting_days = _whole(_l("Wachttijd tussen pogingen (dagen)"), 0, 365)
    grace_seconds = _whole(_l("Uitlooptijd na de eindtijd (seconden)"), 0, 3600)
    a_requirement = TextChoice(
        _l("Eisen voor certificaat A"),
        choices=[
            SelectChoice(ARequirement.THEORY_ONLY.value, _l("Alleen de online toets")),
            SelectChoice(
                ARequirement.THEORY_AND_PHONE.value, _l("Online toets en praktijktoets telefoon")
            ),
        ],
    )
    aid_title = StringField(_l("Titel van het hulpmiddel"), validators=[Length(max=200)])
    aid_text = TextAreaField(_l("Hulpmiddel (checklist vereisten)"), validators=[Length(max=20000)])


def blueprint_field_name(scope: str) -> str:
    return "bp_" + scope.replace(".", "_")


BLUEPRINT_SCOPES = TOETSTERM_CODES + EINDTERM_CODES


class SessionForm(FlaskForm):
    title = StringField(
        _l("Naam van de sessie"), validators=[DataRequired(_l("Vul een naam in.")), Length(max=200)]
    )
    starts_at = DateTimeLocalField(
        _l("Begint om"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(_l("Vul datum en tijd in."))],
    )
    ends_at = DateTimeLocalField(
        _l("Eindigt om"),
        format="%Y-%m-%dT%H:%M",
        validators=[InputRequired(_l("Vul datum en tijd in."))],
    )
    online = BooleanField(_l("Online (op afstand, met toezicht via video)"))
    location = StringField(_l("Plaats"), validators=[Length(max=200)])
    company_id = ChoiceField(_l("Organisatie"), validators=[Optional()])
    invigilator_name = StringField(
        _l("Toezichthouder"),
        validators=[DataRequired(_l("Vul de naam van de toezichthouder in.")), Length(max=200)],
    )


class ReasonForm(FlaskForm):
    reason = TextAreaField(
        _l("Reden"),
        validators=[
            DataRequired(_l("Geef een reden.")),
            Length(min=5, max=REASON_MAX, message=_l("Geef een reden van 5 tot 2000 tekens.")),
        ],
    )


class AddTimeForm(ReasonForm):
    minutes = _whole(_l("Minuten erbij"), 1, 120)


class AccommodationForm(FlaskForm):
    minutes = _whole(_l("Extra tijd (minuten)"), 0, 120)
    reason = TextAreaField(
        _l("Reden (bijvoorbeeld dyslexieverklaring)"), validators=[Length(max=REASON_MAX)]
    )


class RegisterAOnlyForm(PersonFields):
    """A person who takes only the A test (no B case): an invitation as candidate."""

    company_id = ChoiceField(_l("Organisatie"))


__all__ = [
    "TYPE_NAMES",
    "AccommodationForm",
    "AddTimeForm",
    "ItemForm",
    "ReasonForm",
    "RegisterAOnlyForm",
    "SessionForm",
    "SettingsForm",
    "StartForm",
]
