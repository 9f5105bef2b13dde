"""Direct mode in a real Chromium: a take's chunks go from the browser straight to S3.

The app on S3 storage (moto's S3 server on loopback, another origin than the site, so the
browser's CORS preflight is real) hands out presigned PUT URLs; the recorder PUTs every chunk
to the store, finalize assembles them from the listing and the real media worker processes
the take. The app itself receives no chunk body.
"""

from __future__ import annotations

import hashlib
import json
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


def store_md5(storage: S3Storage, upload_id: str, index: int) -> str:
    """The MD5 of a chunk object as it is in the bucket (it equals the object's ETag)."""
    key = f"uploads/{upload_id}/chunk-{index:06d}"
    digest = hashlib.md5(storage.open(key).read()).hexdigest()
    etag = storage.client.head_object(Bucket=storage.bucket, Key=key)["ETag"]
    assert etag.strip('"') == digest  # a single PutObject: S3's ETag is the body's MD5
    return digest


def store_md5s(storage: S3Storage, upload_id: str, count: int) -> list[str]:
    return [store_md5(storage, upload_id, index) for index in range(count)]


def file_md5s(chunk_size: int = 1024 * 1024) -> list[str]:
    """The MD5 of each 1 MB chunk of the page's test file (MAKE_FILE in test_exam_upload)."""
    from tests.browser.test_exam_upload import file_bytes

    data = file_bytes()
    starts = range(0, len(data), chunk_size)
    return [hashlib.md5(data[start : start + chunk_size]).hexdigest() for start in starts]


def capture_finalize(page, storage: S3Storage) -> list[tuple[dict, list[str]]]:  # type: ignore[no-untyped-def]
    """Each finalize request's JSON, with the MD5s of the chunk objects in the bucket read just
    before the request goes on (after a successful finalize the server deletes them)."""
    seen: list[tuple[dict, list[str]]] = []

    def on_finalize(route):  # type: ignore[no-untyped-def]
        body = json.loads(route.request.post_data)
        upload_id = route.request.url.rsplit("/", 2)[-2]
        seen.append((body, store_md5s(storage, upload_id, body["chunk_count"])))
        route.continue_()

    page.route("**/media/uploads/*/finalize", on_finalize)
    return seen


def test_a_take_goes_straight_to_s3_and_ends_processed(
    direct_s3: S3Storage, media_worker, page, app, db, live_server, at_first_scenario
):  # type: ignore[no-untyped-def]
    assert os.environ["STORAGE_BACKEND"] == "s3"
    s3_origin = direct_s3.endpoint_url
    finalizes = capture_finalize(page, direct_s3)
    seen: list[tuple[str, str]] = []
    page.on("request", lambda request: seen.append((request.method, request.url)))
    failed: list[str] = []
    page.on(
        "requestfailed",
        lambda request: failed.append(
            (request.method, request.url.split("?")[0][-14:], request.failure)
        ),
    )
    answers: list = []
    page.on("response", lambda r: answers.append(r) if r.url.endswith("/finalize") else None)

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
    # no chunk PUT, target or finalize failed (a status poll the page itself aborts when it
    # re-renders the panel is a GET ending in the take's id: not a failure of the upload)
    assert [f for f in failed if f[0] != "GET"] == []

    db.session.expire_all()
    take = db.session.query(Take).filter_by(public_id=take_id).one()
    upload = db.session.query(UploadSession).filter_by(public_id=take.upload_id).one()
    assert upload.state is UploadState.FINALIZED
    assert upload.chunk_count == len(upload.chunks) <= len(store_puts)
    # one finalize (the running hash), with each chunk's MD5 as it is in the bucket
    [(body, in_store)] = finalizes
    assert body["chunk_count"] == upload.chunk_count
    assert body["chunk_md5"] == in_store and len(in_store) == upload.chunk_count
    assert all(
        chunk.storage_key.startswith(f"uploads/{upload.public_id}/") for chunk in upload.chunks
    )
    [answer] = [json.loads(r.body()) for r in answers]
    assert answer["assembled"] is False  # the store's ETags vouched: the job assembles
    [asset] = wait_for_assets(app, [take.asset_id])
    assert direct_s3.size(asset.original_key) == upload.size  # the original is in the bucket
    assert asset.original_sha256 == upload.sha256  # the job's SHA-256 is the browser's
    assert direct_s3.list_prefix(f"uploads/{upload.public_id}/") == []  # chunks deleted
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
    finalizes = capture_finalize(page, direct_s3)
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
    # both finalizes carry the MD5s of the file's chunks; at the first one chunk 1 in the
    # bucket was the damaged body, at the second (after the resend) all three match
    wanted = file_md5s()
    [(first, first_store), (second, second_store)] = finalizes
    assert first["chunk_md5"] == second["chunk_md5"] == wanted
    assert [first_store[0], first_store[2]] == [wanted[0], wanted[2]]
    assert first_store[1] != wanted[1] and second_store == wanted


def test_upload_file_resumes_by_md5_and_resends_a_chunk_of_the_same_size(
    direct_s3: S3Storage, page, db, make
):  # type: ignore[no-untyped-def]
    """A held direct chunk counts as sent when its `md5` in the status equals the chunk's MD5:
    chunk 0 is skipped; chunk 1, held with other bytes of the same size, is sent again at
    once (comparing sizes would skip it and learn of it only from a 422 at finalize)."""
    from ksf_b.accounts.models import Role
    from media.models.asset import AssetKind
    from tests.browser.conftest import login_page
    from tests.browser.test_exam_upload import IMPORT, MAKE_FILE

    admin = make.user(role=Role.ADMIN)
    upload = make.upload(owner=admin, kind=AssetKind.SCENARIO)
    url = f"/media/uploads/{upload.public_id}"
    login_page(page, admin)

    def status_with_md5(route):  # type: ignore[no-untyped-def]
        # the status as the server gives it in direct mode: `md5` per held chunk (the ETag)
        response = route.fetch()
        body = response.json()
        for item in body["received"]:
            item["md5"] = store_md5(direct_s3, upload.public_id, item["index"])
        route.fulfill(response=response, json=body)

    page.route(lambda address: address.endswith(url), status_with_md5)
    store_puts: list[str] = []
    page.on(
        "request",
        lambda r: (
            store_puts.append(r.url.split("?")[0].rsplit("-", 1)[1])
            if r.method == "PUT" and r.url.startswith(direct_s3.endpoint_url)
            else None
        ),
    )
    finalizes = capture_finalize(page, direct_s3)
    answer = page.evaluate(
        f"""async (url) => {{ {IMPORT} {MAKE_FILE}
        const up = new m.ChunkUploader(url, {{ chunkSize: 1024 * 1024, baseDelayMs: 50 }});
        // an earlier attempt left chunk 0 and a wrong chunk 1 of the right size in the store
        await up.putChunk(0, await file.slice(0, 1024 * 1024).arrayBuffer());
        await up.putChunk(1, new Uint8Array(1024 * 1024).fill(120));
        const held = await up.received();
        if (!/^[0-9a-f]{{32}}$/.test(held.get(1).md5)) throw new Error("no md5 kept");
        return up.uploadFile(file); }}""",
        url,
    )
    assert answer["state"] == "finalized"
    assert store_puts == ["000000", "000001", "000001", "000002"]  # 1 again before 2
    [(body, in_store)] = finalizes  # no 422 `damaged` round
    assert body["chunk_md5"] == in_store == file_md5s()


def test_store_fallback_sends_stored_md5s_and_computes_missing_ones(
    direct_s3: S3Storage, page, db, make
):  # type: ignore[no-untyped-def]
    """TakeSync without a running hash (after a reload): the MD5s come from the IndexedDB chunk
    records; a chunk recorded before they were kept (no `md5`) gets one from its bytes."""
    from ksf_b.accounts.models import Role
    from media.models.asset import AssetKind
    from tests.browser.conftest import login_page
    from tests.browser.test_exam_upload import IMPORT, MAKE_FILE

    admin = make.user(role=Role.ADMIN)
    upload = make.upload(owner=admin, kind=AssetKind.SCENARIO)
    login_page(page, admin)
    finalizes = capture_finalize(page, direct_s3)
    stats = page.evaluate(
        f"""async (url) => {{ {IMPORT} {MAKE_FILE}
        const {{ RecordingStore }} = await import('/static/js/recording-store.js');
        const {{ TakeSync, finalizeStats }} = await import('/static/js/recorder.js');
        const store = await RecordingStore.open("ksf-md5-test");
        const takeId = "md5-take";
        await store.putTake({{ takeId, owner: "md5", uploadUrl: url, mime: "video/mp4",
          stopped: true, finalized: false }});
        for (let index = 0; index < 3; index++) {{
          const mb = 1024 * 1024;
          const bytes = await file.slice(index * mb, (index + 1) * mb).arrayBuffer();
          const chunk = {{ takeId, index, bytes, sha256: await m.sha256Hex(bytes), sent: false }};
          if (index !== 1) chunk.md5 = m.md5Hex(bytes);  // chunk 1: stored before md5 was kept
          await store.putChunk(chunk);
        }}
        const sync = new TakeSync({{ store, takeId, uploadUrl: url, mime: "video/mp4" }});
        const answer = await sync.finalize();
        const left = (await store.chunks(takeId)).length;
        return {{ state: answer.state, ...finalizeStats, left }}; }}""",
        f"/media/uploads/{upload.public_id}",
    )
    assert stats == {"state": "finalized", "runningHash": 0, "storeHash": 1, "runningRefused": 0,
                     "left": 0}  # fmt: skip
    [(body, in_store)] = finalizes
    assert body["chunk_count"] == 3
    assert body["chunk_md5"] == in_store == file_md5s()
