"""Calibration (ORA2's training step) and the rater-quality settings.

Admins mark a candidate's response as a benchmark with agreed scores per competency and a
short rationale. A new assessor rates the calibration set (the active benchmarks) in an
attempt; the attempt stores the agreed values it was compared with, so later edits of a
benchmark never change a past result.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksf_b.accounts.models import User
from ksf_b.assessment.models import Response
from ksf_b.db_types import TimestampMixin, enum_type, new_public_id, stored, utcnow
from ksf_b.extensions import db
from ksf_b.programme_settings import ProgrammeSettingsMixin, single_row_check


class RaterQualitySettings(ProgrammeSettingsMixin, db.Model):
    """Thresholds of the statistics page and the calibration rule (one row, admin-editable)."""

    __tablename__ = "rater_quality_settings"
    __table_args__ = (
        single_row_check(),
        CheckConstraint("agreement_warning_below BETWEEN 0 AND 1", name="warning_range"),
        CheckConstraint("leniency_band >= 0", name="band_nonnegative"),
        CheckConstraint("calibration_max_deviation >= 0", name="deviation_nonnegative"),
    )

    # kappa and ICC below this are shown with a warning
    agreement_warning_below: Mapped[float] = mapped_column(Float, default=0.6)
    # an assessor whose mean deviation from the integrated score lies within ±band is neutral
    leniency_band: Mapped[float] = mapped_column(Float, default=0.25)
    # calibration passes when the mean absolute deviation is at most this
    calibration_max_deviation: Mapped[float] = mapped_column(Float, default=0.75)


class BenchmarkResponse(TimestampMixin, db.Model):
    """A response with agreed scores that new assessors rate to calibrate."""

    __tablename__ = "benchmark_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id"), unique=True)
    rationale: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    response: Mapped[Response] = relationship()
    created_by: Mapped[User | None] = relationship()
    scores: Mapped[list[BenchmarkScore]] = relationship(
        back_populates="benchmark", cascade="all, delete-orphan", order_by="BenchmarkScore.id"
    )

    def agreed(self) -> dict[str, int]:
        return {s.competency_code: s.value for s in self.scores}


class BenchmarkScore(db.Model):
    """The agreed score of one competency in a benchmark response."""

    __tablename__ = "benchmark_scores"
    __table_args__ = (
        UniqueConstraint("benchmark_id", "competency_code", name="uq_benchmark_scores_code"),
        CheckConstraint("value BETWEEN 1 AND 5", name="value_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    benchmark_id: Mapped[int] = mapped_column(
        ForeignKey("benchmark_responses.id", ondelete="CASCADE"), index=True
    )
    competency_code: Mapped[str] = mapped_column(String(40))
    value: Mapped[int] = mapped_column(Integer)

    benchmark: Mapped[BenchmarkResponse] = relationship(back_populates="scores")


class CalibrationStatus(enum.StrEnum):
    IN_PROGRESS = "in_progress"
    PASSED = "passed"  # within the setting: calibrated automatically
    REFERRED = "referred"  # outside it: an admin decides
    APPROVED = "approved"  # an admin calibrated the assessor anyway
    DENIED = "denied"  # an admin refused; the assessor may try again


class CalibrationAttempt(db.Model):
    """One assessor's rating of the calibration set, and how it ended."""

    __tablename__ = "calibration_attempts"
    __table_args__ = (
        # at most one unfinished attempt per assessor
        Index(
            "uq_calibration_attempts_open",
            "assessor_id",
            unique=True,
            sqlite_where=text(f"status = {stored(CalibrationStatus.IN_PROGRESS)}"),
            postgresql_where=text(f"status = {stored(CalibrationStatus.IN_PROGRESS)}"),
        ),
        CheckConstraint(
            f"status = {stored(CalibrationStatus.IN_PROGRESS)} OR submitted_at IS NOT NULL",
            name="finished_has_time",
        ),
        CheckConstraint(
            f"status NOT IN ({stored(CalibrationStatus.APPROVED, CalibrationStatus.DENIED)})"
            " OR length(decision_reason) > 0",
            name="decision_has_reason",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[CalibrationStatus] = mapped_column(
        # stored as the names ("IN_PROGRESS") like every enum column (values until 5e0c4a7d9b21)
        enum_type(CalibrationStatus, "calibration_status"),
        default=CalibrationStatus.IN_PROGRESS,
        index=True,
    )
    revision: Mapped[int] = mapped_column(Integer, default=0)  # compare-and-set of the draft
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    mean_absolute_deviation: Mapped[float | None] = mapped_column(Float)
    max_deviation: Mapped[float | None] = mapped_column(Float)  # the setting when submitted
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_reason: Mapped[str | None] = mapped_column(Text)

    assessor: Mapped[User] = relationship(foreign_keys=[assessor_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    scores: Mapped[list[CalibrationScore]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="CalibrationScore.id"
    )

    @property
    def is_open(self) -> bool:
        return self.status is CalibrationStatus.IN_PROGRESS


class CalibrationScore(db.Model):
    """The assessor's score of one competency in one benchmark (None while a draft)."""

    __tablename__ = "calibration_scores"
    __table_args__ = (
        UniqueConstraint(
            "attempt_id", "benchmark_id", "competency_code", name="uq_calibration_scores_cell"
        ),
        CheckConstraint("value IS NULL OR value BETWEEN 1 AND 5", name="value_range"),
        CheckConstraint(
            "agreed_value IS NULL OR agreed_value BETWEEN 1 AND 5", name="agreed_range"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("calibration_attempts.id", ondelete="CASCADE"), index=True
    )
    benchmark_id: Mapped[int] = mapped_column(ForeignKey("benchmark_responses.id"), index=True)
    competency_code: Mapped[str] = mapped_column(String(40))
    value: Mapped[int | None] = mapped_column(Integer)
    agreed_value: Mapped[int | None] = mapped_column(Integer)  # copied on submission

    attempt: Mapped[CalibrationAttempt] = relationship(back_populates="scores")
    benchmark: Mapped[BenchmarkResponse] = relationship()
