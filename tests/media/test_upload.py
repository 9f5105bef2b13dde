"""The upload protocol over HTTP (docs/upload-protocol.md), on the local folder and on S3."""

from __future__ import annotations

import hashlib
import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ksf_b.accounts.models import Role
from ksf_b.extensions import db
from media import keys, uploads
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.models.job import Job
from media.models.upload import UploadChunk, UploadSession, UploadState
from media.storage import Storage
from tests.conftest import CSRF_RE, csrf_token

KB = 1024


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def recording(size: int, seed: bytes = b"opname") -> bytes:
    """Deterministic bytes that differ everywhere (so a mixed-up order changes the hash)."""
    out, counter = bytearray(), 0
    while len(out) < size:
        out += hashlib.sha512(seed + counter.to_bytes(8, "big")).digest()
        counter += 1
    return bytes(out[:size])


def split(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


def page_token(client: FlaskClient) -> str:
    """The CSRF token from the page the user lands on (as the recorder reads its meta tag)."""
    html = client.get("/", follow_redirects=True).get_data(as_text=True)
    match = CSRF_RE.search(html)
    assert match, "no CSRF token on the landing page"
    return match.group(1) or match.group(2)


class Recorder:
    """What the browser does: PUT chunks with hash and CSRF header, GET status, finalize."""

    def __init__(self, client: FlaskClient, upload_id: str) -> None:
        self.client = client
        self.base = f"/media/uploads/{upload_id}"
        self.token = page_token(client)

    def put(self, index: int | str, data: bytes, digest: str | None = None, **headers: str):  # type: ignore[no-untyped-def]
        all_headers = {
            "X-CSRFToken": self.token,
            "X-Chunk-Sha256": sha(data) if digest is None else digest,
            "Content-Type": "application/octet-stream",
        }
        all_headers.update(headers)
        return self.client.put(f"{self.base}/chunks/{index}", data=data, headers=all_headers)

    def status(self):  # type: ignore[no-untyped-def]
        return self.client.get(self.base)

    def finalize(self, count: int, digest: str, mime: str = "video/webm;codecs=vp8,opus"):  # type: ignore[no-untyped-def]
        return self.client.post(
            f"{self.base}/finalize",
            json={"chunk_count": count, "sha256": digest, "mime": mime},
            headers={"X-CSRFToken": self.token},
        )


@pytest.fixture
def candidate(make):  # type: ignore[no-untyped-def]
    return make.user(Role.CANDIDATE)


@pytest.fixture
def upload(make, candidate) -> UploadSession:  # type: ignore[no-untyped-def]
    return make.upload(owner=candidate, max_bytes=200 * KB)


@pytest.fixture
def recorder(login_as, candidate, upload) -> Recorder:  # type: ignore[no-untyped-def]
    return Recorder(login_as(candidate), upload.public_id)


def reload(obj):  # type: ignore[no-untyped-def]
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def test_chunks_out_of_order_and_twice_then_finalize(
    app_storage: Storage, make, login_as, candidate
) -> None:  # type: ignore[no-untyped-def]
    upload = make.upload(owner=candidate, max_bytes=20 * 1024 * KB)
    data = recording(6 * 1024 * KB + 777)  # past S3's multipart threshold when assembled
    parts = split(data, 2 * 1024 * KB)
    rec = Recorder(login_as(candidate), upload.public_id)

    for index in (2, 0, 3):
        assert rec.put(index, parts[index]).status_code == 201
    again = rec.put(0, parts[0])
    assert again.status_code == 200 and again.json["created"] is False
    held = rec.status().json
    assert [c["index"] for c in held["received"]] == [0, 2, 3]
    assert held["received"][1] == {
        "index": 2,
        "size": len(parts[2]),
        "sha256": sha(parts[2]),
        "md5": None,  # only a listing of chunks sent straight to the store has their MD5
    }
    assert rec.put(1, parts[1]).status_code == 201

    answer = rec.finalize(len(parts), sha(data))
    assert answer.status_code == 200, answer.json
    assert answer.json["state"] == "finalized"
    assert answer.json["size"] == len(data) and answer.json["sha256"] == sha(data)
    assert answer.json["asset"]["status"] == "queued"

    asset = reload(upload).asset
    assert asset.status is AssetStatus.QUEUED
    assert (asset.original_size, asset.original_sha256) == (len(data), sha(data))
    assert asset.original_mime == "video/webm;codecs=vp8,opus"
    with app_storage.open(keys.original_key(asset)) as reader:
        assert reader.read() == data
    chunk_keys = [chunk.storage_key for chunk in reload(upload).chunks]
    assert all(app_storage.exists(key) for key in chunk_keys)  # until the answer is sent
    answer.close()  # what the WSGI server does once the answer is sent
    assert not any(app_storage.exists(key) for key in chunk_keys)  # chunk objects removed
    job = db.session.scalar(select(Job))
    assert job is not None and job.payload == {"asset_id": asset.id}


def test_finalize_twice_answers_200_both_times(recorder: Recorder, upload) -> None:  # type: ignore[no-untyped-def]
    data = recording(3000)
    for i, part in enumerate(split(data, 1000)):
        recorder.put(i, part)
    first = recorder.finalize(3, sha(data))
    second = recorder.finalize(3, sha(data))
    assert first.status_code == second.status_code == 200
    assert first.json == second.json
    assert db.session.scalar(select(db.func.count()).select_from(Job)) == 1
    other = recorder.finalize(3, sha(b"something else"))
    assert other.status_code == 409
    late = recorder.put(3, b"late")
    assert late.status_code == 409
    assert late.json["code"] == "finalized"


def test_different_body_for_same_index_is_409(recorder: Recorder, app_storage: Storage) -> None:
    assert recorder.put(0, b"first body").status_code == 201
    clash = recorder.put(0, b"other body")
    assert clash.status_code == 409
    assert clash.json["code"] == "chunk_conflict"
    assert "ander deel" in clash.json["error"]
    (chunk,) = db.session.scalars(select(UploadChunk)).all()
    assert chunk.sha256 == sha(b"first body")
    with app_storage.open(chunk.storage_key) as reader:
        assert reader.read() == b"first body"


def test_bad_hash_is_422_and_nothing_is_kept(recorder: Recorder, app_storage: Storage) -> None:
    answer = recorder.put(0, b"bytes", digest=sha(b"other bytes"))
    assert answer.status_code == 422
    assert answer.json["code"] == "chunk_checksum"
    assert db.session.scalar(select(UploadChunk)) is None
    assert not app_storage.exists(keys.chunk_key(recorder.base.rsplit("/", 1)[1], 0))
    assert not app_storage.exists(
        keys.chunk_key(recorder.base.rsplit("/", 1)[1], 0, sha(b"other bytes"))
    )
    assert recorder.put(0, b"bytes").status_code == 201  # sending it again works


def test_repeat_with_bad_hash_is_422(recorder: Recorder) -> None:
    recorder.put(0, b"abc")
    assert recorder.put(0, b"abd", digest=sha(b"abc")).status_code == 422


@pytest.mark.parametrize(
    ("index", "digest", "code"),
    [
        ("-1", None, "bad_index"),
        ("abc", None, "bad_index"),
        ("1234567", None, "bad_index"),
        ("0", "not-a-hash", "bad_chunk_hash"),
        ("0", "", "bad_chunk_hash"),
    ],
)
def test_bad_index_or_header_is_400(recorder: Recorder, index: str, digest, code: str) -> None:  # type: ignore[no-untyped-def]
    answer = recorder.put(index, b"x", digest=digest)
    assert answer.status_code == 400
    assert answer.json["code"] == code


def test_chunk_over_limit_is_413(app: Flask, recorder: Recorder, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setitem(app.config, "UPLOAD_CHUNK_MAX_BYTES", 1000)
    answer = recorder.put(0, b"x" * 1001)
    assert answer.status_code == 413
    assert answer.json["code"] == "chunk_too_large"
    assert recorder.put(0, b"x" * 1000).status_code == 201
    assert recorder.status().json["chunk_max_bytes"] == 1000


def test_session_over_its_total_is_413(recorder: Recorder) -> None:
    # the session holds 200 KB at most
    assert recorder.put(0, recording(120 * KB)).status_code == 201
    answer = recorder.put(1, recording(90 * KB, b"b"))
    assert answer.status_code == 413
    assert answer.json["code"] == "upload_too_large"
    assert recorder.put(1, recording(80 * KB, b"b")).status_code == 201


def test_missing_content_length_is_411(recorder: Recorder) -> None:
    answer = recorder.client.put(
        f"{recorder.base}/chunks/0",
        input_stream=io.BytesIO(b"3\r\nabc\r\n0\r\n\r\n"),
        headers={
            "X-CSRFToken": recorder.token,
            "X-Chunk-Sha256": sha(b"abc"),
            "Transfer-Encoding": "chunked",
        },
    )
    assert answer.status_code == 411


def test_finalize_with_missing_chunks_is_409_with_the_list(recorder: Recorder) -> None:
    for index in (0, 2, 4):
        recorder.put(index, b"part %d" % index)
    answer = recorder.finalize(6, sha(b"whatever"))
    assert answer.status_code == 409
    assert answer.json["missing"] == [1, 3, 5]
    short = recorder.finalize(3, sha(b"whatever"))
    assert short.status_code == 409
    assert short.json["missing"] == [1] and short.json["unexpected"] == [4]


def test_wrong_whole_file_hash_is_422_and_chunks_are_kept(
    recorder: Recorder, app_storage: Storage, upload
) -> None:  # type: ignore[no-untyped-def]
    data = recording(5000)
    for i, part in enumerate(split(data, 2000)):
        recorder.put(i, part)
    bad = recorder.finalize(3, sha(b"not the file"))
    assert bad.status_code == 422
    assert bad.json["code"] == "file_checksum"
    assert recorder.status().json["state"] == "open"
    assert not app_storage.exists(keys.original_key(reload(upload).asset))
    assert all(app_storage.exists(c.storage_key) for c in reload(upload).chunks)
    assert recorder.finalize(3, sha(data)).status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        {"chunk_count": 0, "sha256": "a" * 64, "mime": "video/webm"},
        {"chunk_count": "1", "sha256": "a" * 64, "mime": "video/webm"},
        {"chunk_count": 1, "sha256": "xyz", "mime": "video/webm"},
        {"chunk_count": 1, "sha256": "a" * 64, "mime": "<script>"},
        {"chunk_count": 1, "sha256": "a" * 64},
    ],
)
def test_bad_finalize_request_is_400(recorder: Recorder, payload: dict) -> None:
    recorder.put(0, b"abc")
    answer = recorder.client.post(
        f"{recorder.base}/finalize", json=payload, headers={"X-CSRFToken": recorder.token}
    )
    assert answer.status_code == 400
    assert answer.json["error"]


def test_another_candidates_session_is_404(make, login_as, upload) -> None:  # type: ignore[no-untyped-def]
    intruder = make.user(Role.CANDIDATE)
    rec = Recorder(login_as(intruder), upload.public_id)
    assert rec.status().status_code == 404
    assert rec.put(0, b"abc").status_code == 404
    assert rec.finalize(1, sha(b"abc")).status_code == 404
    assert db.session.scalar(select(UploadChunk)) is None


def test_admin_cannot_use_someone_elses_session_either(make, login_as, upload) -> None:  # type: ignore[no-untyped-def]
    rec = Recorder(login_as(make.user(Role.ADMIN)), upload.public_id)
    assert rec.status().status_code == 404


def test_anonymous_gets_401_json(client: FlaskClient, upload) -> None:  # type: ignore[no-untyped-def]
    base = f"/media/uploads/{upload.public_id}"
    answer = client.get(base)
    assert answer.status_code == 401
    assert answer.is_json and answer.json["error"]
    token = csrf_token(client, "/accounts/login")
    put = client.put(
        f"{base}/chunks/0",
        data=b"abc",
        headers={"X-CSRFToken": token, "X-Chunk-Sha256": sha(b"abc")},
    )
    assert put.status_code == 401 and put.is_json


def test_missing_csrf_header_is_refused(recorder: Recorder) -> None:
    answer = recorder.put(0, b"abc", **{"X-CSRFToken": "forged"})
    assert answer.status_code == 400 and answer.is_json
    assert db.session.scalar(select(UploadChunk)) is None


def test_resume_after_a_reload(app_storage: Storage, app: Flask, make, candidate, login_as) -> None:  # type: ignore[no-untyped-def]
    upload = make.upload(owner=candidate)
    data = recording(10 * KB)
    parts = split(data, KB)
    first_tab = Recorder(login_as(candidate), upload.public_id)
    for index in (0, 1, 2, 5):
        first_tab.put(index, parts[index])

    # the page reloads: the recorder's memory is gone, the browser keeps its session cookie;
    # the new page asks what the server holds and sends the rest
    reloaded = Recorder(first_tab.client, upload.public_id)
    held = {c["index"]: c["sha256"] for c in reloaded.status().json["received"]}
    assert held == {i: sha(parts[i]) for i in (0, 1, 2, 5)}
    for index, part in enumerate(parts):
        if held.get(index) != sha(part):
            assert reloaded.put(index, part).status_code == 201
    assert reloaded.finalize(len(parts), sha(data)).status_code == 200
    with app_storage.open(keys.original_key(reload(upload).asset)) as reader:
        assert reader.read() == data


def login_as_fresh(app: Flask, user) -> FlaskClient:  # type: ignore[no-untyped-def]
    from tests.conftest import login

    client = app.test_client()
    assert login(client, user.email).status_code == 302
    return client


def test_upload_continues_after_a_restart_of_the_web_process(
    app_storage: Storage, app: Flask, make, candidate, login_as, s3_or_local_config
) -> None:  # type: ignore[no-untyped-def]
    from ksf_b import create_app

    upload = make.upload(owner=candidate)
    data = recording(9 * KB)
    parts = split(data, 3 * KB)
    before = Recorder(login_as(candidate), upload.public_id)
    before.put(0, parts[0])
    before.put(2, parts[2])

    restarted = create_app(
        "testing",
        SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
        **s3_or_local_config(app_storage),
    )
    after = Recorder(login_as_fresh(restarted, candidate), upload.public_id)
    assert [c["index"] for c in after.status().json["received"]] == [0, 2]
    assert after.put(2, parts[2]).status_code == 200  # the new process knows it already
    assert after.put(1, parts[1]).status_code == 201
    done = after.finalize(3, sha(data))
    assert done.status_code == 200, done.json
    with restarted.app_context():
        asset = db.session.scalar(select(MediaAsset).where(MediaAsset.id == upload.asset_id))
        assert asset.original_sha256 == sha(data)
        db.session.remove()
    with app_storage.open(keys.original_key(asset)) as reader:
        assert reader.read() == data


@pytest.fixture
def s3_or_local_config():  # type: ignore[no-untyped-def]
    """Config of a second web process that uses the same storage as `app_storage`."""
    from media.s3 import S3Storage
    from media.storage import LocalStorage

    def config(storage: Storage) -> dict:
        if isinstance(storage, LocalStorage):
            return {"STORAGE_BACKEND": "local", "STORAGE_LOCAL_ROOT": storage.root}
        assert isinstance(storage, S3Storage)
        return {
            "STORAGE_BACKEND": "s3",
            "S3_BUCKET": storage.bucket,
            "S3_ENDPOINT_URL": storage.endpoint_url,
            "S3_REGION": storage.region,
            "S3_ACCESS_KEY_ID": "testing",
            "S3_SECRET_ACCESS_KEY": "testing",
        }

    return config


class RecordingStream(io.BytesIO):
    """A request body that remembers the largest single read asked of it."""

    largest_read = 0

    def read(self, size: int | None = -1) -> bytes:
        self.largest_read = max(self.largest_read, size if size and size > 0 else 1 << 62)
        return super().read(size)


def test_put_chunk_streams_the_body_in_blocks(app_ctx, make, candidate) -> None:  # type: ignore[no-untyped-def]
    upload = make.upload(owner=candidate)
    data = recording(5 * 1024 * KB)
    body = RecordingStream(data)
    created, chunk = uploads.put_chunk(upload, 0, body, sha(data), len(data))
    assert created and chunk.size == len(data)
    assert body.largest_read <= 1024 * KB + 1  # never the whole body at once


def test_open_upload_creates_an_uploading_asset(app_ctx, make, candidate) -> None:  # type: ignore[no-untyped-def]
    upload = uploads.open_upload(candidate, AssetKind.SCENARIO, 1000)
    assert upload.state is UploadState.OPEN
    assert upload.asset.status is AssetStatus.UPLOADING
    assert upload.asset.kind is AssetKind.SCENARIO
    assert upload.asset.owner_id == candidate.id


@pytest.mark.parametrize("damage", ["changed", "deleted"])
def test_chunk_damaged_in_storage_is_asked_for_again(
    recorder: Recorder, app_storage: Storage, upload, damage: str
) -> None:  # type: ignore[no-untyped-def]
    data = recording(6000)
    parts = split(data, 2000)
    for i, part in enumerate(parts):
        recorder.put(i, part)
    key = reload(upload).chunks[1].storage_key
    if damage == "changed":
        app_storage.save(key, io.BytesIO(b"bit rot" + parts[1][7:]))
    else:
        app_storage.delete(key)
    answer = recorder.finalize(3, sha(data))
    assert answer.status_code == 409
    assert answer.json["missing"] == [1]
    assert [c["index"] for c in recorder.status().json["received"]] == [0, 2]
    assert recorder.put(1, parts[1]).status_code == 201
    assert recorder.finalize(3, sha(data)).status_code == 200


class RacingBody(io.BytesIO):
    """A body whose last read lets a parallel request store the same index first."""

    def __init__(self, data: bytes, rival) -> None:  # type: ignore[no-untyped-def]
        super().__init__(data)
        self.rival = rival

    def read(self, size: int | None = -1) -> bytes:
        block = super().read(size)
        if not block and self.rival:
            rival, self.rival = self.rival, None
            rival()
        return block


def rival_request(storage: Storage, upload: UploadSession, data: bytes):  # type: ignore[no-untyped-def]
    """What a parallel request does: store the object and commit its row (own connection).

    Runs from inside the body's read, which on S3 happens in a boto3 thread: no app context.
    """
    from sqlalchemy.orm import Session

    engine, upload_id = db.engine, upload.id
    key = keys.chunk_key(upload.public_id, 0, sha(data))

    def act() -> None:
        storage.save(key, io.BytesIO(data))
        with Session(engine) as other:
            other.add(
                UploadChunk(
                    upload_id=upload_id, index=0, size=len(data), sha256=sha(data), storage_key=key
                )
            )
            other.commit()

    return act


@pytest.mark.parametrize("rival_data", [b"the rival's body", b"the same body!"])
def test_race_for_one_index(app_storage: Storage, make, candidate, rival_data: bytes) -> None:  # type: ignore[no-untyped-def]
    upload = make.upload(owner=candidate)
    mine = b"the same body!"
    body = RacingBody(mine, rival_request(app_storage, upload, rival_data))
    if rival_data == mine:
        created, chunk = uploads.put_chunk(upload, 0, body, sha(mine), len(mine))
        assert not created and chunk.sha256 == sha(mine)
        assert app_storage.exists(chunk.storage_key)
        return
    with pytest.raises(uploads.UploadConflict):
        uploads.put_chunk(upload, 0, body, sha(mine), len(mine))
    assert not app_storage.exists(keys.chunk_key(upload.public_id, 0, sha(mine)))
    with app_storage.open(keys.chunk_key(upload.public_id, 0, sha(rival_data))) as reader:
        assert reader.read() == rival_data  # the winner's bytes are untouched
