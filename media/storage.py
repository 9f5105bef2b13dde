"""Object storage behind one interface: a local folder (default) or any S3 API (at scale).

Keys are made by the server (see `media.keys`), never taken from a request. Every write streams
in blocks and hashes while writing, so memory does not grow with an object's size, and a write
whose SHA-256 differs from the expected one leaves nothing behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from flask import Flask, current_app

log = logging.getLogger(__name__)

BLOCK_SIZE = 1024 * 1024
DIRECT_CONTENT_TYPE = "application/octet-stream"  # signed into every presigned chunk PUT
_KEY_RE = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*$")


class StorageError(Exception):
    """Any failure of the object store (the only family callers need to catch)."""


class InvalidKey(StorageError):
    """The key is not a safe relative path (no '..', no absolute paths, no hidden parts)."""


class ObjectNotFound(StorageError):
    """No object is stored under this key."""


class ChecksumMismatch(StorageError):
    """The written bytes do not have the expected SHA-256; nothing was kept."""

    def __init__(self, key: str, expected: str, actual: str) -> None:
        super().__init__(f"{key}: expected sha256 {expected}, got {actual}")
        self.key, self.expected, self.actual = key, expected, actual


@dataclass(frozen=True)
class StoredObject:
    size: int
    sha256: str


@dataclass(frozen=True)
class ListedObject:
    """One object found under a prefix: its key, size, when it was last written, and the MD5
    of its bytes when the store says so (S3's ETag of a single PutObject; else None)."""

    key: str
    size: int
    modified: datetime
    md5: str | None = None


@dataclass(frozen=True)
class UploadTarget:
    """Where a browser sends one object's bytes itself (a presigned PUT)."""

    url: str
    method: str
    headers: dict[str, str]


def validate_key(key: str) -> str:
    """Return `key` if it is a safe relative object key, else raise InvalidKey."""
    if not isinstance(key, str) or len(key) > 512 or not _KEY_RE.match(key):
        raise InvalidKey(f"invalid object key: {key!r}")
    if any(part in {".", ".."} for part in key.split("/")):
        raise InvalidKey(f"invalid object key: {key!r}")
    return key


class HashingReader:
    """Wrap a stream: hash and count what is read; verify the hash when the end is reached.

    `read(n)` always fills `n` bytes unless the source is exhausted, so a short read means the
    end: the check runs *before* the last block is handed on (an S3 multipart upload is then
    aborted instead of completed). It has no `seek`, so boto3 treats it as a plain stream.
    """

    def __init__(self, source: BinaryIO, key: str, expected_sha256: str | None = None) -> None:
        self._source = source
        self._key = key
        self._expected = expected_sha256.lower() if expected_sha256 else None
        self._hash = hashlib.sha256()
        self.size = 0
        self._done = False

    def read(self, amount: int = -1) -> bytes:
        if self._done:
            return b""
        if amount is None or amount < 0:
            amount = BLOCK_SIZE
        parts: list[bytes] = []
        wanted = amount
        while wanted > 0:
            block = self._source.read(wanted)
            if not block:
                self._done = True
                break
            parts.append(block)
            wanted -= len(block)
        data = b"".join(parts)
        self._hash.update(data)
        self.size += len(data)
        if self._done:
            self._verify()
        return data

    def _verify(self) -> None:
        if self._expected is not None and self.sha256 != self._expected:
            raise ChecksumMismatch(self._key, self._expected, self.sha256)

    def drain(self) -> None:
        """Read to the end (e.g. to hash a body that is not stored)."""
        while self.read(BLOCK_SIZE):
            pass

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    @property
    def at_end(self) -> bool:
        """True once the source is exhausted (and the hash checked)."""
        return self._done

    def result(self) -> StoredObject:
        return StoredObject(size=self.size, sha256=self.sha256)


class Storage(ABC):
    """What the media pipeline needs from an object store."""

    name = "abstract"
    # True when a browser can PUT an object straight to the store (presigned_put)
    supports_direct_upload = False

    def presigned_put(self, key: str, expires: int) -> UploadTarget:
        """Return a short-lived URL a browser PUTs the object's bytes to (no app in between)."""
        raise NotImplementedError(f"{self.name} storage takes no direct uploads")

    @abstractmethod
    def list_prefix(self, prefix: str) -> list[ListedObject]:
        """Return the objects whose key starts with `prefix` (a folder ending in '/')."""

    @abstractmethod
    def save(self, key: str, fileobj: BinaryIO, expected_sha256: str | None = None) -> StoredObject:
        """Stream `fileobj` to `key`; raise ChecksumMismatch (keeping nothing) on a bad hash."""

    @abstractmethod
    def open(self, key: str) -> BinaryIO:
        """Return a streaming binary reader of the object (close it after use)."""

    @abstractmethod
    def delete(self, key: str) -> None:
        """Remove the object; removing a missing object is not an error."""

    def delete_many(self, keys: list[str]) -> None:
        """Remove several objects (missing ones are no error); backends may batch it."""
        for key in keys:
            self.delete(key)

    @abstractmethod
    def exists(self, key: str) -> bool:
        """Tell whether an object is stored under `key`."""

    @abstractmethod
    def size(self, key: str) -> int:
        """Return the object's size in bytes (ObjectNotFound if missing)."""

    @abstractmethod
    def url(self, key: str, expires: int, filename: str | None = None) -> str | None:
        """Return a short-lived direct download URL, or None when the app must serve it."""

    @abstractmethod
    def local_path(self, key: str) -> contextlib.AbstractContextManager[Path]:
        """Yield a real file path with the object's bytes (ffmpeg wants a file)."""

    @abstractmethod
    def health(self) -> tuple[bool, str]:
        """Return (ok, explanation) for the health page."""


class LocalStorage(Storage):
    """Objects as files under one folder; writes are atomic and durable (fsync + rename)."""

    name = "local"

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        path = (self.root / validate_key(key)).resolve()
        if self.root not in path.parents:
            raise InvalidKey(f"invalid object key: {key!r}")
        return path

    def save(self, key: str, fileobj: BinaryIO, expected_sha256: str | None = None) -> StoredObject:
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # hidden temp name: keys never have parts starting with '.', so no clash
            tmp = path.parent / f".{path.name}.{uuid.uuid4().hex}.tmp"
            reader = HashingReader(fileobj, key, expected_sha256)
            try:
                with open(tmp, "xb") as out:
                    while block := reader.read(BLOCK_SIZE):
                        out.write(block)
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(tmp, path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    tmp.unlink()
            _fsync_dir(path.parent)
        except OSError as error:
            raise StorageError(f"cannot write {key}: {error}") from error
        return reader.result()

    def open(self, key: str) -> BinaryIO:
        try:
            return open(self._path(key), "rb")
        except FileNotFoundError as error:
            raise ObjectNotFound(key) from error
        except OSError as error:
            raise StorageError(f"cannot read {key}: {error}") from error

    def delete(self, key: str) -> None:
        path = self._path(key)
        try:
            path.unlink()
        except FileNotFoundError:
            return
        except OSError as error:
            raise StorageError(f"cannot delete {key}: {error}") from error
        _fsync_dir(path.parent)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def size(self, key: str) -> int:
        try:
            return self._path(key).stat().st_size
        except FileNotFoundError as error:
            raise ObjectNotFound(key) from error

    def url(self, key: str, expires: int, filename: str | None = None) -> str | None:
        validate_key(key)
        return None

    def list_prefix(self, prefix: str) -> list[ListedObject]:
        folder = self._path(prefix.rstrip("/"))
        if not folder.is_dir():
            return []
        found = []
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):  # not a write in progress
                stat = path.stat()
                key = path.relative_to(self.root).as_posix()
                modified = datetime.fromtimestamp(stat.st_mtime, UTC)
                found.append(ListedObject(key, stat.st_size, modified))
        return found

    @contextlib.contextmanager
    def local_path(self, key: str) -> Iterator[Path]:
        path = self._path(key)
        if not path.is_file():
            raise ObjectNotFound(key)
        yield path

    def health(self) -> tuple[bool, str]:
        ok = self.root.is_dir() and os.access(self.root, os.W_OK)
        return ok, f"local folder {self.root}" + ("" if ok else " is not writable")


def _fsync_dir(folder: Path) -> None:
    """Make a rename or unlink durable: fsync the folder that holds the entry."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def storage_from_config(config: dict) -> Storage:
    """Build the backend named by STORAGE_BACKEND (local | s3)."""
    backend = config.get("STORAGE_BACKEND", "local")
    if backend == "local":
        return LocalStorage(config["STORAGE_LOCAL_ROOT"])
    if backend == "s3":
        from media.s3 import SINGLE_PUT_MAX_BYTES, S3Storage

        return S3Storage(
            bucket=config["S3_BUCKET"],
            endpoint_url=config.get("S3_ENDPOINT_URL"),
            region=config.get("S3_REGION"),
            access_key_id=config.get("S3_ACCESS_KEY_ID"),
            secret_access_key=config.get("S3_SECRET_ACCESS_KEY"),
            public_endpoint_url=config.get("S3_PUBLIC_ENDPOINT_URL"),
            single_put_max_bytes=int(config.get("S3_SINGLE_PUT_MAX_BYTES", SINGLE_PUT_MAX_BYTES)),
            etag_is_md5=bool(config.get("S3_ETAG_IS_MD5", True)),
        )
    raise RuntimeError(f"unknown STORAGE_BACKEND {backend!r} (use 'local' or 's3')")


def init_storage(app: Flask) -> None:
    """Attach the configured backend to the app; create the S3 bucket when it is missing."""
    storage = storage_from_config(app.config)
    if storage.name == "s3" and app.config.get("S3_ENSURE_BUCKET", True):
        try:
            storage.ensure_bucket(cors_origins=cors_origins(app.config))
        except StorageError as error:  # the health page reports it; the site still starts
            log.warning("S3 bucket check failed: %s", error)
    app.extensions["ksf_storage"] = storage


def cors_origins(config: dict) -> list[str]:
    """The site origins a bucket lets PUT chunks (S3_CORS_ORIGINS, else BASE_URL's)."""
    from urllib.parse import urlsplit

    listed = str(config.get("S3_CORS_ORIGINS") or "").split()
    if listed:
        return listed
    site = urlsplit(str(config.get("BASE_URL") or ""))
    return [f"{site.scheme}://{site.netloc}"] if site.scheme and site.netloc else []


def get_storage() -> Storage:
    """Return the current app's storage backend."""
    return current_app.extensions["ksf_storage"]
