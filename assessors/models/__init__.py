"""The rating domain's models, re-exported so `ksf_b.models` (and Alembic) see them all."""

from .assignment import (
    AssignmentKind,
    AssignmentStatus,
    ObservationNote,
    RatingAssignment,
    Score,
)
from .moderation import ModerationCase, ModerationDecision, ModerationStatus
from .profile import AssessorProfile
from .rubric import LEVELS, RubricAnchor, RubricCompetency, RubricStatus, RubricVersion
from .settings import RatingSettings

__all__ = [
    "LEVELS",
    "AssessorProfile",
    "AssignmentKind",
    "AssignmentStatus",
    "ModerationCase",
    "ModerationDecision",
    "ModerationStatus",
    "ObservationNote",
    "RatingAssignment",
    "RatingSettings",
    "RubricAnchor",
    "RubricCompetency",
    "RubricStatus",
    "RubricVersion",
    "Score",
]

# calibration and rater statistics (ratingstats branch)
from .calibration import (
    BenchmarkResponse,
    BenchmarkScore,
    CalibrationAttempt,
    CalibrationScore,
    CalibrationStatus,
    RaterQualitySettings,
)

__all__ += [
    "BenchmarkResponse",
    "BenchmarkScore",
    "CalibrationAttempt",
    "CalibrationScore",
    "CalibrationStatus",
    "RaterQualitySettings",
]
