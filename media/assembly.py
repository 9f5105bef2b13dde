"""Reading a take's chunk objects back in order at finalize (media/uploads.py assembles them).

`ChunkSequence` is one reader over the chunk objects: it fetches the next ones ahead,
concurrently and bounded in bytes, checks each chunk's size and (when known) SHA-256 as it
goes, and records what it read (`read_hashes`) for chunks sent straight to the store.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
from collections import deque
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import BinaryIO

from media.storage import BLOCK_SIZE, ObjectNotFound, Storage, StorageError

# chunk objects fetched ahead, concurrently, while finalize assembles … (on S3 a GET costs
# milliseconds of round trip and of botocore's CPU: 85 of them in a row took most of a second)
PREFETCH = 8
PREFETCH_BYTES = 8 * 1024 * 1024  # … as long as they hold at most this much (always one)


class DamagedChunk(StorageError):
    """A held chunk's object is gone or no longer has the bytes that were received."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(f"chunk {index}: {reason}")
        self.index = index


@dataclass(frozen=True)
class HeldChunk:
    """A chunk object to assemble; `sha256` is None when it was sent straight to the store."""

    index: int
    key: str
    size: int
    sha256: str | None


class ChunkSequence:
    """One reader over the chunk objects in order, checking each chunk's size and SHA-256.

    Plain values only (no ORM objects, no app context): boto3 may read it from its own thread.
    """

    def __init__(self, storage: Storage, chunks: Iterable[HeldChunk]) -> None:
        self._storage = storage
        self._chunks = iter(list(chunks))
        self.read_hashes: dict[int, tuple[str, int, str]] = {}  # index → key, size, SHA-256
        self._upcoming: HeldChunk | None = next(self._chunks, None)
        # the next chunks are fetched while this one is hashed and sent: on S3 one GET per
        # chunk in a row made finalize of a 3-minute take (90 chunks) take seconds
        self._pool = ThreadPoolExecutor(max_workers=PREFETCH, thread_name_prefix="chunk-fetch")
        self._pending: deque[tuple[HeldChunk, Future[bytes] | None]] = deque()
        self._fill()
        self._current: BinaryIO | None = None
        self._chunk: HeldChunk | None = None
        self._hash = hashlib.sha256()
        self._size = 0

    def _next_chunk(self) -> bool:
        self._close_current()
        if not self._pending:
            self._chunk = None
            self._pool.shutdown(wait=False)
            return False
        self._chunk, fetched = self._pending.popleft()
        self._fill()
        try:
            if fetched is None:
                self._current = self._storage.open(self._chunk.key)
            else:
                self._current = io.BytesIO(fetched.result())
        except ObjectNotFound as error:
            raise DamagedChunk(self._chunk.index, "object missing") from error
        self._hash, self._size = hashlib.sha256(), 0
        return True

    def _fill(self) -> None:
        """Fetch ahead: up to PREFETCH chunks and PREFETCH_BYTES, but always the next one.

        Recording chunks (a few hundred KB) go PREFETCH ahead; a chunk bigger than
        PREFETCH_BYTES (an actor video's 16 MiB) is not fetched ahead but streamed from storage
        when its turn comes, so the read-ahead holds at most about PREFETCH_BYTES in memory.
        """
        held = sum(chunk.size for chunk, _future in self._pending)
        while self._upcoming is not None and len(self._pending) < PREFETCH:
            chunk = self._upcoming
            if self._pending and held + chunk.size > PREFETCH_BYTES:
                return
            if chunk.size > PREFETCH_BYTES:  # too big to hold: streamed from storage when due
                self._pending.append((chunk, None))
            else:
                future = self._pool.submit(_fetch, self._storage, chunk.key)
                self._pending.append((chunk, future))
            held += chunk.size
            self._upcoming = next(self._chunks, None)

    def _close_current(self) -> None:
        if self._current is None:
            return
        self._current.close()
        self._current = None
        chunk = self._chunk
        if chunk is None:
            return
        digest = self._hash.hexdigest()
        self.read_hashes[chunk.index] = (chunk.key, self._size, digest)
        if self._size != chunk.size or (chunk.sha256 is not None and digest != chunk.sha256):
            raise DamagedChunk(chunk.index, "changed in storage since it was received")

    def read(self, amount: int = -1) -> bytes:
        want = BLOCK_SIZE if amount is None or amount < 0 else amount
        while True:
            if self._current is None and not self._next_chunk():
                return b""
            assert self._current is not None
            data = self._current.read(want)
            if data:
                self._hash.update(data)
                self._size += len(data)
                return data
            self._close_current()

    def close(self) -> None:
        if self._current is not None:
            self._current.close()
            self._current = None
        self._pool.shutdown(wait=False, cancel_futures=True)


def _fetch(storage: Storage, key: str) -> bytes:
    """One whole chunk object (at most UPLOAD_CHUNK_MAX_BYTES)."""
    with contextlib.closing(storage.open(key)) as body:
        return body.read()
