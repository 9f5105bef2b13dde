"""Forms of the verdict pages (admin decisions, appeal, settings)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange


class OverrideForm(FlaskForm):
    """Decide against the rule's proposal; the reason is mandatory."""

    decision = RadioField(
        _l("Eindoordeel"),
        choices=[SelectChoice("pass", _l("Geslaagd")), SelectChoice("fail", _l("Niet geslaagd"))],
        validators=[InputRequired(_l("Kies geslaagd of niet geslaagd."))],
    )
    reason = TextAreaField(
        _l("Reden van de afwijking"),
        validators=[DataRequired(_l("Geef de reden van de afwijking.")), Length(max=4000)],
    )


class ReasonForm(FlaskForm):
    """A decision that needs a written reason (reject an override or an appeal, re-rate)."""

    reason = TextAreaField(
        _l("Reden"),
        validators=[DataRequired(_l("Geef een reden.")), Length(max=4000)],
    )


class AppealForm(FlaskForm):
    """The candidate's written objection."""

    text = TextAreaField(
        _l("Je bezwaar"),
        validators=[DataRequired(_l("Beschrijf je bezwaar.")), Length(max=5000)],
    )


class VerdictSettingsForm(FlaskForm):
    require_certificate_a = BooleanField(_l("Certificaat A is vereist voor certificaat B"))
    four_eyes_override = BooleanField(
        _l("Een afwijking van het voorstel vraagt de bevestiging van een tweede beheerder")
    )
    override_reason_min = IntegerField(
        _l("Minimale lengte van een reden (tekens)"),
        validators=[InputRequired(_l("Vul een getal in.")), NumberRange(min=1, max=1000)],
    )
    service_level_working_days = IntegerField(
        _l("Servicenorm: werkdagen van indienen onderdeel 2 tot uitslag"),
        validators=[InputRequired(_l("Vul een getal in.")), NumberRange(min=1, max=100)],
    )
    appeal_days = IntegerField(
        _l("Bezwaartermijn na de uitslag (dagen)"),
        validators=[InputRequired(_l("Vul een getal in.")), NumberRange(min=0, max=365)],
    )
