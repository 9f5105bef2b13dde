"""How values are shown to people: one date-time format per locale, state labels per reader.

Every time shown to a person goes through `when()` / `day()` (Jinja filters `when` and `day`):
Flask-Babel converts UTC to the configured zone (`BABEL_DEFAULT_TIMEZONE`, Europe/Amsterdam)
and the pattern comes from `DATETIME_FORMATS` for the page's locale, so the Dutch and English
pages each have exactly one format (and English is never a US date). See docs/copy-guide.md.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask import Flask, current_app
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import lazy_gettext as _l

# One pattern per locale (CLDR syntax). Day before month in both: "1 dec. 2026, 21:15".
DATETIME_FORMATS = {"nl": "d MMM yyyy, HH:mm", "en": "d MMM yyyy, HH:mm"}
DATE_FORMATS = {"nl": "d MMM yyyy", "en": "d MMM yyyy"}


def _pattern(formats: dict[str, str]) -> str:
    locale = str(get_locale() or "nl")
    return formats.get(locale, formats["nl"])


def when(value: datetime | None) -> str:
    """Format a stored (UTC) moment in the configured time zone, in the locale's one format."""
    if value is None:
        return ""
    if value.tzinfo is None:  # SQLite hands back naive UTC
        value = value.replace(tzinfo=UTC)
    return format_datetime(value, _pattern(DATETIME_FORMATS))


def day(value: date | datetime | None) -> str:
    """Format a calendar date (a birth date, an issue date) in the locale's one format."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return when(value)
    return format_date(value, _pattern(DATE_FORMATS))


def number(value: float | None, digits: int = 2) -> str:
    """A score, statistic or size in the reader's locale (22,5 in Dutch), at most `digits` decimals.

    >>> # in a Dutch request: number(26.0) == "26", number(2.345, 1) == "2,3"
    """
    if value is None:
        return "—"
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(round(float(value), digits), format=pattern)


def contact() -> dict[str, str]:
    """How people reach the KSF (settings CONTACT_EMAIL and CONTACT_PHONE)."""
    return {
        "email": current_app.config["CONTACT_EMAIL"],
        "phone": current_app.config["CONTACT_PHONE"],
    }


def contact_text() -> str:
    """The contact details as one phrase for messages and e-mails."""
    details = contact()
    return str(_l("%(email)s of %(phone)s", email=details["email"], phone=details["phone"]))


def register(app: Flask) -> None:
    """Make the filters and helpers available in every template."""
    from ksf_b.journey.states import state_label

    app.add_template_filter(when, "when")
    app.add_template_filter(day, "day")
    app.add_template_filter(number, "number")
    app.add_template_global(state_label, "state_label")
    app.add_template_global(contact, "contact")
