"""Periods typed by people as local dates (Europe/Amsterdam), turned into UTC bounds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import gettext as _


class BadPeriod(ValueError):
    """A period that cannot be read; `message` is Dutch for the page."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Period:
    """From the start of `first` to the end of `last` (local days, both optional)."""

    first: date | None = None
    last: date | None = None

    def start_utc(self) -> datetime | None:
        return _local_midnight_utc(self.first) if self.first else None

    def end_utc(self) -> datetime | None:
        """The first moment after the period (exclusive upper bound)."""
        return _local_midnight_utc(self.last + timedelta(days=1)) if self.last else None

    def contains(self, moment: datetime) -> bool:
        start, end = self.start_utc(), self.end_utc()
        return (start is None or moment >= start) and (end is None or moment < end)


def as_utc(moment: datetime) -> datetime:
    """Return `moment` as aware UTC (SQLite hands back naive datetimes that are UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _local_midnight_utc(day: date) -> datetime:
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def parse_period(first: str | None, last: str | None) -> Period:
    """Read two optional ISO dates (YYYY-MM-DD, as a date field sends them)."""
    days = []
    for text in (first, last):
        text = (text or "").strip()
        if not text:
            days.append(None)
            continue
        try:
            days.append(date.fromisoformat(text))
        except ValueError:
            raise BadPeriod(_("Vul een geldige datum in (dag, maand en jaar).")) from None
    if days[0] and days[1] and days[0] > days[1]:
        raise BadPeriod(_("De begindatum ligt na de einddatum."))
    return Period(days[0], days[1])
