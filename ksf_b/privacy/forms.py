"""Forms of the privacy pages: the retention settings and the erasure confirmation."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from ksf_b.form_fields import count_field

ERASE_WORD = "WISSEN"


class RetentionSettingsForm(FlaskForm):
    retention_months = count_field(
        _l("Bewaartermijn na de uitslag (maanden)"),
        1,
        120,
        required=_l("Vul een aantal maanden in."),
    )
    stale_upload_days = count_field(
        _l("Onafgemaakte uploads verwijderen na (dagen)"),
        1,
        365,
        required=_l("Vul een aantal dagen in."),
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
