"""Models of the practicals: checklist definitions (versioned), observations, marks, evidence.

A definition is published once and then never changes; an observation points at the version it
was scheduled with, so a later version never rewrites a signed-off checklist. Marks are one row
per (chat or call, criterion code); the status column moves one way (scheduled → in progress →
signed off, or cancelled) through `operations.py` only.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksf_b.accounts.models import User
from ksf_b.db_types import TimestampMixin, enum_type, new_public_id, utcnow
from ksf_b.extensions import db
from ksf_b.programme_settings import ProgrammeSettingsMixin, single_row_check
from media.models.asset import MediaAsset

__all__ = [
    "AudioEvidence",
    "ChecklistDefinition",
    "DefinitionStatus",
    "Evidence",
    "Observation",
    "ObservationEntry",
    "ObservationMark",
    "ObservationMode",
    "ObservationStatus",
    "PracticalKind",
    "PracticalSettings",
    "ProgrammeAward",
    "TheoryPass",
]


class PracticalKind(enum.StrEnum):
    PHONE = "phone"
    CHAT = "chat"


class DefinitionStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"


class ObservationMode(enum.StrEnum):
    ON_SITE = "on_site"  # next to the candidate
    REMOTE = "remote"  # at a distance
    RECORDED = "recorded"  # afterwards, from recorded chats or calls


class ObservationStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    IN_PROGRESS = "in_progress"
    SIGNED_OFF = "signed_off"
    CANCELLED = "cancelled"


class PracticalSettings(ProgrammeSettingsMixin, db.Model):
    """Programme rules of the practicals (one row); defaults documented in docs/practicals.md."""

    __tablename__ = "practical_settings"
    __table_args__ = (
        single_row_check("practical_single_row"),
        CheckConstraint("chat_min_chats >= 1", name="chat_min_chats_positive"),
        CheckConstraint("chat_min_occurrences >= 1", name="chat_min_occurrences_positive"),
        CheckConstraint("phone_min_calls >= 1", name="phone_min_calls_positive"),
        CheckConstraint("phone_min_ticks >= 1", name="phone_min_ticks_positive"),
    )

    chat_min_chats: Mapped[int] = mapped_column(Integer, default=5)
    chat_min_occurrences: Mapped[int] = mapped_column(Integer, default=3)
    chat_total_minimum: Mapped[int] = mapped_column(Integer, default=17)
    chat_critical_eindterms: Mapped[str] = mapped_column(String(64), default="1,3")
    chat_good_rule: Mapped[str] = mapped_column(String(16), default="three_good")
    phone_min_calls: Mapped[int] = mapped_column(Integer, default=1)
    phone_min_ticks: Mapped[int] = mapped_column(Integer, default=1)
    phone_critical_eindterms: Mapped[str] = mapped_column(String(64), default="1,3")
    phone_minimums: Mapped[str] = mapped_column(String(128), default="2:5")
    advised_months_between: Mapped[int] = mapped_column(Integer, default=3)


class ChecklistDefinition(TimestampMixin, db.Model):
    """One version of a checklist (phone or chat) as a JSON tree; immutable once published."""

    __tablename__ = "checklist_definitions"
    __table_args__ = (UniqueConstraint("kind", "number", name="uq_checklist_kind_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[PracticalKind] = mapped_column(enum_type(PracticalKind, "practical_kind"))
    number: Mapped[int] = mapped_column(Integer)
    status: Mapped[DefinitionStatus] = mapped_column(
        enum_type(DefinitionStatus, "checklist_status"), default=DefinitionStatus.DRAFT
    )
    content: Mapped[dict] = mapped_column(JSON)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    def checklist(self):  # type: ignore[no-untyped-def]
        from practicals.checklists import parse

        return parse(self.content, self.kind.value)


class Observation(TimestampMixin, db.Model):
    """A scheduled practical: one candidate, one examiner, one checklist version."""

    __tablename__ = "observations"
    __table_args__ = (CheckConstraint("revision >= 0", name="observation_revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    kind: Mapped[PracticalKind] = mapped_column(enum_type(PracticalKind, "practical_kind"))
    definition_id: Mapped[int] = mapped_column(ForeignKey("checklist_definitions.id"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    examiner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    scheduled_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    place: Mapped[str] = mapped_column(String(200))
    mode: Mapped[ObservationMode] = mapped_column(enum_type(ObservationMode, "observation_mode"))
    status: Mapped[ObservationStatus] = mapped_column(
        enum_type(ObservationStatus, "observation_status"), default=ObservationStatus.SCHEDULED
    )
    revision: Mapped[int] = mapped_column(Integer, default=0)
    # the paper header: Bedrijf, Naam kandidaat, Datum, Geboortedatum kandidaat
    company_name: Mapped[str] = mapped_column(String(200), default="")
    candidate_name: Mapped[str] = mapped_column(String(200), default="")
    observed_on: Mapped[date | None] = mapped_column(Date)
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    notified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    draft_saved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    signed_off_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome_status: Mapped[str | None] = mapped_column(String(16))
    # the rule settings used at sign-off: the outcome is recomputed from them, never re-judged
    outcome_rules: Mapped[dict | None] = mapped_column(JSON)
    outcome_total: Mapped[int | None] = mapped_column(Integer)
    cancelled_reason: Mapped[str | None] = mapped_column(Text)

    definition: Mapped[ChecklistDefinition] = relationship()
    candidate: Mapped[User] = relationship(foreign_keys=[candidate_id])
    examiner: Mapped[User] = relationship(foreign_keys=[examiner_id])
    entries: Mapped[list[ObservationEntry]] = relationship(
        back_populates="observation",
        order_by="ObservationEntry.position",
        cascade="all, delete-orphan",
    )

    @property
    def is_locked(self) -> bool:
        return self.status in (ObservationStatus.SIGNED_OFF, ObservationStatus.CANCELLED)

    @property
    def is_open(self) -> bool:
        """Still to be filled in (what `ksf_b.revisions.bump_revision` asks of a row)."""
        return not self.is_locked

    def can_fill(self, user: User) -> bool:
        """Only the assigned examiner fills it, and only until it is signed off."""
        return user.id == self.examiner_id and not self.is_locked


class ObservationEntry(TimestampMixin, db.Model):
    """One observed chat or call, numbered from 1, with its transcript or note."""

    __tablename__ = "observation_entries"
    __table_args__ = (
        UniqueConstraint("observation_id", "position", name="uq_entry_position"),
        CheckConstraint("position >= 1", name="entry_position_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    observation_id: Mapped[int] = mapped_column(ForeignKey("observations.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")

    observation: Mapped[Observation] = relationship(back_populates="entries")
    marks: Mapped[list[ObservationMark]] = relationship(
        back_populates="entry", cascade="all, delete-orphan"
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="entry", order_by="Evidence.id", cascade="all, delete-orphan"
    )
    audio: Mapped[list[AudioEvidence]] = relationship(
        back_populates="entry", order_by="AudioEvidence.id", cascade="all, delete-orphan"
    )

    def mark(self, code: str) -> ObservationMark | None:
        return next((m for m in self.marks if m.code == code), None)


class ObservationMark(db.Model):
    """The examiner's mark on one criterion in one chat/call, and a remark (phone)."""

    __tablename__ = "observation_marks"
    __table_args__ = (
        UniqueConstraint("entry_id", "code", name="uq_mark_entry_code"),
        CheckConstraint(
            "value IN ('good', 'not_good', 'na', 'checked', '')", name="mark_value_known"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("observation_entries.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(16), default="")
    remark: Mapped[str] = mapped_column(Text, default="")

    entry: Mapped[ObservationEntry] = relationship(back_populates="marks")


class Evidence(db.Model):
    """A file attached to a chat or call (transcript as text, PDF or image) in object storage."""

    __tablename__ = "practical_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    entry_id: Mapped[int] = mapped_column(ForeignKey("observation_entries.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    storage_key: Mapped[str] = mapped_column(String(255))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    entry: Mapped[ObservationEntry] = relationship(back_populates="evidence")


class AudioEvidence(db.Model):
    """A sound recording of a call or chat, processed by the media pipeline (AAC in M4A).

    The media asset holds the original and the playable file; this row says which chat or
    call it belongs to. Who may hear it is `practicals.audio.examiner_may_hear` (the assigned
    examiner) plus the media pipeline's own rule (admins).
    """

    __tablename__ = "practical_audio_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    entry_id: Mapped[int] = mapped_column(ForeignKey("observation_entries.id"), index=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("media_assets.id"), unique=True)
    filename: Mapped[str] = mapped_column(String(200))
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    entry: Mapped[ObservationEntry] = relationship(back_populates="audio")
    asset: Mapped[MediaAsset] = relationship()


class TheoryPass(db.Model):
    """A theory result registered for the practicals' programmes (fallback until `theory/`)."""

    __tablename__ = "practical_theory_passes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    passed_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str] = mapped_column(String(200), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ProgrammeAward(db.Model):
    """A certificate (A or CHAT) earned through a practical: issued, or waiting for the registry."""

    __tablename__ = "programme_awards"
    __table_args__ = (UniqueConstraint("observation_id", "programme", name="uq_award_source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    programme: Mapped[str] = mapped_column(String(8))
    observation_id: Mapped[int] = mapped_column(ForeignKey("observations.id"))
    certificate_number: Mapped[str | None] = mapped_column(String(64))
    warnings: Mapped[list | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
