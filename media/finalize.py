"""Finalize: chunks 0..N-1 into the verified original, or vouched for by the store's ETags.

`finalize` is what POST /media/uploads/<id>/finalize runs (docs/upload-protocol.md): it checks
the request, finds every chunk (rows, and in direct mode the store's listing), enforces the
limits, then either assembles the original here — reading each chunk back, checking its and
the whole file's SHA-256 — or, when the store's ETags vouch for every chunk sent straight to
it, leaves the assembly to the processing job (media/deferred.py). Flushes, never commits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from media import deferred, direct, keys
from media.assembly import ChunkSequence, DamagedChunk, HeldChunk
from media.models.upload import UploadChunk, UploadSession, UploadState
from media.storage import (
    ChecksumMismatch,
    ListedObject,
    Storage,
    StorageError,
    StoredObject,
    get_storage,
)
from media.uploads import (
    MAX_CHUNK_INDEX,
    MIME_RE,
    SHA256_RE,
    ChecksumFailed,
    InvalidUpload,
    UploadConflict,
    UploadTooLarge,
    chunk_max_bytes,
    held_chunk,
)

log = logging.getLogger(__name__)


def finalize(
    upload: UploadSession,
    chunk_count: int,
    sha256_hex: str,
    mime: str,
    chunk_hashes: list[str] | None = None,
    chunk_md5: list[str] | None = None,
) -> UploadSession:
    """Assemble chunks 0..N-1 into the verified original and queue processing (idempotent).

    `chunk_hashes` (the client's SHA-256 of each chunk) names the damaged chunks when the
    whole file does not match; chunks sent straight to the store are checked only that way.
    With `chunk_md5` too, chunks sent straight to the store are checked against its ETags
    and the processing job assembles them (media/deferred.py): no byte is read here.
    """
    sha256_hex = (sha256_hex or "").lower()
    _check_finalize_request(chunk_count, sha256_hex, mime)
    chunk_hashes = _check_chunk_hashes(chunk_hashes, chunk_count)
    chunk_md5 = deferred.check_md5_list(chunk_md5, chunk_count)
    is_direct = direct.direct_mode()
    # the store lists the chunks while the database locks the session and loads its rows
    listing = direct.start_listing(upload) if is_direct else None
    if is_direct:
        # a repeated finalize (a client's retry) waits for the first one, then answers 200:
        # both would otherwise write the chunk rows (PostgreSQL; SQLite has one writer anyway)
        db.session.refresh(upload, with_for_update=True)
    if not upload.is_open:
        if upload.chunk_count == chunk_count and upload.sha256 == sha256_hex:
            return upload
        raise UploadConflict("finalize_conflict")
    upload.chunks  # noqa: B018 -- loads the rows while the listing runs
    listed = listing.result() if listing is not None else {}
    chunks = _chunks_for_finalize(upload, chunk_count, listed)
    total = _check_sizes(upload, chunks, is_direct)
    if (
        is_direct
        and chunk_hashes is not None
        and chunk_md5 is not None
        and deferred.can_vouch(upload, listed, chunk_count)
    ):
        return deferred.finalize_vouched(
            upload, listed, chunk_count, sha256_hex, mime, chunk_hashes, chunk_md5
        )
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
    upload: UploadSession, chunk_count: int, listed: dict[int, ListedObject]
) -> list[HeldChunk]:
    """Return chunks 0..N-1 in order; a gap or a chunk past N is a conflict naming them.

    Rows (chunks that came through the app, hash verified) win over a listed object (one
    sent straight to the store).
    """
    held: dict[int, HeldChunk] = {}
    for index, item in listed.items():
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
    chunk = held_chunk(upload, index)
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
    if upload.is_open or not upload.asset.original_key:  # not yet assembled: the job deletes
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
