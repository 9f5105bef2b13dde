"""Admin forms of the rating: the rules (settings) and an assessor's profile."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DecimalField, SelectField
from wtforms.validators import InputRequired, NumberRange

from ksf_b.form_fields import count_field


def _score(label: object, low: float = 1, high: float = 5) -> DecimalField:
    return DecimalField(
        label,
        places=2,
        validators=[
            InputRequired(_l("Vul een waarde in.")),
            NumberRange(
                min=low, max=high, message=_l("Kies een waarde tussen %(min)s en %(max)s.")
            ),
        ],
    )


class RatingSettingsForm(FlaskForm):
    scenario_difference = count_field(
        _l("Moderatie bij een verschil per scenario van meer dan"), 0, 4
    )
    competency_difference = _score(_l("Moderatie bij een verschil in competentiescore vanaf"), 0, 4)
    minimum_score = _score(_l("Minimum per competentie"))
    pass_mean = _score(_l("Minimaal gemiddelde van de acht competenties"))
    compensation_enabled = BooleanField(_l("Compensatie toestaan"))
    compensation_floor = _score(_l("Compensatie: de ene competentie minimaal"))
    compensation_mean = _score(_l("Compensatie: gemiddelde minimaal"))
    rating_days = count_field(_l("Dagen om te beoordelen"), 1, 90)
    reminder_days_before = count_field(_l("Herinnering zoveel dagen voor de deadline"), 0, 30)


class ProfileForm(FlaskForm):
    company_id = SelectField(_l("Verbonden aan bedrijf"), coerce=int)
    is_lead = BooleanField(_l("Lead-beoordelaar (mag modereren)"))
    is_calibrated = BooleanField(_l("Gekalibreerd (mag kandidaten krijgen)"))
    max_open_candidates = count_field(_l("Maximaal aantal open kandidaten"), 0, 100)
