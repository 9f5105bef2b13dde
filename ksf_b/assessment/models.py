"""Models of the online assessment: scenarios, a candidate's assessment, responses and takes.

Invalid states are made impossible in the database where a constraint can say so: one
assessment per candidate, one response per scenario, numbered takes, non-negative limits, a
deadline after the opening. Rules that span rows (oral language in every active scenario) are
checked in `operations.py` and reported by `rules.coverage_warnings`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksf_b.accounts.models import User
from ksf_b.competencies import COMPETENCY_CODES
from ksf_b.db_types import TimestampMixin, new_public_id, utcnow
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.programme_settings import ProgrammeSettingsMixin, single_row_check
from media.models.asset import MediaAsset

__all__ = [
    "Accommodation",
    "Assessment",
    "AssessmentReminder",
    "AssessmentSettings",
    "Response",
    "Scenario",
    "ScenarioCompetency",
    "Take",
]

SCENARIO_COUNT = 10

_COMPETENCY_LIST = ", ".join(f"'{code}'" for code in COMPETENCY_CODES)


class AssessmentSettings(ProgrammeSettingsMixin, db.Model):
    """The programme's settings for part 2 (one row), so no view holds them as constants."""

    __tablename__ = "assessment_settings"
    __table_args__ = (
        single_row_check(),
        CheckConstraint("window_days >= 1", name="window_positive"),
        CheckConstraint("practice_thinking_seconds >= 0", name="practice_thinking"),
        CheckConstraint("practice_answer_seconds >= 10", name="practice_answer"),
        CheckConstraint("timing_grace_seconds >= 0", name="timing_grace_nonnegative"),
    )

    window_days: Mapped[int] = mapped_column(Integer, default=21)
    # comma-separated days before the deadline on which a reminder goes out, e.g. "7,2"
    reminder_days: Mapped[str] = mapped_column(String(64), default="7,2")
    practice_title: Mapped[str] = mapped_column(String(200), default="")
    practice_text: Mapped[str] = mapped_column(Text, default="")
    practice_thinking_seconds: Mapped[int] = mapped_column(Integer, default=30)
    practice_answer_seconds: Mapped[int] = mapped_column(Integer, default=60)
    # grace for the network and the camera: the first take's answer time runs from the thinking
    # deadline plus this, and a recording may run this much past its maximum unflagged
    timing_grace_seconds: Mapped[int] = mapped_column(
        Integer, default=10, server_default=text("10")
    )

    @property
    def reminder_day_list(self) -> list[int]:
        """Return the reminder days as integers, largest first."""
        days = {int(part) for part in self.reminder_days.split(",") if part.strip().isdigit()}
        return sorted((d for d in days if d > 0), reverse=True)


class Scenario(TimestampMixin, db.Model):
    """One of the ten actor situations the candidate answers on camera."""

    __tablename__ = "scenarios"
    __table_args__ = (
        CheckConstraint(f"position BETWEEN 1 AND {SCENARIO_COUNT}", name="position_range"),
        CheckConstraint("thinking_seconds >= 0", name="thinking_nonnegative"),
        CheckConstraint("max_answer_seconds >= 10", name="answer_minimum"),
        CheckConstraint("allowed_retakes >= 0", name="retakes_nonnegative"),
        CheckConstraint("max_prompt_plays >= 1", name="plays_minimum"),
        # two active scenarios never share a position (inactive ones keep theirs for history)
        Index(
            "uq_scenarios_active_position",
            "position",
            unique=True,
            sqlite_where=text("active"),
            postgresql_where=text("active"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    situation: Mapped[str] = mapped_column(Text)
    instructions: Mapped[str] = mapped_column(Text)
    video_asset_id: Mapped[int | None] = mapped_column(ForeignKey("media_assets.id"))
    captions_vtt: Mapped[str] = mapped_column(Text, default="")
    thinking_seconds: Mapped[int] = mapped_column(Integer, default=60)
    max_answer_seconds: Mapped[int] = mapped_column(Integer, default=120)
    allowed_retakes: Mapped[int] = mapped_column(Integer, default=1)
    max_prompt_plays: Mapped[int] = mapped_column(Integer, default=2)
    is_placeholder: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    video_asset: Mapped[MediaAsset | None] = relationship()
    competencies: Mapped[list[ScenarioCompetency]] = relationship(
        back_populates="scenario",
        cascade="all, delete-orphan",
        order_by="ScenarioCompetency.competency_code",
    )

    @property
    def competency_codes(self) -> list[str]:
        """Return this scenario's competency codes in the order of the seed."""
        held = {c.competency_code for c in self.competencies}
        return [code for code in COMPETENCY_CODES if code in held]

    @property
    def transcript(self) -> str:
        """Return the captions as plain text (for a transcript next to the video)."""
        lines = []
        for line in self.captions_vtt.splitlines():
            stripped = line.strip()
            if not stripped or stripped == "WEBVTT" or "-->" in stripped or stripped.isdigit():
                continue
            lines.append(stripped)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"<Scenario {self.position} {self.title!r}>"


class ScenarioCompetency(db.Model):
    """A competency that a scenario assesses (oral language is in every scenario)."""

    __tablename__ = "scenario_competencies"
    __table_args__ = (
        CheckConstraint(f"competency_code IN ({_COMPETENCY_LIST})", name="known_code"),
    )

    scenario_id: Mapped[int] = mapped_column(
        ForeignKey("scenarios.id", ondelete="CASCADE"), primary_key=True
    )
    competency_code: Mapped[str] = mapped_column(String(40), primary_key=True)

    scenario: Mapped[Scenario] = relationship(back_populates="competencies")


class Assessment(TimestampMixin, db.Model):
    """A candidate's part 2: its window and how far they got before the ten scenarios."""

    __tablename__ = "assessments"
    __table_args__ = (
        CheckConstraint("closes_at > opens_at", name="window_order"),
        CheckConstraint(
            "started_at IS NULL OR (consent_at IS NOT NULL AND device_check_at IS NOT NULL)",
            name="start_after_preparation",
        ),
        CheckConstraint(
            "submitted_at IS NULL OR started_at IS NOT NULL", name="submit_after_start"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"), unique=True)
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    opens_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    closes_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    consent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    device_check_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    device_check_asset_id: Mapped[int | None] = mapped_column(ForeignKey("media_assets.id"))
    practice_done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    candidate: Mapped[Candidate] = relationship()
    opened_by: Mapped[User | None] = relationship(foreign_keys=[opened_by_id])
    accommodations: Mapped[list[Accommodation]] = relationship(
        back_populates="assessment", order_by="Accommodation.id", cascade="all, delete-orphan"
    )
    responses: Mapped[list[Response]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )
    reminders: Mapped[list[AssessmentReminder]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan"
    )

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def confirmed_count(self) -> int:
        return sum(1 for r in self.responses if r.confirmed_take_id is not None)

    def __repr__(self) -> str:
        return f"<Assessment candidate={self.candidate_id} closes={self.closes_at:%Y-%m-%d}>"


class Accommodation(db.Model):
    """Extra time, plays or retakes granted to one candidate by an admin, with the reason."""

    __tablename__ = "assessment_accommodations"
    __table_args__ = (
        CheckConstraint("extra_thinking_seconds >= 0", name="thinking_nonnegative"),
        CheckConstraint("extra_answer_seconds >= 0", name="answer_nonnegative"),
        CheckConstraint("extra_retakes >= 0", name="retakes_nonnegative"),
        CheckConstraint("extra_prompt_plays >= 0", name="plays_nonnegative"),
        CheckConstraint(
            "extra_thinking_seconds + extra_answer_seconds + extra_retakes"
            " + extra_prompt_plays > 0",
            name="grants_something",
        ),
        CheckConstraint("length(reason) > 0", name="reason_given"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    extra_thinking_seconds: Mapped[int] = mapped_column(Integer, default=0)
    extra_answer_seconds: Mapped[int] = mapped_column(Integer, default=0)
    extra_retakes: Mapped[int] = mapped_column(Integer, default=0)
    extra_prompt_plays: Mapped[int] = mapped_column(Integer, default=0)
    reason: Mapped[str] = mapped_column(Text)
    granted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    granted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="accommodations")
    granted_by: Mapped[User | None] = relationship()


class Response(TimestampMixin, db.Model):
    """The candidate's answer to one scenario: prompt plays, thinking start and the chosen take."""

    __tablename__ = "responses"
    __table_args__ = (
        UniqueConstraint("assessment_id", "scenario_id", name="uq_responses_assessment_scenario"),
        CheckConstraint("prompt_plays >= 0", name="plays_nonnegative"),
        CheckConstraint(
            "confirmed_take_id IS NULL OR confirmed_at IS NOT NULL", name="confirmed_has_time"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id"))
    prompt_plays: Mapped[int] = mapped_column(Integer, default=0)
    last_played_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    thinking_started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # the first take's answer time ran out before a take was opened (page closed or reloaded
    # past thinking time): it counts as a take; stamped when the server first saw it
    first_take_missed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    confirmed_take_id: Mapped[int | None] = mapped_column(
        ForeignKey("takes.id", use_alter=True, ondelete="SET NULL")
    )
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    assessment: Mapped[Assessment] = relationship(back_populates="responses")
    scenario: Mapped[Scenario] = relationship()
    takes: Mapped[list[Take]] = relationship(
        back_populates="response",
        order_by="Take.number",
        foreign_keys="Take.response_id",
        cascade="all, delete-orphan",
    )
    confirmed_take: Mapped[Take | None] = relationship(
        foreign_keys=[confirmed_take_id], post_update=True
    )

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_take_id is not None

    def __repr__(self) -> str:
        return f"<Response assessment={self.assessment_id} scenario={self.scenario_id}>"


class Take(db.Model):
    """One recording attempt for a response; its media asset holds the video."""

    __tablename__ = "takes"
    __table_args__ = (
        UniqueConstraint("response_id", "number", name="uq_takes_response_number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("allowed_seconds IS NULL OR allowed_seconds > 0", name="allowed_positive"),
        CheckConstraint("late_seconds >= 0", name="late_nonnegative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int] = mapped_column(Integer)
    asset_id: Mapped[int] = mapped_column(ForeignKey("media_assets.id"), unique=True)
    # public id of the upload session the browser sends this take's chunks to
    upload_id: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # the recording started by itself when thinking time ran out (not by the candidate's tap)
    started_automatically: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )
    # the exam page was loaded again while this take's upload was still open: a reload or crash
    # mid-recording; the last seconds may be missing and the next take is free (rules.py)
    interrupted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # the server's maximum for this recording (timing.py; NULL on takes from before the rule)
    allowed_seconds: Mapped[int | None] = mapped_column(Integer)
    # seconds cut from the answer time: the first take opened after thinking time plus grace
    late_seconds: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))

    response: Mapped[Response] = relationship(back_populates="takes", foreign_keys=[response_id])
    asset: Mapped[MediaAsset] = relationship()

    def __repr__(self) -> str:
        return f"<Take {self.number} of response {self.response_id}>"


class AssessmentReminder(db.Model):
    """A deadline reminder that was sent, so each one goes out once."""

    __tablename__ = "assessment_reminders"
    __table_args__ = (
        UniqueConstraint("assessment_id", "days_before", name="uq_assessment_reminders_once"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessments.id", ondelete="CASCADE"), index=True
    )
    days_before: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    assessment: Mapped[Assessment] = relationship(back_populates="reminders")
