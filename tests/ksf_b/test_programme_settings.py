"""The one-row settings tables: created once with their defaults, read by the pure rules."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from assessors.models import RatingSettings
from ksf_b.privacy.models import PrivacySettings
from ksf_b.programme_settings import SettingsRules
from theory.models import TheorySettings


def test_load_creates_the_row_once_with_the_column_and_given_defaults(db) -> None:
    row = TheorySettings.load(aid_text="hulpmiddel")
    assert (row.id, row.time_limit_minutes, row.aid_text) == (1, 45, "hulpmiddel")
    row.time_limit_minutes = 30
    db.session.flush()
    again = TheorySettings.load(aid_text="een andere tekst")
    assert again is row
    assert (again.time_limit_minutes, again.aid_text) == (30, "hulpmiddel")
    assert db.session.scalar(select(func.count()).select_from(TheorySettings)) == 1


def test_a_second_row_is_refused_by_the_database(db) -> None:
    PrivacySettings.load()
    db.session.add(PrivacySettings(id=2))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


@dataclass(frozen=True)
class _Rules(SettingsRules):
    pass_mean: float = 0.0
    rating_days: int = 0


def test_rules_read_the_fields_of_the_same_names_from_a_row(db) -> None:
    row = RatingSettings.load()
    row.pass_mean = 3.5
    assert _Rules.of(row) == _Rules(pass_mean=3.5, rating_days=10)
