"""Audio evidence per chat or call over HTTP, through the real media pipeline and real ffmpeg.

The examiner opens an upload, sends the file with the chunk protocol, attaches it, the job runs
(real ffmpeg), and the recording plays back (HTTP Range locally, a presigned URL on the moto S3
server). Only the assigned examiner and admins may hear it; the candidate never (as for the
other evidence). Bad files end as a Dutch reason on the page, never a 500.
"""

from __future__ import annotations

import hashlib
import urllib.request
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from ksf_b.accounts.models import Role
from ksf_b.extensions import db
from media.jobs import execute
from media.models.asset import AssetStatus, MediaAsset
from media.models.job import Job
from media.storage import LocalStorage, Storage
from practicals import audio
from practicals.models import AudioEvidence, PracticalKind
from tests.ksf_b.journey.support import sign_in
from tests.media.conftest import make_s3_storage, s3_endpoint  # noqa: F401  (fixture)
from tests.media.samples import ffmpeg_args, run
from tests.practicals import support

SECONDS = 4


@pytest.fixture(scope="module")
def call_mp3(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = tmp_path_factory.mktemp("call") / "gesprek.mp3"
    sine = f"sine=frequency=440:duration={SECONDS}"
    run(ffmpeg_args("-f", "lavfi", "-i", sine, "-c:a", "libmp3lame", "-b:a", "64k", str(path)))
    return path.read_bytes()


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def backend(
    request: pytest.FixtureRequest, app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    storage: Storage
    if request.param == "local":
        storage = LocalStorage(tmp_path / "objects")
    else:
        storage = make_s3_storage(request.getfixturevalue("s3_endpoint"))
    monkeypatch.setitem(app.extensions, "ksf_storage", storage)
    return request.param


def token(client: FlaskClient) -> str:
    return client.get("/api/csrf-token").json["csrf_token"]


def post_json(client: FlaskClient, url: str, payload: object):  # type: ignore[no-untyped-def]
    return client.post(url, json=payload, headers={"X-CSRFToken": token(client)})


def upload_audio(client: FlaskClient, obs, data: bytes, name: str = "gesprek.mp3", position=1):  # type: ignore[no-untyped-def]
    """The browser's part: open, PUT the chunk(s), finalize, attach; return the attach answer."""
    opened = post_json(
        client,
        f"/praktijk/{obs.public_id}/onderdeel/{position}/geluid",
        {"filename": name, "size": len(data)},
    )
    assert opened.status_code == 201, opened.get_data(as_text=True)
    upload_url = opened.json["upload_url"]
    half = len(data) // 2
    for index, chunk in enumerate((data[:half], data[half:])):
        put = client.put(
            f"{upload_url}/chunks/{index}",
            data=chunk,
            headers={
                "Content-Type": "application/octet-stream",
                "X-Chunk-Sha256": hashlib.sha256(chunk).hexdigest(),
                "X-CSRFToken": token(client),
            },
        )
        assert put.status_code == 201, put.get_data(as_text=True)
    done = post_json(
        client,
        f"{upload_url}/finalize",
        {"chunk_count": 2, "sha256": hashlib.sha256(data).hexdigest(), "mime": "audio/mpeg"},
    )
    assert done.status_code == 200, done.get_data(as_text=True)
    return post_json(
        client, opened.json["attach_url"], {"upload_id": opened.json["upload_id"], "filename": name}
    )


def run_jobs() -> None:
    for job in db.session.scalars(select(Job).where(Job.status == "queued")).all():
        execute(job.id, "test-worker")
    db.session.expire_all()


def test_examiner_uploads_a_call_and_examiner_and_admin_play_it_back(
    app: Flask, client: FlaskClient, make, backend: str, call_mp3: bytes
) -> None:
    examiner = make.user(Role.ASSESSOR)
    obs = support.observation(make, PracticalKind.PHONE, examiner=examiner)
    sign_in(client, examiner)
    attached = upload_audio(client, obs, call_mp3)
    assert attached.status_code == 200, attached.get_data(as_text=True)
    assert "verwerkt" in attached.json["message"]
    run_jobs()
    evidence = db.session.scalar(select(AudioEvidence))
    asset = evidence.asset
    assert (evidence.entry.position, evidence.filename) == (1, "gesprek.mp3")
    assert asset.status is AssetStatus.READY, asset.failure_reason
    assert asset.audio_codec == "aac" and asset.processed_key.endswith(".m4a")
    status = client.get(attached.json["status_url"])
    audio_url = f"/media/assets/{asset.public_id}/audio"
    assert status.json["audio_url"] == audio_url and status.json["video_url"] is None
    page = client.get(f"/praktijk/{obs.public_id}").get_data(as_text=True)
    assert f'src="{audio_url}"' in page and "klaar om af te spelen" in page
    played = client.get(audio_url, headers={"Range": "bytes=0-99"})
    if backend == "local":
        assert played.status_code == 206 and played.mimetype == "audio/mp4"
        assert len(played.data) == 100 and played.data[4:8] == b"ftyp"
        assert played.headers["Content-Range"].endswith(f"/{asset.processed_size}")
    else:
        assert played.status_code == 302
        with urllib.request.urlopen(played.headers["Location"]) as answer:
            body = answer.read()
        assert hashlib.sha256(body).hexdigest() == asset.processed_sha256
    admin = make.user(Role.ADMIN)
    sign_in(client, admin)
    assert client.get(audio_url).status_code in (200, 302)
    detail = client.get(f"/beheer/praktijk/{obs.public_id}").get_data(as_text=True)
    assert f'src="{audio_url}"' in detail


def test_only_the_assigned_examiner_and_admins_may_hear_it(
    app: Flask, client: FlaskClient, make, call_mp3: bytes
) -> None:
    examiner = make.user(Role.ASSESSOR)
    obs = support.observation(make, PracticalKind.CHAT, examiner=examiner)
    sign_in(client, examiner)
    assert upload_audio(client, obs, call_mp3, position=2).status_code == 200
    run_jobs()
    asset = db.session.scalar(select(AudioEvidence)).asset
    url = f"/media/assets/{asset.public_id}/audio"
    assert client.get(url).status_code == 200
    sign_in(client, obs.candidate)  # the candidate's own observation: evidence stays hidden
    assert client.get(url).status_code == 404
    assert client.get(f"/media/assets/{asset.public_id}").status_code == 404
    sign_in(client, make.user(Role.ASSESSOR))  # another examiner
    assert client.get(url).status_code == 404
    other_attach = post_json(
        client,
        f"/praktijk/{obs.public_id}/onderdeel/1/geluid",
        {"filename": "x.mp3", "size": 10},
    )
    assert other_attach.status_code == 404
    client.post("/accounts/logout", data={"csrf_token": token(client)})
    assert client.get(url).status_code == 401


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        (
            "document.mp3",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n",
            "geen leesbare geluidsopname",
        ),
        ("stil.mp3", b"\x00" * 2048, "geen leesbare geluidsopname"),
    ],
)
def test_a_bad_file_shows_a_dutch_reason_and_keeps_the_original(
    app: Flask, client: FlaskClient, make, name: str, data: bytes, words: str
) -> None:
    examiner = make.user(Role.ASSESSOR)
    obs = support.observation(make, PracticalKind.PHONE, examiner=examiner)
    sign_in(client, examiner)
    assert upload_audio(client, obs, data, name=name).status_code == 200
    run_jobs()
    asset = db.session.scalar(select(AudioEvidence)).asset
    assert asset.status is AssetStatus.FAILED and words in asset.failure_reason
    page = client.get(f"/praktijk/{obs.public_id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "verwerking mislukt" in text and words in text and "originele bestand is bewaard" in text
    assert client.get(f"/media/assets/{asset.public_id}/audio").status_code == 404
    from media.storage import get_storage

    assert get_storage().exists(asset.original_key)


def test_bad_requests_are_dutch_4xx(app: Flask, client: FlaskClient, make) -> None:
    examiner = make.user(Role.ASSESSOR)
    obs = support.observation(make, PracticalKind.PHONE, examiner=examiner)
    sign_in(client, examiner)
    url = f"/praktijk/{obs.public_id}/onderdeel/1/geluid"
    empty = post_json(client, url, {"filename": "leeg.mp3", "size": 0})
    assert empty.status_code == 422 and "leeg (0 bytes)" in empty.json["error"]
    huge = post_json(client, url, {"filename": "groot.mp3", "size": 10**12})
    assert huge.status_code == 422 and "te groot" in huge.json["error"]
    assert post_json(client, url, {"size": 10}).status_code == 422
    assert post_json(client, url, ["nee"]).status_code == 400
    missing = post_json(
        client, f"/praktijk/{obs.public_id}/onderdeel/9/geluid", {"filename": "a.mp3", "size": 5}
    )
    assert missing.status_code == 404
    attach = f"/praktijk/{obs.public_id}/onderdeel/1/geluid/koppelen"
    assert post_json(client, attach, {"upload_id": "onbekend"}).status_code == 404
    assert post_json(client, attach, {}).status_code == 400
    opened = post_json(client, url, {"filename": "half.mp3", "size": 5})
    unfinished = post_json(client, attach, {"upload_id": opened.json["upload_id"]})
    assert unfinished.status_code == 422 and "nog niet afgerond" in unfinished.json["error"]


def test_a_live_recording_opens_without_a_size_but_not_without_a_name(
    app: Flask, client: FlaskClient, make
) -> None:
    """The browser recorder opens its upload before a byte exists (`live`); a file needs one."""
    obs = support.observation(make, PracticalKind.PHONE)
    sign_in(client, obs.examiner)
    url = f"/praktijk/{obs.public_id}/onderdeel/1/geluid"
    live = post_json(client, url, {"filename": "opname.webm", "live": True})
    assert live.status_code == 201 and live.json["max_bytes"] == audio.max_bytes()
    assert post_json(client, url, {"filename": "opname.webm"}).status_code == 422
    assert post_json(client, url, {"filename": "opname.webm", "live": "ja"}).status_code == 422
    assert post_json(client, url, {"filename": " ", "live": True}).status_code == 422


def test_a_signed_off_checklist_takes_no_recording(app: Flask, client: FlaskClient, make) -> None:
    obs = support.signed_off(make, PracticalKind.PHONE)
    sign_in(client, obs.examiner)
    answer = post_json(
        client, f"/praktijk/{obs.public_id}/onderdeel/1/geluid", {"filename": "a.mp3", "size": 5}
    )
    assert answer.status_code == 409 and answer.json["code"] == "locked"
    assert db.session.scalar(select(MediaAsset)) is None
