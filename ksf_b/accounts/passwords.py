"""The password policy as a pure function, so forms and tests share one rule."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 10
MAX_LENGTH = 200


def password_problem(password: str, email: str | None = None) -> str | None:
    """Return why `password` is not acceptable (Dutch), or None when it is."""
    if len(password) < MIN_LENGTH:
        return str(_l("Kies een wachtwoord van minstens %(n)s tekens.", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("Kies een wachtwoord van hoogstens %(n)s tekens.", n=MAX_LENGTH))
    if not password.strip():
        return str(_l("Een wachtwoord mag niet alleen uit spaties bestaan."))
    if len(set(password)) < 4:
        return str(_l("Dit wachtwoord is te eenvoudig: gebruik meer verschillende tekens."))
    if email and password.strip().lower() in {email.strip().lower(), email.split("@")[0].lower()}:
        return str(_l("Je wachtwoord mag niet gelijk zijn aan je e-mailadres."))
    return None
