"""Forms of the KSF admin pages: register people, decide on part 1, register certificate A."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Regexp, ValidationError

from ksf_b.nomination.forms import NominateForm, PersonFields

REASON_MIN = 20
REASON_MAX = 4000
EARLIEST_CERTIFICATE = date(2000, 1, 1)


def to_int(value: object) -> int | None:
    """Coerce a posted id to int; None (not an exception) for anything else."""
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


class ChoiceField(SelectField):
    """A select whose wrong or forged values give a Dutch error, not WTForms' English one."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("coerce", to_int)
        kwargs.setdefault("validate_choice", False)
        super().__init__(*args, **kwargs)

    def pre_validate(self, form: FlaskForm) -> None:
        if self.data not in {choice.value for choice in self.choices or []}:
            raise ValidationError(_l("Kies een van de mogelijkheden."))


class RegisterManagerForm(PersonFields):
    """An admin registers a manager of a company; they get an invitation."""

    company_id = ChoiceField(_l("Bedrijf"))


class RegisterCandidateForm(NominateForm):
    """An admin registers a candidate for a company and the manager who nominates them."""

    company_id = ChoiceField(_l("Bedrijf"))
    manager_id = ChoiceField(_l("Leidinggevende"))


class DecisionForm(FlaskForm):
    """KSF's decision on part 1, always with a written reason."""

    decision = RadioField(
        _l("Besluit"),
        choices=[SelectChoice("approve", _l("Goedkeuren")), SelectChoice("reject", _l("Afwijzen"))],
        validate_choice=False,
        validators=[InputRequired(_l("Kies goedkeuren of afwijzen."))],
    )
    reason = TextAreaField(
        _l("Toelichting voor kandidaat en leidinggevende"),
        validators=[
            DataRequired(_l("Schrijf een toelichting bij het besluit.")),
            Length(
                min=REASON_MIN,
                max=REASON_MAX,
                message=_l(
                    "De toelichting moet %(min)s tot %(max)s tekens lang zijn.",
                    min=REASON_MIN,
                    max=REASON_MAX,
                ),
            ),
        ],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )

    def validate_decision(self, field: RadioField) -> None:
        if field.data not in ("approve", "reject"):
            raise ValidationError(_l("Kies goedkeuren of afwijzen."))


class CertificateAForm(FlaskForm):
    """Certificate A obtained elsewhere: its number and date."""

    number = StringField(
        _l("Certificaatnummer"),
        validators=[
            DataRequired(_l("Vul het certificaatnummer in.")),
            Length(min=3, max=64, message=_l("Het nummer moet 3 tot 64 tekens lang zijn.")),
            Regexp(
                r"^[A-Za-z0-9][A-Za-z0-9 ./-]*$",
                message=_l("Gebruik alleen letters, cijfers, spaties, punten, / en -."),
            ),
        ],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )
    obtained_on = DateField(
        _l("Datum van behalen"),
        validators=[InputRequired(_l("Vul de datum in waarop certificaat A is behaald."))],
        invalid_value_message=_l("Vul een geldige datum in (dag-maand-jaar)."),
    )

    def validate_obtained_on(self, field: DateField) -> None:
        if field.data is None:
            return
        if field.data > date.today():
            raise ValidationError(_l("De datum ligt in de toekomst."))
        if field.data < EARLIEST_CERTIFICATE:
            raise ValidationError(_l("Controleer de datum: die ligt voor het jaar 2000."))
