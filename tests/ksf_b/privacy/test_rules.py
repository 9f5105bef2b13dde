"""Worked examples of the retention rules."""

from __future__ import annotations

from datetime import UTC, datetime

from ksf_b.privacy.rules import add_months, deletion_due, is_expired, stale_before


def at(year: int, month: int, day: int, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def test_twelve_months_after_release_is_the_same_day_next_year() -> None:
    assert deletion_due(at(2025, 3, 14), 12) == at(2026, 3, 14)


def test_end_of_month_is_clamped_to_the_shorter_month() -> None:
    assert add_months(at(2026, 1, 31), 1) == at(2026, 2, 28)
    assert add_months(at(2027, 11, 30), 3) == at(2028, 2, 29)  # leap year
    assert add_months(at(2026, 8, 31), 18) == at(2028, 2, 29)


def test_expired_exactly_at_the_due_moment_and_not_a_second_before() -> None:
    released = at(2025, 6, 1, 9)
    assert not is_expired(released, 6, datetime(2025, 12, 1, 8, 59, 59, tzinfo=UTC))
    assert is_expired(released, 6, at(2025, 12, 1, 9))


def test_stale_uploads_are_older_than_the_set_days() -> None:
    assert stale_before(at(2026, 3, 10), 7) == at(2026, 3, 3)
