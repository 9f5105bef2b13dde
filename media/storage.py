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
import shutil
import tempfile
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
# S3Storage.save sends a body up to this size in one PutObject (S3 allows 5 GB); config
# S3_SINGLE_PUT_MAX_BYTES. A 3-minute take at the recorder's 1.3 Mbit/s is about 30 MB.
SINGLE_PUT_MAX_BYTES = 32 * 1024 * 1024
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
    """One object found under a prefix: its key, size and when it was last written."""

    key: str
    size: int
    modified: datetime


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


class _Prepended:
    """A reader that hands out `head` first, then the rest of `rest` (for boto3's upload)."""

    def __init__(self, head: bytes, rest: HashingReader) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def read(self, amount: int = -1) -> bytes:
        if amount is None or amount < 0:
            amount = BLOCK_SIZE
        if self._head:
            taken, self._head = self._head[:amount], self._head[amount:]
            data = bytes(taken)
            if len(data) < amount:
                data += self._rest.read(amount - len(data))
            return data
        return self._rest.read(amount)


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


class S3Storage(Storage):
    """Objects in an S3 bucket (AWS, MinIO, Ceph, ...) through boto3, one cached client."""

    name = "s3"
    supports_direct_upload = True

    def __init__(
        self,
        bucket: str,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        multipart_chunk_bytes: int = 8 * 1024 * 1024,
        public_endpoint_url: str | None = None,
        single_put_max_bytes: int = SINGLE_PUT_MAX_BYTES,
    ) -> None:
        import boto3
        from boto3.s3.transfer import TransferConfig
        from botocore.config import Config as BotoConfig

        self.bucket = bucket
        self.endpoint_url = endpoint_url
        self.region = region
        options: dict = {
            "signature_version": "s3v4",
            "retries": {"mode": "standard", "max_attempts": 3},
            "connect_timeout": 5,  # an unreachable store answers 503 soon, not after a minute
            "read_timeout": 60,
        }
        if endpoint_url:
            # boto3 >= 1.36 sends CRC checksums by default; many S3-compatible stores reject them
            options.update(
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
                s3={"addressing_style": "path"},
            )
        session = boto3.session.Session()
        client_args = {
            "region_name": region,
            "aws_access_key_id": access_key_id,
            "aws_secret_access_key": secret_access_key,
            "config": BotoConfig(**options),
        }
        self.client = session.client("s3", endpoint_url=endpoint_url, **client_args)
        # the browser may reach the store under another name than the app does (a proxy,
        # a public host): URLs for the browser are signed for that host (no network call)
        self.public_endpoint_url = public_endpoint_url or endpoint_url
        if self.public_endpoint_url != endpoint_url:
            self.browser_client = session.client(
                "s3", endpoint_url=self.public_endpoint_url, **client_args
            )
        else:
            self.browser_client = self.client
        self.multipart_bytes = multipart_chunk_bytes
        # a body up to this size goes up in one PutObject (held in memory meanwhile); a larger
        # one as a multipart upload whose first part(s) come from the bytes already read
        self.single_put_bytes = max(single_put_max_bytes, multipart_chunk_bytes)
        # bounded memory: at most max_concurrency parts of chunk size in flight
        self.transfer_config = TransferConfig(
            multipart_threshold=multipart_chunk_bytes,
            multipart_chunksize=multipart_chunk_bytes,
            max_concurrency=2,
            max_io_queue=2,
            use_threads=True,
        )

    def ensure_bucket(self, cors_origins: list[str] | None = None) -> None:
        """Create the bucket if it does not exist yet (setup and tests); set its CORS rule."""
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
            self.ensure_cors(cors_origins)
            return
        except ClientError as error:
            if _error_code(error) not in {"404", "NoSuchBucket", "NotFound"}:
                raise StorageError(f"cannot reach bucket {self.bucket}: {error}") from error
        except BotoCoreError as error:
            raise StorageError(f"cannot reach bucket {self.bucket}: {error}") from error
        params: dict = {"Bucket": self.bucket}
        if self.region and self.region != "us-east-1":
            params["CreateBucketConfiguration"] = {"LocationConstraint": self.region}
        try:
            self.client.create_bucket(**params)
        except (BotoCoreError, ClientError) as error:
            if _error_code(error) not in {"BucketAlreadyOwnedByYou", "BucketAlreadyExists"}:
                raise StorageError(f"cannot create bucket {self.bucket}: {error}") from error
        self.ensure_cors(cors_origins)

    def ensure_cors(self, origins: list[str] | None) -> None:
        """Let browsers on `origins` PUT chunks and GET media straight from the bucket."""
        from botocore.exceptions import BotoCoreError, ClientError

        if not origins:
            return
        rule = {
            "AllowedOrigins": origins,
            "AllowedMethods": ["PUT", "GET", "HEAD"],
            "AllowedHeaders": ["content-type", "content-length"],
            "ExposeHeaders": ["ETag"],
            "MaxAgeSeconds": 3600,
        }
        try:
            current = self.client.get_bucket_cors(Bucket=self.bucket).get("CORSRules")
        except ClientError:  # NoSuchCORSConfiguration
            current = None
        except BotoCoreError as error:
            raise StorageError(f"cannot read the CORS rule of {self.bucket}: {error}") from error
        if current == [rule]:
            return  # every web and worker process ensures it at start: write only a change
        try:
            self.client.put_bucket_cors(Bucket=self.bucket, CORSConfiguration={"CORSRules": [rule]})
        except (BotoCoreError, ClientError) as error:
            raise StorageError(f"cannot set the CORS rule of {self.bucket}: {error}") from error

    def save(self, key: str, fileobj: BinaryIO, expected_sha256: str | None = None) -> StoredObject:
        from botocore.exceptions import BotoCoreError, ClientError

        validate_key(key)
        reader = HashingReader(fileobj, key, expected_sha256)
        # what fits single_put_bytes goes up in one PUT: no transfer manager, no threads, no
        # multipart (a recording chunk, an assembled take of a few minutes: CreateMultipartUpload,
        # UploadPart and CompleteMultipartUpload are three round trips instead of one); a bad
        # hash raises before anything is sent
        try:
            head = reader.read(self.single_put_bytes)  # a failing source raises OSError here
            if reader.at_end:
                self.client.put_object(Bucket=self.bucket, Key=key, Body=head)
            else:
                self.client.upload_fileobj(
                    _Prepended(head, reader), self.bucket, key, Config=self.transfer_config
                )  # a multipart upload is aborted when the reader raises ChecksumMismatch
        except ChecksumMismatch:
            raise
        except (BotoCoreError, ClientError, OSError) as error:
            raise StorageError(f"cannot write {key}: {error}") from error
        if expected_sha256 and reader.sha256 != expected_sha256.lower():
            # only reachable if the transfer swallowed the reader's error: remove what landed
            self.delete(key)
            raise ChecksumMismatch(key, expected_sha256, reader.sha256)
        return reader.result()

    def open(self, key: str) -> BinaryIO:
        from botocore.exceptions import BotoCoreError, ClientError

        validate_key(key)
        try:
            return self.client.get_object(Bucket=self.bucket, Key=key)["Body"]
        except ClientError as error:
            if _error_code(error) in {"NoSuchKey", "404", "NotFound"}:
                raise ObjectNotFound(key) from error
            raise StorageError(f"cannot read {key}: {error}") from error
        except BotoCoreError as error:
            raise StorageError(f"cannot read {key}: {error}") from error

    def delete(self, key: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        validate_key(key)
        try:
            self.client.delete_object(Bucket=self.bucket, Key=key)
        except (BotoCoreError, ClientError) as error:
            raise StorageError(f"cannot delete {key}: {error}") from error

    def delete_many(self, keys: list[str]) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        for key in keys:
            validate_key(key)
        for start in range(0, len(keys), 1000):  # S3's limit per DeleteObjects request
            batch = [{"Key": key} for key in keys[start : start + 1000]]
            try:
                answer = self.client.delete_objects(
                    Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True}
                )
            except (BotoCoreError, ClientError) as error:
                raise StorageError(f"cannot delete {len(batch)} objects: {error}") from error
            errors = answer.get("Errors") or []
            if errors:
                first = errors[0]
                raise StorageError(
                    f"cannot delete {len(errors)} of {len(batch)} objects, "
                    f"e.g. {first.get('Key')}: {first.get('Code')}"
                )

    def _head(self, key: str) -> dict:
        from botocore.exceptions import BotoCoreError, ClientError

        validate_key(key)
        try:
            return self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as error:
            if _error_code(error) in {"NoSuchKey", "404", "NotFound"}:
                raise ObjectNotFound(key) from error
            raise StorageError(f"cannot look up {key}: {error}") from error
        except BotoCoreError as error:
            raise StorageError(f"cannot look up {key}: {error}") from error

    def exists(self, key: str) -> bool:
        try:
            self._head(key)
        except ObjectNotFound:
            return False
        return True

    def size(self, key: str) -> int:
        return int(self._head(key)["ContentLength"])

    def url(self, key: str, expires: int, filename: str | None = None) -> str | None:
        validate_key(key)
        params: dict = {"Bucket": self.bucket, "Key": key}
        if filename:
            safe = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
            params["ResponseContentDisposition"] = f'inline; filename="{safe}"'
        return self.browser_client.generate_presigned_url(
            "get_object", Params=params, ExpiresIn=expires
        )

    def presigned_put(self, key: str, expires: int) -> UploadTarget:
        """Sign a PUT for the browser: local signing only, no request to the store."""
        validate_key(key)
        params = {"Bucket": self.bucket, "Key": key, "ContentType": DIRECT_CONTENT_TYPE}
        url = self.browser_client.generate_presigned_url(
            "put_object", Params=params, ExpiresIn=expires
        )
        return UploadTarget(url, "PUT", {"Content-Type": DIRECT_CONTENT_TYPE})

    def list_prefix(self, prefix: str) -> list[ListedObject]:
        from botocore.exceptions import BotoCoreError, ClientError

        found = []
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=prefix
            )
            for page in pages:
                for item in page.get("Contents") or []:
                    found.append(ListedObject(item["Key"], int(item["Size"]), item["LastModified"]))
        except (BotoCoreError, ClientError) as error:
            raise StorageError(f"cannot list {prefix}: {error}") from error
        return found

    @contextlib.contextmanager
    def local_path(self, key: str) -> Iterator[Path]:
        self._head(key)
        folder = Path(tempfile.mkdtemp(prefix="ksf-s3-"))
        try:
            path = folder / Path(key).name
            with self.open(key) as body, open(path, "wb") as out:
                shutil.copyfileobj(body, out, BLOCK_SIZE)
            yield path
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def health(self) -> tuple[bool, str]:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.head_bucket(Bucket=self.bucket)
        except (BotoCoreError, ClientError) as error:
            return False, f"S3 bucket {self.bucket}: {error}"
        return True, f"S3 bucket {self.bucket} at {self.endpoint_url or 'AWS'}"


def _error_code(error: Exception) -> str:
    return str(getattr(error, "response", {}).get("Error", {}).get("Code", ""))


def storage_from_config(config: dict) -> Storage:
    """Build the backend named by STORAGE_BACKEND (local | s3)."""
    backend = config.get("STORAGE_BACKEND", "local")
    if backend == "local":
        return LocalStorage(config["STORAGE_LOCAL_ROOT"])
    if backend == "s3":
        return S3Storage(
            bucket=config["S3_BUCKET"],
            endpoint_url=config.get("S3_ENDPOINT_URL"),
            region=config.get("S3_REGION"),
            access_key_id=config.get("S3_ACCESS_KEY_ID"),
            secret_access_key=config.get("S3_SECRET_ACCESS_KEY"),
            public_endpoint_url=config.get("S3_PUBLIC_ENDPOINT_URL"),
            single_put_max_bytes=int(config.get("S3_SINGLE_PUT_MAX_BYTES", SINGLE_PUT_MAX_BYTES)),
        )
    raise RuntimeError(f"unknown STORAGE_BACKEND {backend!r} (use 'local' or 's3')")


def init_storage(app: Flask) -> None:
    """Attach the configured backend to the app; create the S3 bucket when it is missing."""
    storage = storage_from_config(app.config)
    if isinstance(storage, S3Storage) and app.config.get("S3_ENSURE_BUCKET", True):
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
