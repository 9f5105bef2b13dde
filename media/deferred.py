"""Finalize on the store's word: direct chunks checked by their ETags, assembled by the job.

Chunks sent straight to S3 (media/direct.py) used to be read back by finalize, hashed and
written out as the original while the candidate waited: per take one GET per chunk and a PUT
of the whole take through the web process, the heaviest request of an exam day
(docs/performance.md). For a single PutObject, S3's ETag is the MD5 of the bytes it stored, and
one listing returns every chunk's ETag. So when the browser sends each chunk's MD5
(`chunk_md5`) besides its SHA-256 (`chunks`), finalize compares the listing with those and
answers: every byte the browser recorded is in the store, unchanged, and the take is saved.
Reading the chunks, checking each one's SHA-256 and the whole take's, and writing the
original is left to the processing job (`assemble_pending`), which reads the take anyway.

When a listed ETag is not a plain MD5 (a multipart object, a store encrypting with KMS) or
the client sent no MD5s, finalize falls back to reading the chunks back (media/uploads.py).
MD5 is used here to detect damage, as S3 does, not against an attacker: the candidate is the
only one who can write under a session's prefix, and the job still checks SHA-256.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import insert, select

from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from media import direct, keys
from media.assembly import ChunkSequence, DamagedChunk, HeldChunk
from media.models.asset import MediaAsset
from media.models.upload import UploadChunk, UploadSession, UploadState
from media.observe import count_stored_chunk
from media.probe import MediaInvalid
from media.storage import ListedObject, StorageError, get_storage

log = logging.getLogger(__name__)

MD5_RE = re.compile(r"^[0-9a-f]{32}$")


def check_md5_list(chunk_md5: object, chunk_count: int) -> list[str] | None:
    """The client's MD5 of each chunk, lower case; None when not sent. Raises on a bad list."""
    from media.uploads import InvalidUpload

    if chunk_md5 is None:
        return None
    if (
        not isinstance(chunk_md5, list)
        or len(chunk_md5) != chunk_count
        or not all(isinstance(m, str) and MD5_RE.match(m.lower()) for m in chunk_md5)
    ):
        raise InvalidUpload("bad_chunk_list")
    return [m.lower() for m in chunk_md5]


def can_vouch(upload: UploadSession, listed: dict[int, ListedObject], chunk_count: int) -> bool:
    """True when every chunk 0..N-1 is a row or a listed object whose ETag is an MD5."""
    rows = {chunk.index for chunk in upload.chunks}
    return all(i in rows or (i in listed and listed[i].md5 is not None) for i in range(chunk_count))


def finalize_vouched(
    upload: UploadSession,
    listed: dict[int, ListedObject],
    chunk_count: int,
    sha256_hex: str,
    mime: str,
    chunk_hashes: list[str],
    chunk_md5: list[str],
) -> UploadSession:
    """Finalize without reading a byte: each chunk's ETag (or row) against the client's hashes.

    A chunk the store holds with other bytes is deleted and named (422 `chunks_damaged`); the
    browser still holds it and sends it again. Sizes and limits are checked by the caller.
    """
    from media.processing import request_processing
    from media.uploads import ChecksumFailed

    rows = {chunk.index: chunk for chunk in upload.chunks}
    damaged = []
    for index in range(chunk_count):
        row = rows.get(index)
        if row is not None:
            if row.sha256 != chunk_hashes[index]:
                damaged.append(index)
        elif listed[index].md5 != chunk_md5[index]:
            damaged.append(index)
    if damaged:
        direct.discard_open_chunks(upload, damaged)
        log.error("upload %s: chunks %s damaged, asking for them again", upload.public_id, damaged)
        raise ChecksumFailed("chunks_damaged", keep_changes=True, damaged=damaged)
    new_rows = [
        # the SHA-256 is the client's, vouched for by the store's MD5
        {
            "upload_id": upload.id,
            "index": i,
            "size": listed[i].size,
            "sha256": chunk_hashes[i],
            "storage_key": listed[i].key,
        }
        for i in range(chunk_count)
        if i not in rows
    ]
    if new_rows:  # one INSERT for all, no ORM object each (finalize is on the recorder's clock)
        db.session.execute(insert(UploadChunk), new_rows)
        db.session.expire(upload, ["chunks"])
    for row in new_rows:
        count_stored_chunk(row["size"], "stored_direct")
    total = sum(listed[i].size if i not in rows else rows[i].size for i in range(chunk_count))
    asset = upload.asset
    asset.original_mime = mime  # original_key, _size, _sha256: once the job assembled it
    upload.state = UploadState.FINALIZED
    upload.chunk_count, upload.sha256, upload.size = chunk_count, sha256_hex, total
    upload.finalized_at = utcnow()
    db.session.flush()
    request_processing(asset)
    log.info(
        "upload %s finalized on the store's ETags: %s bytes in %s chunks, assembly queued",
        upload.public_id,
        total,
        chunk_count,
    )
    return upload


def pending_upload(asset: MediaAsset) -> UploadSession | None:
    """The finalized upload whose original the job has still to assemble, if any."""
    if asset.original_key:
        return None
    return db.session.scalar(
        select(UploadSession).where(
            UploadSession.asset_id == asset.id, UploadSession.state == UploadState.FINALIZED
        )
    )


class _CopyingReader:
    """Reads from `source` and writes what it read to `sink` (the job's local copy)."""

    def __init__(self, source: ChunkSequence, sink: BinaryIO) -> None:
        self.source, self.sink = source, sink

    def read(self, amount: int = -1) -> bytes:
        data = self.source.read(amount)
        if data:
            self.sink.write(data)
        return data


def assemble_pending(asset: MediaAsset, copy_to: Path | None = None) -> Callable[[], None] | None:
    """In the processing job: write the original from the chunk objects, checking them all.

    With `copy_to`, the bytes are also written to that local file, so that the job need not
    fetch the original it has just stored (one GET of the whole take fewer).

    Each chunk's SHA-256 must be the client's (the rows hold it), else the chunk was damaged in
    storage after finalize vouched for it: the job fails for good, nothing is deleted, and the
    admins are alerted (media.processing). A whole-file SHA-256 other than the client's while
    every chunk matches is logged and kept: the bytes are the chunks the browser recorded.
    Flushes; returns what deletes the chunk objects, to run after the commit (or None).
    """
    upload = pending_upload(asset)
    if upload is None:
        return None
    held = [HeldChunk(c.index, c.storage_key, c.size, c.sha256) for c in upload.chunks]
    if [c.index for c in held] != list(range(upload.chunk_count or 0)):
        raise MediaInvalid("damaged", f"upload {upload.public_id}: chunk rows are not 0..N-1")
    storage = get_storage()
    key = keys.original_key(asset)
    reader = ChunkSequence(storage, held)
    try:
        with contextlib.ExitStack() as stack:
            source: BinaryIO | _CopyingReader = reader  # type: ignore[assignment]
            if copy_to is not None:
                source = _CopyingReader(reader, stack.enter_context(copy_to.open("wb")))
            stored = storage.save(key, source)  # type: ignore[arg-type]
    except DamagedChunk as error:
        raise MediaInvalid("damaged", f"upload {upload.public_id}: {error}") from error
    finally:
        reader.close()
    if stored.size != upload.size:
        storage.delete(key)
        raise StorageError(f"assembled {stored.size} bytes, chunks hold {upload.size}")
    if stored.sha256 != upload.sha256:
        log.error(
            "upload %s: every chunk matches, the whole file's SHA-256 %s is not the client's %s",
            upload.public_id,
            stored.sha256,
            upload.sha256,
        )
    asset.original_key = key
    asset.original_size = stored.size
    asset.original_sha256 = stored.sha256
    db.session.flush()
    chunk_keys = [chunk.storage_key for chunk in upload.chunks]

    def discard() -> None:
        try:
            storage.delete_many(chunk_keys)
        except StorageError as error:  # harmless: the original is stored, the keys in the rows
            log.warning("could not delete the chunk objects of %s: %s", upload.public_id, error)

    return discard
