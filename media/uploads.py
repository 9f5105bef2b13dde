"""Upload operations: open a session, store numbered chunks, finalize into a verified original.

Chunks are streamed to storage one block at a time (memory does not grow with their size) and
each is kept as its own object until finalize, so any web process can continue an upload.
Operations flush but never commit; the view commits once per request.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import BinaryIO

from flask import current_app
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ksf_b.accounts.models import User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from media import direct, keys
from media.assembly import ChunkSequence, DamagedChunk, HeldChunk
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.models.upload import UploadChunk, UploadSession, UploadState
from media.storage import (
    BLOCK_SIZE,
    ChecksumMismatch,
    HashingReader,
    Storage,
    StorageError,
    StoredObject,
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


def _held_chunk(upload: UploadSession, index: int) -> UploadChunk | None:
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
    return _held_chunk(upload, index) if index in sizes else None


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
        winner = _held_chunk(upload, index)
        if winner is None:  # the winner's row went again (its upload was discarded)
            raise UploadConflict("chunk_conflict")
        if winner.sha256 != sha256_hex:
            get_storage().delete(key)  # ours lost; the winner's object has another key
            raise UploadConflict("chunk_conflict")
        return False, winner
    db.session.expire(upload, ["chunks"])
    return True, UploadChunk(id=new_id, **values)


def finalize(
    upload: UploadSession,
    chunk_count: int,
    sha256_hex: str,
    mime: str,
    chunk_hashes: list[str] | None = None,
) -> UploadSession:
    """Assemble chunks 0..N-1 into the verified original and queue processing (idempotent).

    `chunk_hashes` (the client's SHA-256 of each chunk) names the damaged chunks when the
    whole file does not match; chunks sent straight to the store are checked only that way.
    """
    sha256_hex = (sha256_hex or "").lower()
    _check_finalize_request(chunk_count, sha256_hex, mime)
    chunk_hashes = _check_chunk_hashes(chunk_hashes, chunk_count)
    is_direct = direct.direct_mode()
    if is_direct:
        # a repeated finalize (a client's retry) waits for the first one, then answers 200:
        # both would otherwise write the chunk rows (PostgreSQL; SQLite has one writer anyway)
        db.session.refresh(upload, with_for_update=True)
    if not upload.is_open:
        if upload.chunk_count == chunk_count and upload.sha256 == sha256_hex:
            return upload
        raise UploadConflict("finalize_conflict")
    chunks = _chunks_for_finalize(upload, chunk_count, is_direct)
    total = _check_sizes(upload, chunks, is_direct)
    asset = upload.asset
    reader = ChunkSequence(get_storage(), chunks)
    stored = _assemble_checked(upload, reader, sha256_hex, chunk_hashes)
    if is_direct:
        direct.record_listed(upload, reader.read_hashes)
    if stored.size != total:
        raise StorageError(f"assembled {stored.size} bytes, chunks hold {total}")
    asset.original_key = keys.original_key(asset)
    asset.original_mime = mime
    asset.original_size = stored.size
    asset.original_sha256 = stored.sha256
    upload.state = UploadState.FINALIZED
    upload.chunk_count, upload.sha256, upload.size = chunk_count, stored.sha256, stored.size
    upload.finalized_at = utcnow()
    db.session.flush()
    from media.processing import request_processing

    request_processing(asset)
    log.info("upload %s finalized: %s bytes in %s chunks", upload.public_id, total, chunk_count)
    return upload


def _check_finalize_request(chunk_count: int, sha256_hex: str, mime: str) -> None:
    if not isinstance(chunk_count, int) or isinstance(chunk_count, bool):
        raise InvalidUpload("bad_count")
    if not 1 <= chunk_count <= MAX_CHUNK_INDEX + 1:
        raise InvalidUpload("bad_count")
    if not SHA256_RE.match(sha256_hex):
        raise InvalidUpload("bad_hash")
    if not isinstance(mime, str) or len(mime) > 100 or not MIME_RE.match(mime.lower()):
        raise InvalidUpload("bad_mime")


def _check_sizes(upload: UploadSession, chunks: list[HeldChunk], is_direct: bool) -> int:
    """Return the total size; over a limit is 413 (direct: the session's chunks are deleted)."""
    total = sum(chunk.size for chunk in chunks)
    too_big = total > upload.max_bytes
    if is_direct and (too_big or any(c.size > chunk_max_bytes() for c in chunks)):
        direct.discard_open_chunks(upload)  # nothing signed limits a PUT's size: it ends here
        raise UploadTooLarge("upload_too_large", keep_changes=True)
    if too_big:
        raise UploadTooLarge("upload_too_large")
    return total


def _assemble_checked(
    upload: UploadSession, reader: ChunkSequence, sha256_hex: str, claimed: list[str] | None
) -> StoredObject:
    """Assemble the original; a damaged chunk is forgotten (409) or named and deleted (422)."""
    try:
        return _assemble(reader, keys.original_key(upload.asset), sha256_hex)
    except DamagedChunk as error:
        _forget_chunk(upload, error.index)
        raise UploadConflict("chunks_missing", [error.index], keep_changes=True) from error
    except ChecksumFailed as error:
        damaged = _damaged(reader.read_hashes, claimed)
        if not damaged:
            raise
        direct.discard_open_chunks(upload, damaged)
        log.error("upload %s: chunks %s damaged, asking for them again", upload.public_id, damaged)
        raise ChecksumFailed("chunks_damaged", keep_changes=True, damaged=damaged) from error


def _check_chunk_hashes(chunk_hashes: object, chunk_count: int) -> list[str] | None:
    if chunk_hashes is None:
        return None
    if (
        not isinstance(chunk_hashes, list)
        or len(chunk_hashes) != chunk_count
        or not all(isinstance(h, str) and SHA256_RE.match(h.lower()) for h in chunk_hashes)
    ):
        raise InvalidUpload("bad_chunk_list")
    return [h.lower() for h in chunk_hashes]


def _damaged(read: dict[int, tuple[str, int, str]], claimed: list[str] | None) -> list[int]:
    """Chunks whose bytes in storage are not what the client hashed."""
    if claimed is None:
        return []
    return [i for i, digest in enumerate(claimed) if i in read and read[i][2] != digest]


def _chunks_for_finalize(
    upload: UploadSession, chunk_count: int, is_direct: bool = False
) -> list[HeldChunk]:
    """Return chunks 0..N-1 in order; a gap or a chunk past N is a conflict naming them.

    Rows (chunks that came through the app, hash verified) win over a listed object.
    """
    held: dict[int, HeldChunk] = {}
    if is_direct:
        for index, item in direct.listed_chunks(upload).items():
            held[index] = HeldChunk(index, item.key, item.size, None)
    for chunk in upload.chunks:
        held[chunk.index] = HeldChunk(chunk.index, chunk.storage_key, chunk.size, chunk.sha256)
    missing = [i for i in range(chunk_count) if i not in held]
    unexpected = sorted(i for i in held if i >= chunk_count)
    if missing or unexpected:
        raise UploadConflict("chunks_missing", missing, unexpected)
    return [held[i] for i in range(chunk_count)]


def _assemble(
    reader: ChunkSequence, key: str, sha256_hex: str, storage: Storage | None = None
) -> StoredObject:
    storage = storage or get_storage()
    try:
        return storage.save(key, reader, expected_sha256=sha256_hex)
    except ChecksumMismatch as error:
        raise ChecksumFailed("file_checksum") from error
    finally:
        reader.close()


def assemble_chunks(
    storage: Storage, chunks: Iterable[UploadChunk], key: str, sha256_hex: str
) -> StoredObject:
    """Write the chunk objects in order to `key`, checking each chunk and the whole SHA-256.

    `chunks` need only `index`, `storage_key`, `size` and `sha256` (bench/finalize.py passes
    plain objects). Raises DamagedChunk or ChecksumFailed; nothing is kept on either.
    """
    held = [HeldChunk(c.index, c.storage_key, c.size, c.sha256) for c in chunks]
    return _assemble(ChunkSequence(storage, held), key, sha256_hex, storage)


def _forget_chunk(upload: UploadSession, index: int) -> None:
    """Drop a damaged chunk so the client sends it again (its browser still holds it)."""
    chunk = _held_chunk(upload, index)
    if chunk is None:
        return
    log.error(
        "upload %s: chunk %s damaged in storage, asking for it again", upload.public_id, index
    )
    get_storage().delete(chunk.storage_key)
    db.session.delete(chunk)
    db.session.flush()
    db.session.expire(upload, ["chunks"])


def discard_chunk_objects(upload: UploadSession) -> None:
    """Delete the chunk objects of a finalized upload (call after the commit); rows stay."""
    chunk_object_discarder(upload)()


def chunk_object_discarder(upload: UploadSession) -> Callable[[], None]:
    """What deletes the chunk objects of a finalized upload, to run later (no app context).

    The finalize view runs it once the answer is sent. A leftover is harmless: the original
    is stored and verified, and the chunk keys stay in the rows.
    """
    if upload.is_open:
        return lambda: None
    storage = get_storage()
    chunk_keys = [chunk.storage_key for chunk in upload.chunks]
    upload_id = upload.public_id

    def discard() -> None:
        try:
            storage.delete_many(chunk_keys)  # one request per 1000 objects on S3
        except StorageError as error:
            log.warning("could not delete the chunk objects of %s: %s", upload_id, error)

    return discard


def describe(upload: UploadSession) -> dict:
    """The JSON shape of GET /media/uploads/<id> (docs/upload-protocol.md)."""
    is_direct = direct.direct_mode()
    if is_direct:
        received = direct.received(upload)  # may raise StorageError: the listing
    else:
        received = [
            {"index": chunk.index, "size": chunk.size, "sha256": chunk.sha256}
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
