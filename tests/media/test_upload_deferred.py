"""Finalize on the store's ETags (media/deferred.py): no byte read back, the job assembles."""

# ruff: noqa: F811 (the direct-mode tests' fixtures are imported by name below)

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from ksf_b.extensions import db
from media import direct, keys
from media.jobs import execute
from media.models.asset import AssetStatus, MediaAsset
from media.models.job import Job, JobStatus
from media.models.upload import UploadState
from media.s3 import S3Storage, etag_md5
from tests.media.test_upload import KB, recording, reload, sha, split
from tests.media.test_upload_direct import DirectRecorder

pytestmark = pytest.mark.s3

# the fixtures of the direct-mode tests: moto's S3 server, UPLOAD_DIRECT on, a candidate
from tests.media.samples import media_samples  # noqa: E402,F401
from tests.media.test_upload_direct import candidate, rec, s3, upload  # noqa: E402,F401


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()


def finalize(rec: DirectRecorder, parts: list[bytes], whole: bytes, **changes):  # type: ignore[no-untyped-def]
    body = {
        "chunk_count": len(parts),
        "sha256": sha(whole),
        "mime": "video/webm",
        "chunks": [sha(p) for p in parts],
        "chunk_md5": [md5(p) for p in parts],
    }
    body.update(changes)
    return rec.client.post(f"{rec.base}/finalize", json=body, headers={"X-CSRFToken": rec.token})


def run_job(asset: MediaAsset) -> Job:
    job = db.session.query(Job).filter(Job.payload["asset_id"].as_integer() == asset.id).one()
    db.session.commit()
    execute(job.id, "test-worker")
    db.session.expire_all()
    return db.session.get(Job, job.id)


def send_all(rec: DirectRecorder, parts: list[bytes]) -> None:
    for index, part in enumerate(parts):
        assert rec.send(index, part) == 200


@pytest.mark.parametrize(
    ("etag", "md5_hex"),
    [
        ('"9e107d9d372bb6826bd81d3542a419d6"', "9e107d9d372bb6826bd81d3542a419d6"),
        ('"9E107D9D372BB6826BD81D3542A419D6"', "9e107d9d372bb6826bd81d3542a419d6"),
        ('"9e107d9d372bb6826bd81d3542a419d6-3"', None),  # multipart: no MD5 of the bytes
        ("", None),
        (None, None),
    ],
)
def test_etag_md5(etag, md5_hex) -> None:  # type: ignore[no-untyped-def]
    assert etag_md5(etag) == md5_hex


def test_the_listing_states_each_chunks_md5(rec: DirectRecorder) -> None:
    parts = split(recording(100 * KB), 64 * KB)
    send_all(rec, parts)
    held = rec.status().json["received"]
    assert [(h["index"], h["size"], h["md5"]) for h in held] == [
        (i, len(p), md5(p)) for i, p in enumerate(parts)
    ]


def test_finalize_reads_nothing_and_the_job_assembles_the_original(
    rec: DirectRecorder, upload, s3: S3Storage, media_samples: dict[str, Path]
) -> None:  # type: ignore[no-untyped-def]
    data = media_samples["vp8_opus.webm"].read_bytes()
    parts = split(data, 16 * KB)
    send_all(rec, parts)

    answer = finalize(rec, parts, data)
    assert answer.status_code == 200, answer.json
    assert answer.json["assembled"] is False and answer.json["sha256"] == sha(data)
    answer.close()  # the view's after-answer discard runs here: it must keep the chunks
    upload = reload(upload)
    asset = upload.asset
    assert upload.state is UploadState.FINALIZED and asset.status is AssetStatus.QUEUED
    assert (upload.size, upload.chunk_count) == (len(data), len(parts))
    assert [(c.index, c.size, c.sha256) for c in upload.chunks] == [
        (i, len(p), sha(p)) for i, p in enumerate(parts)
    ]
    assert asset.original_key is None and not s3.exists(keys.original_key(asset))
    assert len(s3.list_prefix(direct.chunk_prefix(upload))) == len(parts)  # all kept
    assert finalize(rec, parts, data).status_code == 200  # a retry: the same answer

    job = run_job(asset)
    assert job.status is JobStatus.SUCCEEDED, job.log
    asset = db.session.get(MediaAsset, asset.id)
    assert asset.status is AssetStatus.READY
    assert (asset.original_size, asset.original_sha256) == (len(data), sha(data))
    with s3.open(asset.original_key) as reader:
        assert reader.read() == data
    assert s3.exists(asset.processed_key)
    assert s3.list_prefix(direct.chunk_prefix(upload)) == []  # deleted once assembled
    assert "assembled the original" in job.log


def test_a_chunk_the_store_holds_otherwise_is_named_deleted_and_sent_again(
    rec: DirectRecorder, upload, s3: S3Storage
) -> None:  # type: ignore[no-untyped-def]
    data = recording(150 * KB)
    parts = split(data, 64 * KB)
    rec.send(0, parts[0])
    rec.send(1, b"x" + parts[1][1:])  # changed on the way: its ETag is not the client's MD5
    rec.send(2, parts[2])

    answer = finalize(rec, parts, data)
    assert answer.status_code == 422, answer.json
    assert answer.json["code"] == "chunks_damaged" and answer.json["damaged"] == [1]
    assert [c["index"] for c in rec.status().json["received"]] == [0, 2]
    assert reload(upload).state is UploadState.OPEN

    rec.send(1, parts[1])
    again = finalize(rec, parts, data)
    assert again.status_code == 200 and again.json["assembled"] is False


def test_a_chunk_changed_after_finalize_fails_the_job_and_keeps_the_chunks(
    rec: DirectRecorder, upload, s3: S3Storage
) -> None:  # type: ignore[no-untyped-def]
    data = recording(150 * KB)
    parts = split(data, 64 * KB)
    send_all(rec, parts)
    assert finalize(rec, parts, data).status_code == 200
    upload = reload(upload)
    spoiled = b"y" * len(parts[2])
    s3.save(direct.direct_key(upload, 2), io.BytesIO(spoiled))  # the store changed it

    job = run_job(upload.asset)
    assert job.status is JobStatus.FAILED and "chunk 2" in (job.last_error or "")
    asset = db.session.get(MediaAsset, upload.asset_id)
    assert asset.status is AssetStatus.FAILED and "beschadigd" in (asset.failure_reason or "")
    assert asset.original_key is None and not s3.exists(keys.original_key(asset))
    assert len(s3.list_prefix(direct.chunk_prefix(upload))) == len(parts)  # nothing deleted


def test_a_wrong_whole_file_hash_with_matching_chunks_keeps_the_chunks_bytes(
    rec: DirectRecorder, upload, s3: S3Storage, media_samples: dict[str, Path]
) -> None:  # type: ignore[no-untyped-def]
    data = media_samples["vp8_opus.webm"].read_bytes()
    parts = split(data, 32 * KB)
    send_all(rec, parts)
    wrong = sha(b"not the take")
    assert finalize(rec, parts, data, sha256=wrong).status_code == 200

    job = run_job(reload(upload).asset)
    assert job.status is JobStatus.SUCCEEDED, job.log
    asset = db.session.get(MediaAsset, upload.asset_id)
    assert asset.original_sha256 == sha(data) != reload(upload).sha256 == wrong


def test_without_md5s_or_with_etags_that_are_not_md5s_finalize_reads_the_chunks(
    rec: DirectRecorder, upload, s3: S3Storage, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    data = recording(100 * KB)
    parts = split(data, 64 * KB)
    send_all(rec, parts)
    monkeypatch.setattr(s3, "etag_is_md5", False)  # S3_ETAG_IS_MD5=0: an SSE-KMS bucket
    assert all(h["md5"] is None for h in rec.status().json["received"])
    answer = finalize(rec, parts, data)
    assert answer.status_code == 200 and answer.json["assembled"] is True
    with s3.open(reload(upload).asset.original_key) as reader:
        assert reader.read() == data


@pytest.mark.parametrize("chunk_md5", [["ab"], "x", [None], ["0" * 32, "0" * 32]])
def test_a_bad_md5_list_is_refused(rec: DirectRecorder, chunk_md5) -> None:  # type: ignore[no-untyped-def]
    parts = [recording(10 * KB)]
    rec.send(0, parts[0])
    answer = finalize(rec, parts, parts[0], chunk_md5=chunk_md5)
    assert answer.status_code == 400 and answer.json["code"] == "bad_chunk_list"


def test_erasure_before_the_job_ran_deletes_the_chunks(s3: S3Storage, make, login_as) -> None:  # type: ignore[no-untyped-def]
    from ksf_b.journey.models import CandidateState
    from ksf_b.privacy.material import delete_material, material_of

    candidate = make.candidate(state=CandidateState.RECORDING)
    upload = make.upload(owner=candidate.user, max_bytes=400 * KB)
    rec = DirectRecorder(login_as(candidate.user), upload.public_id)
    data = recording(100 * KB)
    parts = split(data, 64 * KB)
    send_all(rec, parts)
    assert finalize(rec, parts, data).status_code == 200
    upload = reload(upload)
    material = material_of(candidate)
    assert {c.storage_key for c in upload.chunks} <= set(material.keys)
    delete_material(material)
    assert s3.list_prefix(direct.chunk_prefix(upload)) == []
