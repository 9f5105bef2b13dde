"""A stored media file: the verified original and, once processed, the playable MP4 or M4A."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ksf_b.db_types import TimestampMixin, enum_type, new_public_id
from ksf_b.extensions import db


class AssetKind(enum.StrEnum):
    RECORDING = "recording"  # a candidate's take
    SCENARIO = "scenario"  # an actor video uploaded by an admin
    DEVICE_TEST = "device_test"  # the test recording before the exam (not assessed)
    AUDIO = "audio"  # a sound recording only (e.g. a recorded call): processed to AAC in M4A


class AssetStatus(enum.StrEnum):
    UPLOADING = "uploading"  # chunks arriving, nothing accepted yet
    QUEUED = "queued"  # original (or every chunk, media/deferred.py) verified; job queued
    PROCESSING = "processing"
    READY = "ready"  # processed MP4 and poster stored and verified
    FAILED = "failed"  # processing failed for good; failure_reason says why, original kept


class MediaAsset(TimestampMixin, db.Model):
    __tablename__ = "media_assets"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    kind: Mapped[AssetKind] = mapped_column(enum_type(AssetKind, "asset_kind"))
    status: Mapped[AssetStatus] = mapped_column(
        enum_type(AssetStatus, "asset_status"),
        default=AssetStatus.UPLOADING,
        index=True,
    )
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)

    original_key: Mapped[str | None] = mapped_column(String(255))
    original_mime: Mapped[str | None] = mapped_column(String(100))
    original_size: Mapped[int | None] = mapped_column(BigInteger)
    original_sha256: Mapped[str | None] = mapped_column(String(64))

    processed_key: Mapped[str | None] = mapped_column(String(255))
    processed_size: Mapped[int | None] = mapped_column(BigInteger)
    processed_sha256: Mapped[str | None] = mapped_column(String(64))
    poster_key: Mapped[str | None] = mapped_column(String(255))
    duration_seconds: Mapped[float | None] = mapped_column(Float)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    video_codec: Mapped[str | None] = mapped_column(String(32))
    audio_codec: Mapped[str | None] = mapped_column(String(32))
    processing_path: Mapped[str | None] = mapped_column(String(16))  # remux|transcode|audio-*
    failure_reason: Mapped[str | None] = mapped_column(Text)
    ready_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def is_ready(self) -> bool:
        return self.status is AssetStatus.READY

    def __repr__(self) -> str:
        return f"<MediaAsset {self.public_id} {self.kind} {self.status}>"
