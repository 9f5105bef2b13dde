"""Finalize's assembly on S3: chunk objects fetched ahead concurrently (bounded), and an
assembled take that fits S3_SINGLE_PUT_MAX_BYTES written with one PutObject."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import dataclass

import pytest

from media import assembly, uploads
from media import finalize as finalizing
from media.s3 import SINGLE_PUT_MAX_BYTES, S3Storage
from media.storage import Storage, storage_from_config
from tests.media.conftest import make_s3_storage

pytestmark = pytest.mark.s3


@dataclass(frozen=True)
class Chunk:
    index: int
    storage_key: str
    size: int
    sha256: str


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def store_chunks(storage: Storage, pieces: list[bytes]) -> list[Chunk]:
    chunks = []
    for index, piece in enumerate(pieces):
        key = f"test/chunks/{index:06d}"
        storage.client.put_object(Bucket=storage.bucket, Key=key, Body=piece)  # type: ignore[attr-defined]
        chunks.append(Chunk(index, key, len(piece), sha(piece)))
    return chunks


def record_operations(storage: S3Storage) -> list[str]:
    """The S3 operations the storage's client sends from now on, by name."""
    calls: list[str] = []

    def before_call(model, **_kwargs) -> None:  # type: ignore[no-untyped-def]
        calls.append(model.name)

    storage.client.meta.events.register("before-call.s3.*", before_call)
    return calls


class CountingStorage:
    """Delegates to an S3Storage; counts how many `open` calls run at the same time."""

    def __init__(self, inner: S3Storage) -> None:
        self.inner = inner
        self.lock = threading.Lock()
        self.running = 0
        self.most = 0

    def open(self, key: str):  # type: ignore[no-untyped-def]
        with self.lock:
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(0.02)  # a slow store: fetching ahead shows as overlap
            return self.inner.open(key)
        finally:
            with self.lock:
                self.running -= 1

    def save(self, key, fileobj, expected_sha256=None):  # type: ignore[no-untyped-def]
        return self.inner.save(key, fileobj, expected_sha256)


@pytest.fixture
def s3(s3_endpoint: str) -> S3Storage:
    # 5 MiB parts, one PUT up to the 32 MiB default
    return make_s3_storage(s3_endpoint, single_put_max_bytes=SINGLE_PUT_MAX_BYTES)


def test_a_take_that_fits_goes_up_in_one_put(s3: S3Storage) -> None:
    # 85 chunks of 75-100 KB, as a 3-minute take from the fake camera: over the 5 MiB part size
    pieces = [os.urandom(75_000 + 300 * i) for i in range(85)]
    whole = b"".join(pieces)
    assert len(whole) > s3.multipart_bytes
    chunks = store_chunks(s3, pieces)
    calls = record_operations(s3)
    stored = finalizing.assemble_chunks(s3, chunks, "test/original", sha(whole))
    assert (stored.size, stored.sha256) == (len(whole), sha(whole))
    assert calls.count("GetObject") == 85
    assert calls.count("PutObject") == 1
    assert "CreateMultipartUpload" not in calls
    with s3.open("test/original") as body:
        assert body.read() == whole


def test_a_bigger_take_goes_up_as_multipart(s3_endpoint: str) -> None:
    storage = S3Storage(
        bucket=make_s3_storage(s3_endpoint).bucket,
        endpoint_url=s3_endpoint,
        region="eu-west-1",
        access_key_id="testing",
        secret_access_key="testing",
        multipart_chunk_bytes=5 * 1024 * 1024,
        single_put_max_bytes=6 * 1024 * 1024,
    )
    pieces = [os.urandom(1024 * 1024) for _ in range(11)]
    whole = b"".join(pieces)
    chunks = store_chunks(storage, pieces)
    calls = record_operations(storage)
    stored = finalizing.assemble_chunks(storage, chunks, "test/original", sha(whole))
    assert stored.sha256 == sha(whole)
    assert "CreateMultipartUpload" in calls and "CompleteMultipartUpload" in calls
    assert "PutObject" not in calls
    with storage.open("test/original") as body:
        assert body.read() == whole


def test_a_wrong_whole_hash_keeps_nothing_on_the_single_put_path(s3: S3Storage) -> None:
    pieces = [os.urandom(90_000) for _ in range(5)]
    chunks = store_chunks(s3, pieces)
    calls = record_operations(s3)
    with pytest.raises(uploads.ChecksumFailed):
        finalizing.assemble_chunks(s3, chunks, "test/original", sha(b"something else"))
    assert "PutObject" not in calls
    assert not s3.exists("test/original")


def test_chunks_are_fetched_ahead_concurrently(s3: S3Storage) -> None:
    pieces = [os.urandom(80_000) for _ in range(24)]
    whole = b"".join(pieces)
    counting = CountingStorage(s3)
    chunks = store_chunks(s3, pieces)
    stored = finalizing.assemble_chunks(counting, chunks, "test/original", sha(whole))  # type: ignore[arg-type]
    assert stored.sha256 == sha(whole)
    assert 2 <= counting.most <= assembly.PREFETCH


def test_read_ahead_is_bounded_by_bytes(s3: S3Storage, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(assembly, "PREFETCH_BYTES", 200_000)  # two 80 KB chunks ahead at most
    pieces = [os.urandom(80_000) for _ in range(12)]
    whole = b"".join(pieces)
    counting = CountingStorage(s3)
    chunks = store_chunks(s3, pieces)
    stored = finalizing.assemble_chunks(counting, chunks, "test/original", sha(whole))  # type: ignore[arg-type]
    assert stored.sha256 == sha(whole)
    assert counting.most <= 3  # two queued ahead, plus the one whose turn it is


def test_a_chunk_changed_in_storage_is_named(s3: S3Storage) -> None:
    pieces = [os.urandom(80_000) for _ in range(10)]
    chunks = store_chunks(s3, pieces)
    s3.client.put_object(Bucket=s3.bucket, Key=chunks[6].storage_key, Body=b"tampered")
    with pytest.raises(assembly.DamagedChunk) as caught:
        finalizing.assemble_chunks(s3, chunks, "test/original", sha(b"".join(pieces)))
    assert caught.value.index == 6
    assert not s3.exists("test/original")


def test_the_single_put_limit_comes_from_the_config(s3_endpoint: str) -> None:
    config = {
        "STORAGE_BACKEND": "s3",
        "S3_BUCKET": "ksf-config-test",
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_SINGLE_PUT_MAX_BYTES": 40 * 1024 * 1024,
    }
    storage = storage_from_config(config)
    assert isinstance(storage, S3Storage) and storage.single_put_bytes == 40 * 1024 * 1024
    del config["S3_SINGLE_PUT_MAX_BYTES"]
    default = storage_from_config(config)
    assert default.single_put_bytes == 32 * 1024 * 1024  # type: ignore[attr-defined]
