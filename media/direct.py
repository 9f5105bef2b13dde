"""Direct uploads: the browser PUTs recording chunks straight to S3 with presigned URLs.

The app only hands out the URLs (signed locally, no request to the store) and, at finalize,
reads the chunk objects back from a listing under the session's prefix. What the browser sent
is checked there, never trusted: sizes and limits from the listing, each chunk's SHA-256 while
assembling (docs/upload-protocol.md, "Direct mode").
"""

from __future__ import annotations

import logging
import os
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from flask import current_app

from media import keys
from media.models.upload import UploadChunk, UploadSession
from media.observe import count_stored_chunk
from media.storage import ListedObject, get_storage

log = logging.getLogger(__name__)

MAX_TARGETS = 64  # indexes per chunk-targets call
_DIRECT_KEY_RE = re.compile(r"/chunk-(\d{6})$")  # keys.chunk_key without a hash: sent directly


def direct_mode() -> bool:
    """Tell whether chunks go straight to the store (UPLOAD_DIRECT and a store that can)."""
    setting = str(current_app.config.get("UPLOAD_DIRECT", "auto")).strip().lower()
    if setting in {"0", "false", "no", "off"}:
        return False
    return get_storage().supports_direct_upload


def chunk_prefix(upload: UploadSession) -> str:
    return f"uploads/{upload.public_id}/"


def direct_key(upload: UploadSession, index: int) -> str:
    """The key a chunk sent directly is stored under (chosen by the server, as always)."""
    return keys.chunk_key(upload.public_id, index)


def chunk_targets(upload: UploadSession, indexes: list[int]) -> dict:
    """Presigned PUTs for chunks `indexes` of an open upload: {"targets", "expires_in"}."""
    from media.uploads import MAX_CHUNK_INDEX, InvalidUpload, UploadConflict

    valid = (
        isinstance(indexes, list)
        and 0 < len(indexes) <= MAX_TARGETS
        and all(isinstance(i, int) and not isinstance(i, bool) for i in indexes)
        and all(0 <= i <= MAX_CHUNK_INDEX for i in indexes)
    )
    if not valid:
        raise InvalidUpload("bad_indexes")
    if not upload.is_open:
        raise UploadConflict("finalized")
    seconds = int(current_app.config["UPLOAD_TARGET_SECONDS"])
    storage = get_storage()
    targets = {}
    for index in sorted(set(indexes)):
        target = storage.presigned_put(direct_key(upload, index), seconds)
        targets[str(index)] = {
            "url": target.url,
            "method": target.method,
            "headers": target.headers,
        }
    return {"targets": targets, "expires_in": seconds}


def listed_chunks(upload: UploadSession) -> dict[int, ListedObject]:
    """Index → object of the chunks the browser sent straight to the store."""
    return _by_index(upload.public_id, get_storage().list_prefix(chunk_prefix(upload)))


def start_listing(upload: UploadSession) -> Future[dict[int, ListedObject]]:
    """Start `listed_chunks(upload)` in a thread; its result (or StorageError) comes later.

    Finalize lists the store while it locks the session and loads the chunk rows: the two
    round trips overlap instead of adding up. The thread gets plain values, never the ORM
    object (a lazy load there would use another thread's session).
    """
    public_id, prefix, storage = upload.public_id, chunk_prefix(upload), get_storage()
    return _listing_pool().submit(lambda: _by_index(public_id, storage.list_prefix(prefix)))


def _by_index(public_id: str, items: list[ListedObject]) -> dict[int, ListedObject]:
    found = {}
    for item in items:
        match = _DIRECT_KEY_RE.search(item.key)
        if match and item.key == keys.chunk_key(public_id, int(match.group(1))):
            found[int(match.group(1))] = item
    return found


_pool_lock = threading.Lock()
_pool: tuple[int, ThreadPoolExecutor] | None = None


def _listing_pool() -> ThreadPoolExecutor:
    """One small pool per process (a forked gunicorn worker makes its own)."""
    global _pool
    with _pool_lock:
        if _pool is None or _pool[0] != os.getpid():
            _pool = (os.getpid(), ThreadPoolExecutor(8, thread_name_prefix="chunk-list"))
        return _pool[1]


def received(upload: UploadSession) -> list[dict]:
    """What an open direct upload holds: rows the app knows, merged with the listing."""
    rows = {chunk.index: chunk for chunk in upload.chunks}
    listed = listed_chunks(upload) if upload.is_open else {}
    merged = {
        i: {"index": i, "size": item.size, "sha256": None, "md5": item.md5}
        for i, item in listed.items()
    }
    for index, chunk in rows.items():
        merged[index] = {"index": index, "size": chunk.size, "sha256": chunk.sha256, "md5": None}
    return [merged[i] for i in sorted(merged)]


def discard_open_chunks(upload: UploadSession, indexes: list[int] | None = None) -> None:
    """Delete chunk objects (all, or those of `indexes`) and their rows; the session stays open.

    The browser still holds the chunks and sends them again.
    """
    storage = get_storage()
    wanted = None if indexes is None else set(indexes)
    doomed = [
        item.key for i, item in listed_chunks(upload).items() if wanted is None or i in wanted
    ]
    for chunk in list(upload.chunks):
        if wanted is None or chunk.index in wanted:
            doomed.append(chunk.storage_key)
            upload.chunks.remove(chunk)
    if doomed:
        storage.delete_many(doomed)
    log.warning("upload %s: deleted %s chunk objects", upload.public_id, len(doomed))


def record_listed(upload: UploadSession, hashes: dict[int, tuple[str, int, str]]) -> None:
    """At finalize: rows for the chunks sent directly (index → key, size, SHA-256 as read)."""
    known = {chunk.index for chunk in upload.chunks}
    for index, (key, size, sha256) in sorted(hashes.items()):
        if index not in known:
            upload.chunks.append(
                UploadChunk(index=index, size=size, sha256=sha256, storage_key=key)
            )
            count_stored_chunk(size, "stored_direct")


def open_chunk_keys(upload: UploadSession) -> list[str]:
    """Keys of chunk objects of an open upload that have no row (privacy erasure, sweeps)."""
    if not upload.is_open or not get_storage().supports_direct_upload:
        return []
    known = {chunk.storage_key for chunk in upload.chunks}
    return [item.key for item in listed_chunks(upload).values() if item.key not in known]
