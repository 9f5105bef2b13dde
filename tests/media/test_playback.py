"""Playback: status JSON, the processed MP4 with HTTP Range (local) or presigned URL (S3)."""

from __future__ import annotations

import urllib.request

import pytest
from flask.testing import FlaskClient

from ksf_b.accounts.models import Role, User
from media.access import can_view, register_view_policy, unregister_view_policy
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.storage import Storage


@pytest.fixture
def owner(make) -> User:  # type: ignore[no-untyped-def]
    return make.user(Role.CANDIDATE)


@pytest.fixture
def local_asset(app_ctx, make, owner, sample_mp4, sample_jpeg) -> MediaAsset:  # type: ignore[no-untyped-def]
    return make.ready_asset(sample_mp4, poster=sample_jpeg, owner=owner)


def video_url(asset: MediaAsset) -> str:
    return f"/media/assets/{asset.public_id}/video"


def test_status_json(login_as, owner, local_asset) -> None:  # type: ignore[no-untyped-def]
    answer = login_as(owner).get(f"/media/assets/{local_asset.public_id}")
    assert answer.status_code == 200
    assert answer.json["status"] == "ready"
    assert answer.json["video_url"] == video_url(local_asset)
    assert answer.json["poster_url"] == f"/media/assets/{local_asset.public_id}/poster"


def test_whole_video(login_as, owner, local_asset, sample_mp4) -> None:  # type: ignore[no-untyped-def]
    answer = login_as(owner).get(video_url(local_asset))
    assert answer.status_code == 200
    assert answer.mimetype == "video/mp4"
    assert answer.headers["Accept-Ranges"] == "bytes"
    assert answer.data == sample_mp4
    assert "private" in answer.headers["Cache-Control"]


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 100),
        ("bytes=1000-", 1000, None),  # open-ended: a seek
        ("bytes=-500", -500, None),  # suffix: the last 500 bytes
        ("bytes=2000-2000", 2000, 2001),
    ],
)
def test_range_requests_return_exact_bytes(
    login_as, owner, local_asset, sample_mp4, header: str, start: int, end: int | None
) -> None:  # type: ignore[no-untyped-def]
    answer = login_as(owner).get(video_url(local_asset), headers={"Range": header})
    expected = sample_mp4[start:end]
    assert answer.status_code == 206
    assert answer.data == expected
    first = start if start >= 0 else len(sample_mp4) + start
    assert answer.headers["Content-Range"] == (
        f"bytes {first}-{first + len(expected) - 1}/{len(sample_mp4)}"
    )
    assert int(answer.headers["Content-Length"]) == len(expected)


def test_unsatisfiable_range_is_416(login_as, owner, local_asset, sample_mp4) -> None:  # type: ignore[no-untyped-def]
    size = len(sample_mp4)
    answer = login_as(owner).get(video_url(local_asset), headers={"Range": f"bytes={size + 10}-"})
    assert answer.status_code == 416
    assert answer.headers["Content-Range"] == f"bytes */{size}"


def test_poster(login_as, owner, local_asset, sample_jpeg) -> None:  # type: ignore[no-untyped-def]
    answer = login_as(owner).get(f"/media/assets/{local_asset.public_id}/poster")
    assert answer.status_code == 200
    assert answer.mimetype == "image/jpeg"
    assert answer.data == sample_jpeg


def test_other_candidate_gets_404(make, login_as, local_asset) -> None:  # type: ignore[no-untyped-def]
    client = login_as(make.user(Role.CANDIDATE))
    for path in ("", "/video", "/poster"):
        answer = client.get(f"/media/assets/{local_asset.public_id}{path}")
        assert answer.status_code == 404, path
        assert answer.is_json


def test_anonymous_gets_401(client: FlaskClient, local_asset) -> None:  # type: ignore[no-untyped-def]
    for path in ("", "/video", "/poster"):
        answer = client.get(f"/media/assets/{local_asset.public_id}{path}")
        assert answer.status_code == 401, path
        assert answer.is_json and answer.json["error"]


def test_admin_may_view(make, login_as, local_asset, sample_mp4) -> None:  # type: ignore[no-untyped-def]
    answer = login_as(make.user(Role.ADMIN)).get(video_url(local_asset))
    assert answer.status_code == 200 and answer.data == sample_mp4


def test_registered_policy_grants_viewing(make, login_as, local_asset) -> None:  # type: ignore[no-untyped-def]
    assessor = make.user(Role.ASSESSOR)

    def assigned(user: User, asset: MediaAsset) -> bool:
        return user.id == assessor.id and asset.id == local_asset.id

    assert not can_view(assessor, local_asset)
    register_view_policy(AssetKind.RECORDING, assigned)
    try:
        assert can_view(assessor, local_asset)
        assert not can_view(make.user(Role.ASSESSOR), local_asset)
        assert login_as(assessor).get(video_url(local_asset)).status_code == 200
    finally:
        unregister_view_policy(AssetKind.RECORDING, assigned)
    assert not can_view(assessor, local_asset)


def test_policy_of_another_kind_does_not_apply(make, local_asset) -> None:  # type: ignore[no-untyped-def]
    assessor = make.user(Role.ASSESSOR)

    def everyone(_user: User, _asset: MediaAsset) -> bool:
        return True

    register_view_policy(AssetKind.SCENARIO, everyone)
    try:
        assert not can_view(assessor, local_asset)
    finally:
        unregister_view_policy(AssetKind.SCENARIO, everyone)


def test_video_not_ready_yet(make, login_as, owner) -> None:  # type: ignore[no-untyped-def]
    asset = make.media_asset(owner=owner, status=AssetStatus.PROCESSING)
    client = login_as(owner)
    status = client.get(f"/media/assets/{asset.public_id}")
    assert status.json["status"] == "processing" and status.json["video_url"] is None
    answer = client.get(video_url(asset))
    assert answer.status_code == 404
    assert "nog niet beschikbaar" in answer.json["error"]
    assert client.get(f"/media/assets/{asset.public_id}/poster").status_code == 404


def test_failed_asset_shows_its_reason(make, login_as, owner) -> None:  # type: ignore[no-untyped-def]
    asset = make.media_asset(
        owner=owner, status=AssetStatus.FAILED, failure_reason="Geen videospoor gevonden."
    )
    answer = login_as(owner).get(f"/media/assets/{asset.public_id}")
    assert answer.json["status"] == "failed"
    assert answer.json["failure_reason"] == "Geen videospoor gevonden."


@pytest.mark.s3
@pytest.mark.parametrize("app_storage", ["s3"], indirect=True)
def test_s3_redirects_to_a_short_lived_url_that_serves_ranges(
    app, app_storage: Storage, make, login_as, owner, sample_mp4
) -> None:  # type: ignore[no-untyped-def]
    asset = make.ready_asset(sample_mp4, owner=owner)
    answer = login_as(owner).get(video_url(asset))
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert f"X-Amz-Expires={app.config['S3_PRESIGN_SECONDS']}" in location
    with urllib.request.urlopen(location, timeout=10) as response:
        assert response.read() == sample_mp4
    ranged = urllib.request.Request(location, headers={"Range": "bytes=100-199"})
    with urllib.request.urlopen(ranged, timeout=10) as response:
        assert response.status == 206
        assert response.read() == sample_mp4[100:200]
