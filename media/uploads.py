"""Upload operations: open a session, store numbered chunks (finalize: media/finalize.py).

Chunks are streamed to storage one block at a time (memory does not grow with their size) and
each is kept as its own object until finalize, so any web process can continue an upload.
Operations flush but never commit; the view commits once per request.
"""

from __future__ import annotations

import logging
import re
from typing import BinaryIO

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ksf_b.accounts.models import User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from media import direct, keys
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.models.upload import UploadChunk, UploadSession
from media.storage import (
    BLOCK_SIZE,
    ChecksumMismatch,
    HashingReader,
    get_storage,
)

log = logging.getLogger(__name__)

MAX_CHUNK_INDEX = 99_999  # six digits in the object key; 2-s chunks: more than two days
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
MIME_RE = re.compile(r"^[a-z]+/[a-z0-9.+-]+(\s*;\s*[a-z0-9-]+=[\"']?[a-z0-9.,+ -]+[\"']?)*$")


class UploadError(Exception):
    """Base of the upload errors: `code` names the reason, `status` is its HTTP answer."""

    status = 400

    def __init__(
        self,
        code: str,
        missing: list[int] | None = None,
        unexpected: list[int] | None = None,
        keep_changes: bool = False,
        damaged: list[int] | None = None,
    ) -> None:
        super().__init__(code)
        self.code = code
        self.missing = missing or []
        self.unexpected = unexpected or []
        self.damaged = damaged or []
        self.keep_changes = keep_changes  # the operation repaired state worth committing


class InvalidUpload(UploadError):
    """Bad index, hash, count or type in the request."""

    status = 400


class UploadConflict(UploadError):
    """The request contradicts what is already held."""

    status = 409


class UploadTooLarge(UploadError):
    """A chunk over the chunk limit or a session over its total limit."""

    status = 413


class ChecksumFailed(UploadError):
    """The bytes do not match the SHA-256 the client stated."""

    status = 422


class _CappedReader:
    """Read at most `limit` bytes; one byte more raises UploadTooLarge (a body lied about size)."""

    def __init__(self, source: BinaryIO, limit: int) -> None:
        self._source, self._limit, self.count = source, limit, 0

    def read(self, amount: int = -1) -> bytes:
        want = BLOCK_SIZE if amount is None or amount < 0 else amount
        data = self._source.read(min(want, self._limit - self.count + 1))
        self.count += len(data)
        if self.count > self._limit:
            raise UploadTooLarge("chunk_too_large")
        return data


def open_upload(owner: User, kind: AssetKind, max_bytes: int) -> UploadSession:
    """Create an asset in UPLOADING and an open session for `owner` to send it in chunks."""
    if max_bytes <= 0:
        raise ValueError("max_bytes must be positive")
    asset = MediaAsset(kind=kind, owner_id=owner.id, status=AssetStatus.UPLOADING)
    upload = UploadSession(owner_id=owner.id, asset=asset, max_bytes=max_bytes)
    db.session.add_all([asset, upload])
    db.session.flush()
    log.info("upload %s opened for user %s (%s)", upload.public_id, owner.id, kind)
    return upload


def find_upload(public_id: str, owner: User) -> UploadSession | None:
    """Return the owner's session with this public id (None for anyone else's)."""
    return db.session.scalar(
        select(UploadSession).where(
            UploadSession.public_id == public_id, UploadSession.owner_id == owner.id
        )
    )


def chunk_max_bytes() -> int:
    return int(current_app.config["UPLOAD_CHUNK_MAX_BYTES"])


def held_chunk(upload: UploadSession, index: int) -> UploadChunk | None:
    return db.session.scalar(
        select(UploadChunk).where(UploadChunk.upload_id == upload.id, UploadChunk.index == index)
    )


def _held_sizes(upload: UploadSession) -> dict[int, int]:
    """Index → size of every chunk held, in one light query (no ORM objects): a chunk PUT's
    limit check and repeat check both read it."""
    rows = db.session.execute(
        select(UploadChunk.index, UploadChunk.size).where(UploadChunk.upload_id == upload.id)
    )
    return {index: size for index, size in rows}


def check_chunk_request(
    upload: UploadSession, index: int, sha256_hex: str, length: int
) -> UploadChunk | None:
    """Refuse a chunk before reading its body: bad index/hash, finalized session, over a limit.

    Returns the chunk already held at `index` (a repeat), else None.
    """
    if not 0 <= index <= MAX_CHUNK_INDEX:
        raise InvalidUpload("bad_index")
    if not SHA256_RE.match(sha256_hex or ""):
        raise InvalidUpload("bad_chunk_hash")
    if not upload.is_open:
        raise UploadConflict("finalized")
    if length > chunk_max_bytes():
        raise UploadTooLarge("chunk_too_large")
    sizes = _held_sizes(upload)
    already = sizes.get(index, 0)
    if sum(sizes.values()) - already + length > upload.max_bytes:
        raise UploadTooLarge("upload_too_large")
    return held_chunk(upload, index) if index in sizes else None


def put_chunk(
    upload: UploadSession, index: int, stream: BinaryIO, sha256_hex: str, length: int
) -> tuple[bool, UploadChunk]:
    """Store chunk `index` from `stream`; return (created, chunk). A repeat is acknowledged."""
    sha256_hex = (sha256_hex or "").lower()
    held = check_chunk_request(upload, index, sha256_hex, length)
    if held is not None:
        return False, _compare_repeat(held, stream, sha256_hex)
    key = keys.chunk_key(upload.public_id, index, sha256_hex)
    body = _CappedReader(stream, min(length, chunk_max_bytes()))
    try:
        stored = get_storage().save(key, body, expected_sha256=sha256_hex)
    except ChecksumMismatch as error:
        raise ChecksumFailed("chunk_checksum") from error
    if stored.size != length:
        get_storage().delete(key)
        raise InvalidUpload("short_body")
    return _record_chunk(upload, index, stored.size, sha256_hex, key)


def _compare_repeat(held: UploadChunk, stream: BinaryIO, sha256_hex: str) -> UploadChunk:
    """A chunk sent again: same bytes → fine; a different (valid) body → conflict."""
    reader = HashingReader(_CappedReader(stream, chunk_max_bytes()), "repeat", sha256_hex)
    try:
        reader.drain()
    except ChecksumMismatch as error:
        raise ChecksumFailed("chunk_checksum") from error
    if reader.sha256 != held.sha256 or reader.size != held.size:
        raise UploadConflict("chunk_conflict")
    return held


def _record_chunk(
    upload: UploadSession, index: int, size: int, sha256_hex: str, key: str
) -> tuple[bool, UploadChunk]:
    """Insert the chunk row; if a parallel request won the race, compare with its chunk.

    One `INSERT … ON CONFLICT DO NOTHING RETURNING id` (PostgreSQL and SQLite alike): no
    savepoint and no ORM flush on the path every chunk takes.
    """
    values = {
        "upload_id": upload.id,
        "index": index,
        "size": size,
        "sha256": sha256_hex,
        "storage_key": key,
        "created_at": utcnow(),
    }
    dialect = db.session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = (
        insert(UploadChunk)
        .values(values)
        .on_conflict_do_nothing(index_elements=["upload_id", "chunk_index"])
        .returning(UploadChunk.id)
    )
    new_id = db.session.execute(statement).scalar()
    if new_id is None:
        winner = held_chunk(upload, index)
        if winner is None:  # the winner's row went again (its upload was discarded)
            raise UploadConflict("chunk_conflict")
        if winner.sha256 != sha256_hex:
            get_storage().delete(key)  # ours lost; the winner's object has another key
            raise UploadConflict("chunk_conflict")
        return False, winner
    db.session.expire(upload, ["chunks"])
    return True, UploadChunk(id=new_id, **values)


def describe(upload: UploadSession) -> dict:
    """The JSON shape of GET /media/uploads/<id> (docs/upload-protocol.md)."""
    is_direct = direct.direct_mode()
    if is_direct:
        received = direct.received(upload)  # may raise StorageError: the listing
    else:
        received = [
            {"index": chunk.index, "size": chunk.size, "sha256": chunk.sha256, "md5": None}
            for chunk in upload.chunks
        ]
    return {
        "id": upload.public_id,
        "state": upload.state.value,
        "direct": is_direct,
        "received": received,
        "chunk_max_bytes": chunk_max_bytes(),
        "max_bytes": upload.max_bytes,
        "asset": describe_asset(upload.asset),
    }


def describe_asset(asset: MediaAsset) -> dict:
    return {
        "id": asset.public_id,
        "status": asset.status.value,
        "failure_reason": asset.failure_reason,
    }
