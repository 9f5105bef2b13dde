"""Forms of the privacy pages: the retention settings and the erasure confirmation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, ValidationError

ERASE_WORD = "WISSEN"


class RetentionSettingsForm(FlaskForm):
    retention_months = IntegerField(
        _l("Bewaartermijn na de uitslag (maanden)"),
        validators=[
            InputRequired(_l("Vul een aantal maanden in.")),
            NumberRange(min=1, max=120, message=_l("Kies een waarde tussen %(min)s en %(max)s.")),
        ],
    )
    stale_upload_days = IntegerField(
        _l("Onafgemaakte uploads verwijderen na (dagen)"),
        validators=[
            InputRequired(_l("Vul een aantal dagen in.")),
            NumberRange(min=1, max=365, message=_l("Kies een waarde tussen %(min)s en %(max)s.")),
        ],
    )


class EraseForm(FlaskForm):
    reason = TextAreaField(
        _l("Aanleiding (bijvoorbeeld het kenmerk van het verzoek)"),
        validators=[
            DataRequired(_l("Vul de aanleiding in.")),
            Length(max=500, message=_l("Gebruik hoogstens %(max)d tekens.")),
        ],
    )
    confirm = StringField(
        _l("Typ WISSEN om te bevestigen"),
        validators=[DataRequired(_l("Typ WISSEN om te bevestigen."))],
    )

    def validate_confirm(self, field: StringField) -> None:
        if (field.data or "").strip() != ERASE_WORD:
            raise ValidationError(_l("Typ WISSEN om te bevestigen."))
