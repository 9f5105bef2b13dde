"""Direct mode in a real Chromium: a take's chunks go from the browser straight to S3.

The app on S3 storage (moto's S3 server on loopback, another origin than the site, so the
browser's CORS preflight is real) hands out presigned PUT URLs; the recorder PUTs every chunk
to the store, finalize assembles them from the listing and the real media worker processes
the take. The app itself receives no chunk body.
"""

from __future__ import annotations

import os
import uuid

import pytest

from ksf_b.assessment.models import Take
from media.models.asset import AssetStatus
from media.models.upload import UploadSession, UploadState
from media.s3 import S3Storage
from tests.browser.conftest import panel_phase, probe_processed, wait_for_assets
from tests.support.services import s3_server

pytestmark = pytest.mark.s3


@pytest.fixture(scope="module")
def direct_s3(app, live_server):  # type: ignore[no-untyped-def]
    """The live app (and, through the environment, the media worker) on a fresh S3 bucket."""
    with s3_server() as endpoint, pytest.MonkeyPatch.context() as patch:
        settings = {
            "STORAGE_BACKEND": "s3",
            "S3_ENDPOINT_URL": endpoint,
            "S3_BUCKET": f"ksf-direct-{uuid.uuid4().hex[:8]}",
            "S3_REGION": "eu-west-1",
            "S3_ACCESS_KEY_ID": "testing",
            "S3_SECRET_ACCESS_KEY": "testing",
            "UPLOAD_DIRECT": "auto",
            # the worker ensures the bucket too when it starts: the same CORS rule, please
            "S3_CORS_ORIGINS": live_server.url,
        }
        storage = S3Storage(
            bucket=settings["S3_BUCKET"],
            endpoint_url=endpoint,
            region="eu-west-1",
            access_key_id="testing",
            secret_access_key="testing",
        )
        storage.ensure_bucket(cors_origins=[live_server.url])
        for name, value in settings.items():
            patch.setitem(app.config, name, value)
            patch.setenv(name, value)  # read by the media worker started after this
        patch.setitem(app.extensions, "ksf_storage", storage)
        yield storage


def test_a_take_goes_straight_to_s3_and_ends_processed(
    direct_s3: S3Storage, media_worker, page, app, db, live_server, at_first_scenario
):  # type: ignore[no-untyped-def]
    assert os.environ["STORAGE_BACKEND"] == "s3"
    s3_origin = direct_s3.endpoint_url
    seen: list[tuple[str, str]] = []
    page.on("request", lambda request: seen.append((request.method, request.url)))
    failed: list[str] = []
    page.on(
        "requestfailed",
        lambda request: failed.append(
            (request.method, request.url.split("?")[0][-14:], request.failure)
        ),
    )

    page.locator("[data-action=record]:visible").click()
    panel_phase(page, "recording")
    take_id = page.locator("#take-panel").get_attribute("data-take-id")
    page.wait_for_timeout(7000)
    page.get_by_role("button", name="Stop opname").click()
    page.locator("#take-panel[data-take-state=saved]").wait_for(state="attached", timeout=60_000)

    store_puts = [url for method, url in seen if method == "PUT" and url.startswith(s3_origin)]
    app_puts = [url for method, url in seen if method == "PUT" and url.startswith(live_server.url)]
    targets = [url for method, url in seen if url.endswith("/chunk-targets")]
    assert app_puts == []  # no chunk body through the app
    assert len(store_puts) >= 3 and targets  # a 7-second take: several 2-second chunks
    assert all("X-Amz-Signature=" in url for url in store_puts)
    assert failed == []

    db.session.expire_all()
    take = db.session.query(Take).filter_by(public_id=take_id).one()
    upload = db.session.query(UploadSession).filter_by(public_id=take.upload_id).one()
    assert upload.state is UploadState.FINALIZED
    assert upload.chunk_count == len(upload.chunks) <= len(store_puts)
    assert all(
        chunk.storage_key.startswith(f"uploads/{upload.public_id}/") for chunk in upload.chunks
    )
    asset = upload.asset
    assert direct_s3.size(asset.original_key) == upload.size  # the original is in the bucket
    [asset] = wait_for_assets(app, [take.asset_id])
    assert asset.status is AssetStatus.READY, asset.failure_reason
    assert direct_s3.exists(asset.processed_key)
    probe = probe_processed(app, asset)
    assert {s["codec_type"] for s in probe["streams"]} == {"video", "audio"}


def test_upload_file_direct_resigns_on_403_and_resends_a_damaged_chunk(
    direct_s3: S3Storage, page, db, make
):  # type: ignore[no-untyped-def]
    """ChunkUploader.uploadFile in direct mode: an expired URL (403 from the store) is signed
    again, a chunk that reached the store damaged is named by finalize and sent again."""
    import hashlib

    from ksf_b.accounts.models import Role
    from media.models.asset import AssetKind
    from tests.browser.conftest import login_page
    from tests.browser.test_exam_upload import IMPORT, MAKE_FILE, file_bytes

    admin = make.user(role=Role.ADMIN)
    upload = make.upload(owner=admin, kind=AssetKind.SCENARIO)
    login_page(page, admin)
    store_puts: list[str] = []
    done: set[str] = set()

    def store(route):  # type: ignore[no-untyped-def]
        request = route.request
        if request.method != "PUT":
            return route.continue_()
        index = request.url.split("?")[0].rsplit("-", 1)[1]
        store_puts.append(index)
        if index == "000002" and "403" not in done:  # an expired URL
            done.add("403")
            return route.fulfill(status=403, body="<Error><Code>AccessDenied</Code></Error>")
        if index == "000001" and "damage" not in done:  # bytes changed on the way
            done.add("damage")
            return route.continue_(post_data=b"x" * len(request.post_data_buffer))
        return route.continue_()

    page.route(f"{direct_s3.endpoint_url}/**", store)
    result = page.evaluate(
        f"""async (url) => {{ {IMPORT} {MAKE_FILE}
        const up = new m.ChunkUploader(url, {{ chunkSize: 1024 * 1024, baseDelayMs: 50 }});
        const retries = [];
        up.addEventListener("retry", (e) => retries.push(e.detail.status));
        const answer = await up.uploadFile(file);
        return {{ answer, retries, direct: up.direct }}; }}""",
        f"/media/uploads/{upload.public_id}",
    )
    assert result["direct"] is True
    assert result["answer"]["state"] == "finalized"
    assert result["answer"]["sha256"] == hashlib.sha256(file_bytes()).hexdigest()
    assert result["retries"] == [403]
    # chunk 2 twice (403, then with a fresh URL), chunk 1 again after finalize named it
    assert sorted(store_puts) == ["000000", "000001", "000001", "000002", "000002"]
    db.session.expire_all()
    assert upload.state is UploadState.FINALIZED and upload.chunk_count == 3
