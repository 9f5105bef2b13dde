"""Forms of the nomination journey: a manager (or admin) registers a candidate."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, EmailField, StringField
from wtforms.validators import DataRequired, Email, InputRequired, Length, ValidationError

MIN_AGE = 16
MAX_AGE = 80


def date_of_birth_error(value: date, today: date | None = None) -> str | None:
    """Return a Dutch error when a date of birth is not plausible for a contact-centre agent."""
    today = today or date.today()
    if value > today:
        return str(_l("De geboortedatum ligt in de toekomst."))
    age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
    if age < MIN_AGE:
        return str(_l("De kandidaat moet minstens %(n)s jaar oud zijn.", n=MIN_AGE))
    if age > MAX_AGE:
        return str(
            _l("Controleer de geboortedatum: de kandidaat zou ouder zijn dan %(n)s.", n=MAX_AGE)
        )
    return None


class PersonFields(FlaskForm):
    """Name and e-mail address of a person who gets an invitation."""

    full_name = StringField(
        _l("Volledige naam"),
        validators=[
            DataRequired(_l("Vul de volledige naam in.")),
            Length(min=2, max=200, message=_l("De naam moet 2 tot 200 tekens lang zijn.")),
        ],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )
    email = EmailField(
        _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul het e-mailadres in.")),
            Length(max=254, message=_l("Het e-mailadres is te lang (hoogstens 254 tekens).")),
            Email(_l("Dit is geen geldig e-mailadres.")),
        ],
        filters=[lambda v: v.strip().lower() if isinstance(v, str) else v],
    )


class NominateForm(PersonFields):
    """A manager nominates one candidate of their company."""

    date_of_birth = DateField(
        _l("Geboortedatum"),
        validators=[InputRequired(_l("Vul de geboortedatum in."))],
        format="%Y-%m-%d",
        invalid_value_message=_l("Vul een geldige datum in (dag-maand-jaar)."),
    )
    current_role = StringField(
        _l("Huidige functie"),
        validators=[
            DataRequired(_l("Vul de huidige functie in.")),
            Length(min=2, max=200, message=_l("De functie moet 2 tot 200 tekens lang zijn.")),
        ],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
    )

    def validate_date_of_birth(self, field: DateField) -> None:
        if field.data is None:
            return  # the field already reported that the date could not be read
        error = date_of_birth_error(field.data)
        if error:
            raise ValidationError(error)
