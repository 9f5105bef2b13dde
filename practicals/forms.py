"""WTForms of the practicals' admin pages; the checklist form itself is built from the data
(`fields.py` names and checks its fields, `templates/practicals/_checklist.html` renders it)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from ksf_b.form_fields import count_field
from practicals.labels import KIND_LABELS, MODE_LABELS
from practicals.models import ObservationMode, PracticalKind

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def _count(label: object, minimum: int = 1, maximum: int = 50) -> IntegerField:
    return count_field(label, minimum, maximum)


class ScheduleForm(FlaskForm):
    kind = RadioField(
        _l("Soort praktijktoets"),
        choices=[SelectChoice(k.value, KIND_LABELS[k]) for k in PracticalKind],
        validators=[InputRequired(_l("Kies de soort praktijktoets."))],
    )
    candidate = SelectField(_l("Kandidaat"), validators=[DataRequired(_l("Kies een kandidaat."))])
    examiner = SelectField(_l("Examinator"), validators=[DataRequired(_l("Kies een examinator."))])
    scheduled_at = DateTimeLocalField(
        _l("Datum en tijd"),
        format=DATETIME_FORMAT,
        validators=[InputRequired(_l("Vul datum en tijd in."))],
    )
    place = StringField(
        _l("Plaats"),
        validators=[
            DataRequired(_l("Vul de plaats in (adres, of 'videoverbinding').")),
            Length(max=200, message=_l("Maximaal %(max)d tekens.")),
        ],
    )
    mode = RadioField(
        _l("Wijze van afname"),
        choices=[SelectChoice(m.value, MODE_LABELS[m]) for m in ObservationMode],
        validators=[InputRequired(_l("Kies de wijze van afname."))],
    )


class SettingsForm(FlaskForm):
    chat_min_chats = _count(_l("Minimaal aantal chats"))
    chat_min_occurrences = _count(_l("Een criterium moet in minstens zoveel chats goed zijn"))
    chat_total_minimum = _count(_l("Minimaal totaal aantal punten (chat)"), 0, 100)
    chat_critical_eindterms = StringField(
        _l("Verplichte eindtermen (chat): alle punten nodig"),
        validators=[Length(max=64, message=_l("Maximaal %(max)d tekens."))],
    )
    chat_good_rule = RadioField(
        _l("Wanneer telt een criterium als goed?"),
        choices=[
            SelectChoice(
                "three_good", _l("Goed in minstens het vereiste aantal chats (standaard)")
            ),
            SelectChoice("all_good", _l("Bovendien nergens 'niet goed' (strenger)")),
        ],
        validators=[InputRequired()],
    )
    phone_min_calls = _count(_l("Minimaal aantal geobserveerde gesprekken"))
    phone_min_ticks = _count(
        _l("Een proces is gecheckt als het in zoveel gesprekken is aangevinkt")
    )
    phone_critical_eindterms = StringField(
        _l("Kritieke eindtermen (telefonie): elk proces gecheckt"),
        validators=[Length(max=64, message=_l("Maximaal %(max)d tekens."))],
    )
    phone_minimums = StringField(
        _l("Minimum per overige eindterm (telefonie)"),
        validators=[Length(max=128, message=_l("Maximaal %(max)d tekens."))],
    )
    advised_months_between = _count(
        _l("Geadviseerd maximum aantal maanden tussen theorie en praktijk"), 1, 36
    )


class TheoryPassForm(FlaskForm):
    passed_on = DateField(
        _l("Theorietoets behaald op"), validators=[InputRequired(_l("Vul een datum in."))]
    )
    reference = StringField(
        _l("Kenmerk (optioneel)"),
        validators=[Optional(), Length(max=200, message=_l("Maximaal %(max)d tekens."))],
    )


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Reden"),
        validators=[
            DataRequired(_l("Vul een reden in.")),
            Length(max=2000, message=_l("Maximaal %(max)d tekens.")),
        ],
    )


class DefinitionForm(FlaskForm):
    content = TextAreaField(
        _l("Inhoud van de checklist (JSON)"),
        validators=[
            DataRequired(_l("Vul de inhoud in.")),
            Length(max=200_000, message=_l("Te lang.")),
        ],
    )
