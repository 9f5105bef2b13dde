"""Forms of the statistics and calibration pages (rater quality)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DecimalField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange


def _number(label: object, low: float, high: float) -> DecimalField:
    return DecimalField(
        label,
        places=2,
        validators=[
            InputRequired(_l("Vul een getal in.")),
            NumberRange(low, high, _l("Kies een getal van %(min)s tot %(max)s.")),
        ],
    )


class QualitySettingsForm(FlaskForm):
    agreement_warning_below = _number(_l("Waarschuwing bij overeenstemming onder"), 0, 1)
    leniency_band = _number(_l("Marge voor mild/streng (punten)"), 0, 2)
    calibration_max_deviation = _number(
        _l("Kalibratie geslaagd bij een gemiddelde afwijking van hoogstens (punten)"), 0, 4
    )


class DecisionForm(FlaskForm):
    decision = RadioField(
        _l("Besluit"),
        choices=[
            SelectChoice("approve", _l("Toch gekalibreerd")),
            SelectChoice("deny", _l("Niet gekalibreerd")),
        ],
        validators=[DataRequired(_l("Kies een besluit."))],
    )
    reason = TextAreaField(
        _l("Reden"),
        validators=[
            DataRequired(_l("Geef een reden.")),
            Length(max=1000, message=_l("Hoogstens %(max)d tekens.")),
        ],
    )
