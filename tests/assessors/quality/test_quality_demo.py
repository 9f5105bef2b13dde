"""`make run`'s demo shows rater statistics with real numbers and a calibration to do."""

from __future__ import annotations

from sqlalchemy import select

from assessors import calibration_operations as ops
from assessors import stats_data
from assessors.assignment import profile_of
from assessors.models import CalibrationStatus
from ksf_b.accounts.models import User
from ksf_b.demo import seed_demo


def test_demo_has_statistics_a_calibration_set_and_assessors_to_calibrate(app, db) -> None:
    seed_demo()
    people, agreement = stats_data.build_report(stats_data.get_quality_settings())
    assert len(people) >= 2
    assert all(row.stats.candidates_rated >= 4 for row in people)
    assert all(a.kappa.computable and a.icc_single.computable for a in agreement)
    assert len(ops.calibration_set()) == 3
    assert all(b.rationale and b.scores for b in ops.calibration_set())
    newcomer = db.session.scalar(select(User).where(User.email == "nieuw@ksf.example"))
    assert not profile_of(newcomer).is_calibrated
    assert ops.may_start(newcomer)
    doubtful = db.session.scalar(select(User).where(User.email == "twijfel@ksf.example"))
    assert ops.latest_attempt(doubtful).status is CalibrationStatus.REFERRED
