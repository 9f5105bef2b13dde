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
from media.storage import S3Storage
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
