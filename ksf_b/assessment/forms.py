"""Forms of the admin side of the assessment: scenarios, windows, accommodations, settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
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

from ksf_b.assessment.models import SCENARIO_COUNT
from ksf_b.competencies import COMPETENCIES, ORAL_LANGUAGE
from ksf_b.form_fields import count_field

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class CheckboxListField(SelectMultipleField):
    """A list of checkboxes (one per choice), accessible as a fieldset."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ScenarioForm(FlaskForm):
    position = IntegerField(
        _l("Positie in het assessment"),
        validators=[
            InputRequired(_l("Vul de positie in.")),
            NumberRange(min=1, max=SCENARIO_COUNT, message=_l("Kies een positie van 1 tot 10.")),
        ],
    )
    title = StringField(
        _l("Titel"),
        validators=[DataRequired(_l("Vul een titel in.")), Length(max=200)],
    )
    situation = TextAreaField(
        _l("Situatie"), validators=[DataRequired(_l("Beschrijf de situatie."))]
    )
    instructions = TextAreaField(
        _l("Opdracht voor de kandidaat"),
        validators=[DataRequired(_l("Schrijf de opdracht voor de kandidaat."))],
    )
    captions_vtt = TextAreaField(
        _l("Ondertiteling (WebVTT)"),
        validators=[Optional()],
    )
    competencies = CheckboxListField(
        _l("Getoetste competenties"),
        choices=[SelectChoice(c.code, c.label) for c in COMPETENCIES],
    )
    thinking_seconds = count_field(_l("Bedenktijd (seconden)"), 0, 900)
    max_answer_seconds = count_field(_l("Maximale antwoordduur (seconden)"), 10, 900)
    allowed_retakes = count_field(_l("Toegestane herkansingen"), 0, 10)
    max_prompt_plays = count_field(_l("Aantal keren dat de video mag worden afgespeeld"), 1, 10)
    is_placeholder = BooleanField(_l("De video is een tijdelijke placeholder"))
    active = BooleanField(_l("Actief (wordt gebruikt in het assessment)"))

    def validate_competencies(self, field: CheckboxListField) -> None:
        if ORAL_LANGUAGE not in (field.data or []):
            raise ValidationError(_l("Mondelinge taalvaardigheid wordt in elk scenario getoetst."))
        if len(field.data) < 2:
            raise ValidationError(
                _l("Kies naast mondelinge taalvaardigheid minstens één andere competentie.")
            )

    def validate_captions_vtt(self, field: TextAreaField) -> None:
        text = (field.data or "").strip()
        if text and not text.startswith("WEBVTT"):
            raise ValidationError(_l("Ondertiteling in WebVTT begint met de regel 'WEBVTT'."))


class WindowForm(FlaskForm):
    opens_at = DateTimeLocalField(
        _l("Open vanaf"),
        format=DATETIME_FORMAT,
        validators=[InputRequired(_l("Vul datum en tijd in."))],
    )
    closes_at = DateTimeLocalField(
        _l("Deadline"),
        format=DATETIME_FORMAT,
        validators=[InputRequired(_l("Vul datum en tijd in."))],
    )

    def validate_closes_at(self, field: DateTimeLocalField) -> None:
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("De deadline moet na het openingsmoment liggen."))


class AccommodationForm(FlaskForm):
    extra_thinking_seconds = count_field(_l("Extra bedenktijd (seconden)"), 0, 900)
    extra_answer_seconds = count_field(_l("Extra antwoordtijd (seconden)"), 0, 900)
    extra_retakes = count_field(_l("Extra herkansingen"), 0, 10)
    extra_prompt_plays = count_field(_l("Extra keren afspelen"), 0, 10)
    reason = TextAreaField(
        _l("Reden"),
        validators=[DataRequired(_l("Geef de reden voor de aanpassing op.")), Length(max=2000)],
    )

    def validate_reason(self, field: TextAreaField) -> None:
        extras = (
            self.extra_thinking_seconds.data,
            self.extra_answer_seconds.data,
            self.extra_retakes.data,
            self.extra_prompt_plays.data,
        )
        if all(isinstance(v, int) for v in extras) and sum(extras) == 0:
            raise ValidationError(
                _l("Kies minstens één aanpassing (extra tijd, afspeelbeurten of opnames).")
            )


class SettingsForm(FlaskForm):
    window_days = count_field(_l("Standaardtermijn na uitnodiging (dagen)"), 1, 365)
    reminder_days = StringField(
        _l("Herinneringen (dagen voor de deadline, met komma's)"),
        validators=[DataRequired(_l("Vul minstens één dag in, bijvoorbeeld 7,2."))],
    )
    practice_title = StringField(
        _l("Titel van de oefenvraag"), validators=[DataRequired(_l("Vul een titel in."))]
    )
    practice_text = TextAreaField(
        _l("Tekst van de oefenvraag"), validators=[DataRequired(_l("Vul de oefenvraag in."))]
    )
    practice_thinking_seconds = count_field(_l("Bedenktijd oefenvraag (seconden)"), 0, 900)
    practice_answer_seconds = count_field(_l("Antwoordduur oefenvraag (seconden)"), 10, 900)
    timing_grace_seconds = count_field(_l("Speling voor netwerk en camera (seconden)"), 0, 120)

    def validate_reminder_days(self, field: StringField) -> None:
        parts = [p.strip() for p in (field.data or "").split(",") if p.strip()]
        if not parts or not all(p.isdigit() and 0 < int(p) <= 365 for p in parts):
            raise ValidationError(
                _l("Gebruik hele dagen tussen 1 en 365, gescheiden door komma's.")
            )
