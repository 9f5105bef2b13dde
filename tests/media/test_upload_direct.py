"""Direct mode: chunks PUT straight to S3 with presigned URLs, finalize from the listing."""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request

import pytest
from flask import Flask

from ksf_b.accounts.models import Role
from media import direct, keys
from media.models.asset import AssetStatus
from media.models.upload import UploadState
from media.s3 import S3Storage
from media.storage import LocalStorage, Storage, StorageError
from tests.media.conftest import make_s3_storage
from tests.media.test_upload import KB, Recorder, recording, reload, sha, split

pytestmark = pytest.mark.s3


@pytest.fixture
def s3(app: Flask, s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> S3Storage:
    storage = make_s3_storage(s3_endpoint)
    monkeypatch.setitem(app.extensions, "ksf_storage", storage)
    monkeypatch.setitem(app.config, "UPLOAD_DIRECT", "auto")
    return storage


@pytest.fixture
def candidate(make):  # type: ignore[no-untyped-def]
    return make.user(Role.CANDIDATE)


class DirectRecorder(Recorder):
    """The browser in direct mode: targets from the app, bytes to the store."""

    def targets(self, indexes):  # type: ignore[no-untyped-def]
        return self.client.post(
            f"{self.base}/chunk-targets",
            json={"indexes": indexes},
            headers={"X-CSRFToken": self.token},
        )

    def send(self, index: int, data: bytes) -> int:
        answer = self.targets([index])
        assert answer.status_code == 200, answer.json
        target = answer.json["targets"][str(index)]
        request = urllib.request.Request(
            target["url"], data=data, method=target["method"], headers=target["headers"]
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status

    def finalize_with(self, parts: list[bytes], whole: bytes, hashes=None):  # type: ignore[no-untyped-def]
        return self.client.post(
            f"{self.base}/finalize",
            json={
                "chunk_count": len(parts),
                "sha256": sha(whole),
                "mime": "video/webm",
                "chunks": [sha(p) for p in parts] if hashes is None else hashes,
            },
            headers={"X-CSRFToken": self.token},
        )


@pytest.fixture
def upload(make, candidate):  # type: ignore[no-untyped-def]
    return make.upload(owner=candidate, max_bytes=400 * KB)


@pytest.fixture
def rec(s3, login_as, candidate, upload) -> DirectRecorder:  # type: ignore[no-untyped-def]
    return DirectRecorder(login_as(candidate), upload.public_id)


def test_status_says_direct_on_s3_and_not_when_switched_off(
    rec: DirectRecorder, app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert rec.status().json["direct"] is True
    monkeypatch.setitem(app.config, "UPLOAD_DIRECT", "0")
    assert rec.status().json["direct"] is False
    assert rec.targets([0]).status_code == 404  # the app route is the only one then


def test_local_storage_takes_no_direct_uploads(
    app: Flask, tmp_path, login_as, candidate, upload, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.extensions, "ksf_storage", LocalStorage(tmp_path / "objects"))
    rec = DirectRecorder(login_as(candidate), upload.public_id)
    assert rec.status().json["direct"] is False
    assert rec.targets([0]).status_code == 404


def test_targets_are_presigned_puts_for_the_server_made_keys(
    rec: DirectRecorder, upload, s3: S3Storage
) -> None:  # type: ignore[no-untyped-def]
    answer = rec.targets([3, 0, 3])
    assert answer.status_code == 200
    body = answer.json
    assert sorted(body["targets"]) == ["0", "3"] and body["expires_in"] > 60
    target = body["targets"]["3"]
    assert target["method"] == "PUT"
    assert target["headers"] == {"Content-Type": "application/octet-stream"}
    assert f"/{s3.bucket}/{keys.chunk_key(upload.public_id, 3)}?" in target["url"]
    assert "X-Amz-Signature=" in target["url"] and "X-Amz-Expires=" in target["url"]


@pytest.mark.parametrize(
    "indexes", [[], list(range(65)), [-1], [100_000], ["1"], [True], None, [1.5]]
)
def test_bad_indexes_are_refused(rec: DirectRecorder, indexes) -> None:  # type: ignore[no-untyped-def]
    answer = rec.targets(indexes)
    assert answer.status_code == 400
    assert answer.json["code"] == "bad_indexes"


def test_targets_only_for_the_owner(s3, make, login_as, upload) -> None:  # type: ignore[no-untyped-def]
    other = make.user(Role.CANDIDATE)
    stranger = DirectRecorder(login_as(other), upload.public_id)
    assert stranger.targets([0]).status_code == 404
    assert stranger.status().status_code == 404


def test_chunks_sent_to_the_store_are_listed_and_finalized(
    rec: DirectRecorder, upload, s3: S3Storage
) -> None:  # type: ignore[no-untyped-def]
    data = recording(150 * KB + 5)
    parts = split(data, 64 * KB)
    for index in (2, 0, 1):
        assert rec.send(index, parts[index]) == 200
    held = rec.status().json["received"]
    assert held == [
        {"index": i, "size": len(p), "sha256": None, "md5": hashlib.md5(p).hexdigest()}
        for i, p in enumerate(parts)
    ]

    from prometheus_client import REGISTRY

    def counted() -> tuple[float, float]:
        chunks = REGISTRY.get_sample_value("ksf_upload_chunks_total", {"outcome": "stored_direct"})
        return chunks or 0.0, REGISTRY.get_sample_value("ksf_upload_bytes_total") or 0.0

    before = counted()
    answer = rec.finalize_with(parts, data)
    assert answer.status_code == 200, answer.json
    # /metrics counts chunks that never passed the app when finalize records them
    assert counted() == (before[0] + 3, before[1] + len(data))
    assert answer.json["sha256"] == sha(data)
    upload = reload(upload)
    assert upload.state is UploadState.FINALIZED and upload.asset.status is AssetStatus.QUEUED
    assert [(c.index, c.size, c.sha256) for c in upload.chunks] == [
        (i, len(p), sha(p)) for i, p in enumerate(parts)
    ]  # rows recorded at finalize, hashed by the server while assembling
    with s3.open(keys.original_key(upload.asset)) as reader:
        assert reader.read() == data
    answer.close()
    assert s3.list_prefix(direct.chunk_prefix(upload)) == []  # chunk objects discarded
    assert rec.status().json["received"][0]["sha256"] == sha(parts[0])
    assert rec.targets([0]).status_code == 409  # finalized: no more chunks


def test_a_listing_that_fails_in_its_thread_is_a_retryable_503(
    rec: DirectRecorder, upload, s3: S3Storage, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """Finalize lists the store in a thread (media.direct.start_listing): its error still
    reaches the client as the 503 to retry, and the session stays open with its chunks."""
    data = recording(100 * KB)
    parts = split(data, 64 * KB)
    for index, part in enumerate(parts):
        assert rec.send(index, part) == 200
    real = s3.list_prefix

    def unavailable(prefix: str):  # type: ignore[no-untyped-def]
        raise StorageError(f"cannot list {prefix}: connection refused")

    monkeypatch.setattr(s3, "list_prefix", unavailable)
    answer = rec.finalize_with(parts, data)
    assert answer.status_code == 503 and "opslag" in answer.json["error"]
    assert reload(upload).state is UploadState.OPEN
    monkeypatch.setattr(s3, "list_prefix", real)
    answer = rec.finalize_with(parts, data)
    assert answer.status_code == 200, answer.json
    assert reload(upload).state is UploadState.FINALIZED


def test_a_damaged_chunk_is_named_deleted_and_sent_again(
    rec: DirectRecorder, upload, s3: S3Storage
) -> None:  # type: ignore[no-untyped-def]
    data = recording(150 * KB)
    parts = split(data, 64 * KB)
    rec.send(0, parts[0])
    rec.send(1, b"x" + parts[1][1:])  # what reached the store is not what the client hashed
    rec.send(2, parts[2])

    answer = rec.finalize_with(parts, data)
    assert answer.status_code == 422
    assert answer.json["code"] == "chunks_damaged" and answer.json["damaged"] == [1]
    assert [c["index"] for c in rec.status().json["received"]] == [0, 2]  # 1 deleted
    assert not s3.exists(keys.original_key(reload(upload).asset))  # nothing half kept

    rec.send(1, parts[1])
    again = rec.finalize_with(parts, data)
    assert again.status_code == 200, again.json
    assert reload(upload).sha256 == sha(data)


def test_without_a_chunk_list_a_mismatch_keeps_the_chunks(rec: DirectRecorder, upload) -> None:  # type: ignore[no-untyped-def]
    parts = [recording(10 * KB, b"a"), recording(10 * KB, b"b")]
    for index, part in enumerate(parts):
        rec.send(index, part)
    answer = rec.finalize(2, sha(b"something else"))
    assert answer.status_code == 422 and answer.json["code"] == "file_checksum"
    assert len(rec.status().json["received"]) == 2


def test_a_bad_chunk_list_is_refused(rec: DirectRecorder) -> None:
    parts = [recording(10 * KB)]
    rec.send(0, parts[0])
    whole = parts[0]
    for hashes in (["ab"], [sha(whole), sha(whole)], "x", [None]):
        answer = rec.finalize_with(parts, whole, hashes=hashes)
        assert answer.status_code == 400 and answer.json["code"] == "bad_chunk_list"


def test_missing_and_unexpected_chunks_from_the_listing(rec: DirectRecorder) -> None:
    parts = [recording(10 * KB, bytes([i])) for i in range(5)]
    for index in (0, 1, 3, 4):
        rec.send(index, parts[index])
    answer = rec.finalize_with(parts[:4], b"".join(parts[:4]))
    assert answer.status_code == 409
    assert answer.json["missing"] == [2] and answer.json["unexpected"] == [4]


def test_a_chunk_over_the_limit_ends_the_session_chunks(
    rec: DirectRecorder, app: Flask, s3: S3Storage, upload, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "UPLOAD_CHUNK_MAX_BYTES", 32 * KB)
    parts = [recording(20 * KB, b"a"), recording(40 * KB, b"b")]  # the store takes any size
    for index, part in enumerate(parts):
        rec.send(index, part)
    answer = rec.finalize_with(parts, b"".join(parts))
    assert answer.status_code == 413 and answer.json["code"] == "upload_too_large"
    assert s3.list_prefix(direct.chunk_prefix(upload)) == []
    assert reload(upload).state is UploadState.OPEN


def test_a_session_over_max_bytes_is_refused_at_finalize(
    rec: DirectRecorder, s3: S3Storage, upload
) -> None:  # type: ignore[no-untyped-def]
    parts = split(recording(450 * KB), 150 * KB)  # the session allows 400 KB
    for index, part in enumerate(parts):
        rec.send(index, part)
    answer = rec.finalize_with(parts, b"".join(parts))
    assert answer.status_code == 413
    assert s3.list_prefix(direct.chunk_prefix(upload)) == []


def test_chunks_through_the_app_still_work_in_direct_mode(rec: DirectRecorder, upload) -> None:  # type: ignore[no-untyped-def]
    """A page loaded before the switch keeps sending through the app; both mix."""
    parts = [recording(10 * KB, b"a"), recording(10 * KB, b"b")]
    assert rec.put(0, parts[0]).status_code == 201
    rec.send(1, parts[1])
    held = rec.status().json["received"]
    assert held[0]["sha256"] == sha(parts[0]) and held[1]["sha256"] is None
    assert rec.finalize_with(parts, b"".join(parts)).status_code == 200


def test_storage_listing_and_presigned_put(storage: Storage) -> None:
    """Both backends list a prefix; only S3 signs direct PUTs."""
    import io

    storage.save("uploads/u1/chunk-000001", io.BytesIO(b"abc"))
    storage.save("uploads/u1/chunk-000000", io.BytesIO(b"de"))
    storage.save("uploads/u2/chunk-000000", io.BytesIO(b"f"))
    listed = storage.list_prefix("uploads/u1/")
    assert [(o.key, o.size) for o in listed] == [
        ("uploads/u1/chunk-000000", 2),
        ("uploads/u1/chunk-000001", 3),
    ]
    assert storage.list_prefix("uploads/none/") == []
    if storage.supports_direct_upload:
        target = storage.presigned_put("uploads/u1/chunk-000002", 60)
        assert target.method == "PUT" and "X-Amz-Signature" in target.url
    else:
        with pytest.raises(NotImplementedError):
            storage.presigned_put("uploads/u1/chunk-000002", 60)


def test_public_endpoint_signs_for_the_browser_host(s3_endpoint: str) -> None:
    storage = S3Storage(
        bucket="b",
        endpoint_url=s3_endpoint,
        region="eu-west-1",
        access_key_id="k",
        secret_access_key="s",
        public_endpoint_url="https://media.example.org",
    )
    assert storage.presigned_put("uploads/u/chunk-000000", 60).url.startswith(
        "https://media.example.org/b/uploads/u/chunk-000000?"
    )
    assert storage.url("originals/x", 60).startswith("https://media.example.org/b/")


def test_bucket_gets_a_cors_rule_for_the_site(s3_endpoint: str) -> None:
    storage = make_s3_storage(s3_endpoint)
    storage.ensure_bucket(cors_origins=["https://ksf.example.org"])
    rules = storage.client.get_bucket_cors(Bucket=storage.bucket)["CORSRules"]
    assert rules[0]["AllowedOrigins"] == ["https://ksf.example.org"]
    assert "PUT" in rules[0]["AllowedMethods"]


def _put_direct(s3: S3Storage, upload, index: int, data: bytes) -> str:  # type: ignore[no-untyped-def]
    """What a browser's presigned PUT leaves behind: an object, no row."""
    import io

    key = direct.direct_key(upload, index)
    s3.save(key, io.BytesIO(data))
    return key


def test_abandoned_direct_chunks_are_swept_by_their_age_in_the_store(
    s3: S3Storage, make, db
) -> None:  # type: ignore[no-untyped-def]
    from datetime import timedelta

    from ksf_b.db_types import utcnow
    from ksf_b.journey.models import CandidateState
    from ksf_b.privacy.operations import run_retention

    candidate = make.candidate(state=CandidateState.RECORDING)
    upload = make.upload(owner=candidate.user)
    key = _put_direct(s3, upload, 0, b"chunk bytes")
    upload.created_at = utcnow() - timedelta(days=30)
    db.session.commit()

    assert run_retention().uploads == 0  # the session is old, its chunk was written just now
    assert s3.exists(key)
    assert run_retention(now=utcnow() + timedelta(days=8)).uploads == 1
    assert not s3.exists(key)
    assert reload(upload).is_open  # the browser may send them again


def test_erasure_finds_chunks_sent_straight_to_the_store(s3: S3Storage, make) -> None:  # type: ignore[no-untyped-def]
    from ksf_b.journey.models import CandidateState
    from ksf_b.privacy.material import delete_material, material_of

    candidate = make.candidate(state=CandidateState.RECORDING)
    upload = make.upload(owner=candidate.user)
    key = _put_direct(s3, upload, 0, b"chunk bytes")
    material = material_of(candidate)
    assert key in material.keys
    delete_material(material)
    assert not s3.exists(key)
