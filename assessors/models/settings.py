"""The programme's rating rules (one row), editable by admins; defaults in docs/rating.md."""

from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, Float, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ksf_b.extensions import db
from ksf_b.programme_settings import ProgrammeSettingsMixin, single_row_check


class RatingSettings(ProgrammeSettingsMixin, db.Model):
    """Thresholds for moderation, the pass rule of part 2 and the rating deadline."""

    __tablename__ = "rating_settings"
    __table_args__ = (
        single_row_check(),
        CheckConstraint("rating_days >= 1", name="rating_days_positive"),
        CheckConstraint("reminder_days_before >= 0", name="reminder_nonnegative"),
        CheckConstraint("minimum_score BETWEEN 1 AND 5", name="minimum_range"),
        CheckConstraint("pass_mean BETWEEN 1 AND 5", name="mean_range"),
    )

    # moderation when two scores of one scenario × competency differ by MORE than this
    scenario_difference: Mapped[int] = mapped_column(Integer, default=1)
    # ... or two competency scores (means over scenarios) differ by this much or more
    competency_difference: Mapped[float] = mapped_column(Float, default=1.0)
    minimum_score: Mapped[float] = mapped_column(Float, default=3.0)
    pass_mean: Mapped[float] = mapped_column(Float, default=3.0)
    # compensation: one competency below the minimum (not below the floor) may be made up
    # for by a mean of at least compensation_mean
    compensation_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    compensation_floor: Mapped[float] = mapped_column(Float, default=2.5)
    compensation_mean: Mapped[float] = mapped_column(Float, default=3.5)
    rating_days: Mapped[int] = mapped_column(Integer, default=10)
    reminder_days_before: Mapped[int] = mapped_column(Integer, default=2)
