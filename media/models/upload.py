"""Upload sessions and their chunks (the resumable upload protocol, docs/upload-protocol.md)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ksf_b.db_types import enum_type, new_public_id, utcnow
from ksf_b.extensions import db
from media.models.asset import MediaAsset

__all__ = ["UploadChunk", "UploadSession", "UploadState"]


class UploadState(enum.StrEnum):
    OPEN = "open"  # chunks may arrive
    FINALIZED = "finalized"  # the original is assembled, verified and stored


class UploadSession(db.Model):
    """One file being uploaded in numbered chunks; the server made it and names its objects."""

    __tablename__ = "upload_sessions"
    __table_args__ = (
        CheckConstraint("max_bytes > 0", name="max_bytes_positive"),
        CheckConstraint("chunk_count IS NULL OR chunk_count > 0", name="chunk_count_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, default=new_public_id)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("media_assets.id"), unique=True)
    max_bytes: Mapped[int] = mapped_column(BigInteger)
    state: Mapped[UploadState] = mapped_column(
        enum_type(UploadState, "upload_state"),
        default=UploadState.OPEN,
    )
    chunk_count: Mapped[int | None] = mapped_column(Integer)  # set by finalize
    sha256: Mapped[str | None] = mapped_column(String(64))  # of the whole file, after finalize
    size: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    finalized_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    asset: Mapped[MediaAsset] = relationship()
    chunks: Mapped[list[UploadChunk]] = relationship(
        back_populates="upload", order_by="UploadChunk.index", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        return self.state is UploadState.OPEN

    def __repr__(self) -> str:
        return f"<UploadSession {self.public_id} {self.state}>"


class UploadChunk(db.Model):
    """A chunk held in storage: its index, size and SHA-256 as received and verified."""

    __tablename__ = "upload_chunks"
    __table_args__ = (
        UniqueConstraint("upload_id", "chunk_index", name="uq_upload_chunks_upload_index"),
        CheckConstraint("chunk_index >= 0", name="index_not_negative"),
        CheckConstraint("size >= 0", name="size_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("upload_sessions.id"), index=True)
    # "index" is an SQL keyword: the column is chunk_index, the attribute stays `index`
    index: Mapped[int] = mapped_column("chunk_index", Integer)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    upload: Mapped[UploadSession] = relationship(back_populates="chunks")

    def __repr__(self) -> str:
        return f"<UploadChunk {self.upload_id}#{self.index} {self.size}B>"
