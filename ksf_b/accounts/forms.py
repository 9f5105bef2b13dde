"""Forms of the accounts journey and of the admin's user management."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from ksf_b.accounts.models import Role
from ksf_b.accounts.passwords import MAX_LENGTH, password_problem

ROLE_LABELS = {
    Role.CANDIDATE: _l("Kandidaat"),
    Role.MANAGER: _l("Leidinggevende"),
    Role.ASSESSOR: _l("Beoordelaar"),
    Role.ADMIN: _l("Beheerder (KSF)"),
}

# roles that belong to a contact centre and therefore need a company
COMPANY_ROLES = {Role.CANDIDATE, Role.MANAGER}


def _email_field(label: Any = None) -> EmailField:
    return EmailField(
        label or _l("E-mailadres"),
        validators=[
            DataRequired(_l("Vul je e-mailadres in.")),
            Email(_l("Dit is geen geldig e-mailadres.")),
            Length(max=254, message=_l("Een e-mailadres heeft hoogstens 254 tekens.")),
        ],
    )


class LoginForm(FlaskForm):
    email = _email_field()
    password = PasswordField(
        _l("Wachtwoord"), validators=[DataRequired(_l("Vul je wachtwoord in.")), Length(max=200)]
    )


class ForgotPasswordForm(FlaskForm):
    email = _email_field()


class SetPasswordForm(FlaskForm):
    """Choose a password (invitation and reset); `account_email` feeds the policy check."""

    password = PasswordField(
        _l("Nieuw wachtwoord"),
        validators=[DataRequired(_l("Kies een wachtwoord.")), Length(max=MAX_LENGTH)],
    )
    confirm = PasswordField(
        _l("Herhaal het wachtwoord"),
        validators=[
            DataRequired(_l("Herhaal het wachtwoord.")),
            EqualTo("password", _l("De twee wachtwoorden zijn niet gelijk.")),
        ],
    )

    def __init__(self, account_email: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account_email = account_email

    def validate_password(self, field: PasswordField) -> None:
        problem = password_problem(field.data or "", self.account_email)
        if problem:
            raise ValidationError(problem)


class InviteUserForm(FlaskForm):
    """An admin invites a user of any role; the company is picked or typed as a new name."""

    full_name = StringField(
        _l("Volledige naam"),
        validators=[
            DataRequired(_l("Vul de naam in.")),
            Length(max=200, message=_l("Een naam heeft hoogstens 200 tekens.")),
        ],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )
    email = _email_field()
    role = SelectField(
        _l("Rol"),
        choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()],
        validators=[DataRequired(_l("Kies een rol."))],
    )
    company_id = SelectField(_l("Bedrijf"), choices=[], validate_choice=True)
    new_company = StringField(
        _l("Of een nieuw bedrijf"),
        validators=[Length(max=200, message=_l("Een bedrijfsnaam heeft hoogstens 200 tekens."))],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )

    def set_companies(self, companies: list[tuple[int, str]]) -> None:
        """Fill the company select with (id, name) pairs and a 'none' option first."""
        self.company_id.choices = [SelectChoice("", _l("— geen of nieuw bedrijf —"))] + [
            SelectChoice(str(company_id), name) for company_id, name in companies
        ]

    def validate_company_id(self, field: SelectField) -> None:
        needs_company = self.role.data in {role.value for role in COMPANY_ROLES}
        if needs_company and not (field.data or self.new_company.data):
            raise ValidationError(
                _l("Kandidaten en leidinggevenden horen bij een bedrijf: kies of typ er een.")
            )

    def validate_new_company(self, field: StringField) -> None:
        if field.data and self.company_id.data:
            raise ValidationError(
                _l("Kies een bestaand bedrijf of typ een nieuwe naam, niet allebei.")
            )
