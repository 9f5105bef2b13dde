"""S3 storage (AWS, MinIO, Ceph, moto's server in tests) through boto3: media/storage.py's
`Storage` for objects in a bucket, presigned URLs for the browser, one PutObject or a multipart
upload by size (`S3_SINGLE_PUT_MAX_BYTES`).
"""

from __future__ import annotations

import contextlib
import logging
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from media.storage import (
    BLOCK_SIZE,
    DIRECT_CONTENT_TYPE,
    ChecksumMismatch,
    HashingReader,
    ListedObject,
    ObjectNotFound,
    Storage,
    StorageError,
    StoredObject,
    UploadTarget,
    validate_key,
)

log = logging.getLogger(__name__)

# S3Storage.save sends a body up to this size in one PutObject (S3 allows 5 GB); config
# S3_SINGLE_PUT_MAX_BYTES. A 3-minute take at the recorder's 1.3 Mbit/s is about 30 MB.
SINGLE_PUT_MAX_BYTES = 32 * 1024 * 1024


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
        etag_is_md5: bool = True,
    ) -> None:
        import boto3
        from boto3.s3.transfer import TransferConfig
        from botocore.config import Config as BotoConfig

        self.bucket = bucket
        self.endpoint_url = endpoint_url
        self.etag_is_md5 = etag_is_md5  # listings state each object's MD5 (media/deferred.py)
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
        validate_key(key)
        with _object_errors(key, "read"):
            return self.client.get_object(Bucket=self.bucket, Key=key)["Body"]

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
        validate_key(key)
        with _object_errors(key, "look up"):
            return self.client.head_object(Bucket=self.bucket, Key=key)

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
                    found.append(
                        ListedObject(
                            item["Key"],
                            int(item["Size"]),
                            item["LastModified"],
                            etag_md5(item.get("ETag")) if self.etag_is_md5 else None,
                        )
                    )
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


_MISSING_CODES = {"NoSuchKey", "404", "NotFound"}
_MD5_ETAG_RE = re.compile(r'^"?([0-9a-fA-F]{32})"?$')


def etag_md5(etag: object) -> str | None:
    """The MD5 an ETag states, lower case; None for a multipart ETag ("…-3") or another kind.

    S3 (and MinIO, Ceph, moto) give a single PutObject the MD5 of its bytes as ETag, unless
    the object is encrypted with SSE-C or SSE-KMS: then the ETag is some other 32 hex digits.
    Such a store must run with S3_ETAG_IS_MD5=0 (finalize then reads the chunks back).
    """
    match = _MD5_ETAG_RE.match(etag) if isinstance(etag, str) else None
    return match.group(1).lower() if match else None


@contextlib.contextmanager
def _object_errors(key: str, doing: str) -> Iterator[None]:
    """botocore's errors for one object: a missing key is ObjectNotFound, others StorageError."""
    from botocore.exceptions import BotoCoreError, ClientError

    try:
        yield
    except ClientError as error:
        if _error_code(error) in _MISSING_CODES:
            raise ObjectNotFound(key) from error
        raise StorageError(f"cannot {doing} {key}: {error}") from error
    except BotoCoreError as error:
        raise StorageError(f"cannot {doing} {key}: {error}") from error


def _error_code(error: Exception) -> str:
    return str(getattr(error, "response", {}).get("Error", {}).get("Code", ""))
