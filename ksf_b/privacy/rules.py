"""Pure retention rules: when a released candidate's recordings and dossier are due for deletion."""

from __future__ import annotations

import calendar
from datetime import datetime, timedelta


def add_months(moment: datetime, months: int) -> datetime:
    """Return the same time `months` later; the 31st becomes the month's last day."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def deletion_due(released_at: datetime, retention_months: int) -> datetime:
    """Return the moment a released candidate's personal material may be deleted."""
    return add_months(released_at, retention_months)


def is_expired(released_at: datetime, retention_months: int, now: datetime) -> bool:
    """Tell whether the retention period after release has passed at `now`."""
    return now >= deletion_due(released_at, retention_months)


def stale_before(now: datetime, stale_upload_days: int) -> datetime:
    """Uploads opened before this moment, with no chunk since, are abandoned."""
    return now - timedelta(days=stale_upload_days)
