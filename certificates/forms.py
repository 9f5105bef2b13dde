"""Forms of the certificate pages: look a certificate up, revoke one."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

REVOKE_REASON_MIN = 10


class VerifyForm(FlaskForm):
    """Anyone types the number and check code printed on a certificate (a GET form)."""

    class Meta:
        csrf = False

    number = StringField(
        _l("Certificaatnummer"),
        validators=[DataRequired(_l("Vul het certificaatnummer in.")), Length(max=32)],
    )
    code = StringField(
        _l("Controlecode"),
        validators=[DataRequired(_l("Vul de controlecode in.")), Length(max=32)],
    )


class RevokeForm(FlaskForm):
    """An admin revokes a certificate; the reason is kept (not shown publicly)."""

    reason = TextAreaField(
        _l("Reden van intrekking"),
        validators=[
            DataRequired(_l("Geef de reden van de intrekking.")),
            Length(
                min=REVOKE_REASON_MIN,
                max=4000,
                message=_l("Beschrijf de reden in minstens %(min)d tekens.", min=REVOKE_REASON_MIN),
            ),
        ],
    )
