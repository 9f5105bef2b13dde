"""The storage contract: the same tests on the local folder and on S3 (moto on loopback)."""

from __future__ import annotations

import hashlib
import io
import os
import urllib.request
from pathlib import Path

import pytest

from ksf_b import create_app
from media.s3 import S3Storage
from media.storage import (
    ChecksumMismatch,
    InvalidKey,
    LocalStorage,
    ObjectNotFound,
    Storage,
    StorageError,
    StoredObject,
    get_storage,
)
from tests.media.conftest import make_s3_storage

MB = 1024 * 1024


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_all(storage: Storage, key: str) -> bytes:
    with storage.open(key) as reader:
        parts = []
        while block := reader.read(256 * 1024):
            parts.append(block)
    return b"".join(parts)


class PatternStream(io.RawIOBase):
    """`size` bytes of a non-repeating pattern, produced on the fly (never all in memory)."""

    def __init__(self, size: int, seed: bytes = b"ksf", fail_at: int | None = None) -> None:
        self.remaining = size
        self.position = 0
        self.fail_at = fail_at
        self.block = hashlib.sha512(seed).digest() * 2048  # 128 KiB
        self.counter = 0

    def readable(self) -> bool:
        return True

    def read(self, amount: int = -1) -> bytes:
        if self.fail_at is not None and self.position >= self.fail_at:
            raise OSError("the client went away")
        amount = self.remaining if amount is None or amount < 0 else min(amount, self.remaining)
        amount = min(amount, len(self.block))
        self.counter += 1
        data = self.counter.to_bytes(8, "big") + self.block[8:amount]
        data = data[:amount]
        self.remaining -= len(data)
        self.position += len(data)
        return data


def pattern_digest(size: int, seed: bytes = b"ksf") -> str:
    stream, digest = PatternStream(size, seed), hashlib.sha256()
    while block := stream.read(MB):
        digest.update(block)
    return digest.hexdigest()


def test_round_trip(storage: Storage) -> None:
    data = b"hallo beoordelaar\n" * 1000
    stored = storage.save("originals/abc", io.BytesIO(data))
    assert stored == StoredObject(size=len(data), sha256=sha(data))
    assert storage.exists("originals/abc")
    assert storage.size("originals/abc") == len(data)
    assert read_all(storage, "originals/abc") == data


def test_empty_object(storage: Storage) -> None:
    stored = storage.save("posters/empty.jpg", io.BytesIO(b""), expected_sha256=sha(b""))
    assert stored.size == 0
    assert storage.size("posters/empty.jpg") == 0


def test_large_object_streams_through_multipart(storage: Storage) -> None:
    size = 20 * MB + 12345
    expected = pattern_digest(size)
    stored = storage.save("originals/large", PatternStream(size), expected_sha256=expected)
    assert stored == StoredObject(size=size, sha256=expected)
    assert storage.size("originals/large") == size
    digest = hashlib.sha256()
    with storage.open("originals/large") as reader:
        while block := reader.read(MB):
            digest.update(block)
    assert digest.hexdigest() == expected


def test_checksum_mismatch_keeps_nothing(storage: Storage) -> None:
    with pytest.raises(ChecksumMismatch) as caught:
        storage.save("uploads/u/chunk-000000", io.BytesIO(b"abc"), expected_sha256=sha(b"abd"))
    assert caught.value.actual == sha(b"abc")
    assert isinstance(caught.value, StorageError)
    assert not storage.exists("uploads/u/chunk-000000")


def test_large_checksum_mismatch_keeps_nothing(storage: Storage) -> None:
    with pytest.raises(ChecksumMismatch):
        storage.save("originals/bad", PatternStream(12 * MB), expected_sha256="0" * 64)
    assert not storage.exists("originals/bad")
    if isinstance(storage, S3Storage):
        pending = storage.client.list_multipart_uploads(Bucket=storage.bucket)
        assert pending.get("Uploads", []) == []


def test_failed_write_leaves_previous_object_intact(storage: Storage) -> None:
    storage.save("originals/keep", io.BytesIO(b"first version"))
    with pytest.raises(ChecksumMismatch):
        storage.save("originals/keep", io.BytesIO(b"other"), expected_sha256=sha(b"nope"))
    with pytest.raises(StorageError):
        storage.save("originals/keep", PatternStream(11 * MB, fail_at=6 * MB))
    assert read_all(storage, "originals/keep") == b"first version"


def test_overwrite_replaces(storage: Storage) -> None:
    storage.save("processed/x.mp4", io.BytesIO(b"one"))
    storage.save("processed/x.mp4", io.BytesIO(b"two!"))
    assert read_all(storage, "processed/x.mp4") == b"two!"


def test_missing_key(storage: Storage) -> None:
    assert not storage.exists("originals/none")
    with pytest.raises(ObjectNotFound):
        storage.open("originals/none")
    with pytest.raises(ObjectNotFound):
        storage.size("originals/none")
    with pytest.raises(ObjectNotFound), storage.local_path("originals/none"):
        pass
    storage.delete("originals/none")  # deleting what is gone is fine


def test_delete(storage: Storage) -> None:
    storage.save("uploads/u/chunk-000001", io.BytesIO(b"x"))
    storage.delete("uploads/u/chunk-000001")
    assert not storage.exists("uploads/u/chunk-000001")


@pytest.mark.parametrize(
    "key", ["../etc/passwd", "/etc/passwd", "a//b", "a/../b", ".hidden", "a/./b", "", "a b"]
)
def test_unsafe_keys_are_refused(storage: Storage, key: str) -> None:
    with pytest.raises(InvalidKey):
        storage.save(key, io.BytesIO(b"x"))
    with pytest.raises(InvalidKey):
        storage.open(key)


def test_local_path_gives_a_real_file(storage: Storage) -> None:
    storage.save("originals/file", io.BytesIO(b"for ffmpeg"))
    with storage.local_path("originals/file") as path:
        assert Path(path).read_bytes() == b"for ffmpeg"
    if isinstance(storage, S3Storage):
        assert not Path(path).exists()  # the temporary download is removed


def test_url(storage: Storage) -> None:
    storage.save("processed/v.mp4", io.BytesIO(b"video bytes"))
    url = storage.url("processed/v.mp4", expires=60, filename="opname 1.mp4")
    if isinstance(storage, LocalStorage):
        assert url is None  # the app serves local files itself
        return
    assert url and "X-Amz-Expires=60" in url
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == b"video bytes"
        assert 'filename="opname_1.mp4"' in response.headers["Content-Disposition"]


def test_health(storage: Storage) -> None:
    ok, message = storage.health()
    assert ok, message


def test_local_write_is_atomic_no_temp_files_left(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    storage.save("originals/a", io.BytesIO(b"kept"))
    with pytest.raises(StorageError):
        storage.save("originals/a", PatternStream(3 * MB, fail_at=MB))
    with pytest.raises(ChecksumMismatch):
        storage.save("originals/b", io.BytesIO(b"x"), expected_sha256=sha(b"y"))
    assert sorted(os.listdir(tmp_path / "originals")) == ["a"]
    assert (tmp_path / "originals" / "a").read_bytes() == b"kept"


def test_local_symlink_escape_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    storage = LocalStorage(tmp_path / "root")
    (tmp_path / "root" / "link").symlink_to(outside)
    with pytest.raises(InvalidKey):
        storage.save("link/x", io.BytesIO(b"x"))
    assert not (outside / "x").exists()


@pytest.mark.s3
def test_s3_client_skips_default_crc_checksums(s3_endpoint: str) -> None:
    from tests.media.conftest import make_s3_storage

    config = make_s3_storage(s3_endpoint).client.meta.config
    assert config.request_checksum_calculation == "when_required"
    assert config.response_checksum_validation == "when_required"


@pytest.mark.s3
def test_init_storage_picks_s3_from_config(s3_endpoint: str, tmp_path: Path) -> None:
    app = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/db.sqlite3",
        STORAGE_BACKEND="s3",
        S3_ENDPOINT_URL=s3_endpoint,
        S3_BUCKET="ksf-config-test",
        S3_ACCESS_KEY_ID="testing",
        S3_SECRET_ACCESS_KEY="testing",
    )
    with app.app_context():
        storage = get_storage()
        assert isinstance(storage, S3Storage)
        assert storage.health()[0]  # the bucket was created at start-up
        storage.save("originals/from-config", io.BytesIO(b"ok"))
        assert storage.exists("originals/from-config")


def test_init_storage_refuses_unknown_backend(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="STORAGE_BACKEND"):
        create_app(
            "testing",
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/db.sqlite3",
            STORAGE_BACKEND="floppy",
        )


def test_delete_many(storage: Storage) -> None:
    keys = [f"uploads/many/chunk-00000{n}" for n in range(3)]
    for key in keys:
        storage.save(key, io.BytesIO(key.encode()))
    storage.save("uploads/many/other", io.BytesIO(b"stays"))
    storage.delete_many([*keys, "uploads/many/chunk-000009"])  # a missing one is no error
    assert not any(storage.exists(key) for key in keys)
    assert read_all(storage, "uploads/many/other") == b"stays"
    storage.delete_many([])


@pytest.mark.parametrize("extra", [-1, 0, 1])
def test_sizes_around_one_part(storage: Storage, extra: int) -> None:
    """S3 sends what fits one part in one PUT and the rest as multipart: both sides of it."""
    size = 8 * MB + extra
    expected = pattern_digest(size)
    stored = storage.save("originals/edge", PatternStream(size), expected_sha256=expected)
    assert stored == StoredObject(size=size, sha256=expected)
    digest = hashlib.sha256()
    with storage.open("originals/edge") as reader:
        while block := reader.read(MB):
            digest.update(block)
    assert digest.hexdigest() == expected


def _s3_calls(storage: S3Storage) -> list[str]:
    calls: list[str] = []
    storage.client.meta.events.register(
        "before-call.s3.*", lambda model, **_kw: calls.append(model.name)
    )
    return calls


@pytest.mark.s3
def test_s3_small_object_is_one_put_and_batch_delete_one_request(s3_endpoint: str) -> None:
    s3_storage = make_s3_storage(s3_endpoint)
    calls = _s3_calls(s3_storage)
    s3_storage.save("uploads/one/chunk-000000", io.BytesIO(b"x" * 75_000), expected_sha256=None)
    s3_storage.save("uploads/one/chunk-000001", io.BytesIO(b"y" * 75_000))
    assert calls == ["PutObject", "PutObject"]
    calls.clear()
    s3_storage.delete_many(["uploads/one/chunk-000000", "uploads/one/chunk-000001"])
    assert calls == ["DeleteObjects"]
    assert not s3_storage.exists("uploads/one/chunk-000000")
