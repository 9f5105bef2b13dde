"""static/js/chunk-upload.js in a real Chromium against the real upload endpoints.

The admin's scenario upload uses `ChunkUploader.uploadFile(file)`: it slices a File, resumes
from what the server holds, retries a failed chunk with back-off and finalizes with the
whole-file SHA-256 computed incrementally (its own SHA-256 must equal crypto.subtle's).
"""

from __future__ import annotations

import hashlib

from ksf_b.accounts.models import Role
from media.models.asset import AssetKind
from media.models.upload import UploadState
from tests.browser.conftest import login_page

SIZE = 2_500_000  # three 1 MB chunks, the last one short


def file_bytes() -> bytes:
    """The same bytes the page builds: byte i is (i * 31 + 7) mod 251."""
    return bytes((i * 31 + 7) % 251 for i in range(SIZE))


IMPORT = "const m = await import('/static/js/chunk-upload.js');"
MAKE_FILE = f"""
  const bytes = new Uint8Array({SIZE});
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + 7) % 251;
  const file = new File([bytes], "scenario.mp4", {{ type: "video/mp4" }});
"""


def test_incremental_sha256_matches_webcrypto_on_awkward_lengths(page, make):
    login_page(page, make.user(role=Role.ADMIN))
    mismatches = page.evaluate(
        f"""async () => {{ {IMPORT}
        const bad = [];
        for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000003]) {{
          const data = new Uint8Array(n).map((_, i) => (i * 7 + n) % 256);
          const split = Math.floor(n / 3);
          const mine = new m.Sha256().update(data.subarray(0, split))
            .update(data.subarray(split)).hex();
          if (mine !== await m.sha256Hex(data)) bad.push(n);
        }}
        return bad; }}"""
    )
    assert mismatches == []


def test_md5_hex_matches_hashlib_on_awkward_lengths_and_views(page, make):
    """md5Hex (the vendored @noble/hashes md5) on ArrayBuffers and on views into a buffer."""
    login_page(page, make.user(role=Role.ADMIN))
    lengths = [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000003]
    digests = page.evaluate(
        f"""async (lengths) => {{ {IMPORT}
        return lengths.map((n) => {{
          const data = new Uint8Array(n + 5).map((_, i) => (i * 7 + n) % 256);
          const view = data.subarray(3, 3 + n);  // a view with an offset, inside a larger buffer
          return [m.md5Hex(view), m.md5Hex(view.slice().buffer)];
        }}); }}""",
        lengths,
    )
    for n, (of_view, of_buffer) in zip(lengths, digests, strict=True):
        data = bytes((i * 7 + n) % 256 for i in range(n + 5))[3 : 3 + n]
        assert of_view == of_buffer == hashlib.md5(data).hexdigest(), n


def test_upload_file_resumes_retries_and_finalizes(page, db, make):
    admin = make.user(role=Role.ADMIN)
    upload = make.upload(owner=admin, kind=AssetKind.SCENARIO)
    url = f"/media/uploads/{upload.public_id}"
    login_page(page, admin)
    puts: list[str] = []
    failed: list[str] = []

    def flaky(route):  # type: ignore[no-untyped-def]
        # the first PUT of chunk 1 fails with 503: the uploader must try again
        if route.request.method == "PUT":
            puts.append(route.request.url)
            if route.request.url.endswith("/chunks/1") and not failed:
                failed.append(route.request.url)
                return route.fulfill(status=503, body="{}", content_type="application/json")
        return route.continue_()

    page.route("**/media/uploads/**", flaky)
    result = page.evaluate(
        f"""async (url) => {{ {IMPORT} {MAKE_FILE}
        const up = new m.ChunkUploader(url, {{ chunkSize: 1024 * 1024, baseDelayMs: 50 }});
        // a first attempt that sent chunk 0 and then "crashed"
        await up.putChunk(0, await file.slice(0, 1024 * 1024).arrayBuffer());
        const retries = [];
        let progress = 0;
        up.addEventListener("retry", (e) => retries.push(e.detail.status));
        up.addEventListener("progress", (e) => {{ progress = e.detail.fraction; }});
        const answer = await up.uploadFile(file);
        return {{ answer, retries, progress }}; }}""",
        url,
    )
    data = file_bytes()
    assert result["answer"]["state"] == "finalized"
    assert result["answer"]["sha256"] == hashlib.sha256(data).hexdigest()
    assert result["answer"]["size"] == SIZE
    assert result["retries"] == [503]
    assert result["progress"] == 1
    # chunk 0 was not sent again (resumed from the server's list); chunk 1 twice (the retry)
    assert [p.rsplit("/", 1)[1] for p in puts] == ["0", "1", "1", "2"]
    db.session.expire_all()
    assert upload.state is UploadState.FINALIZED and upload.chunk_count == 3


def test_a_conflicting_chunk_is_an_error_not_a_retry(page, make):
    admin = make.user(role=Role.ADMIN)
    upload = make.upload(owner=admin, kind=AssetKind.SCENARIO)
    login_page(page, admin)
    outcome = page.evaluate(
        f"""async (url) => {{ {IMPORT}
        const up = new m.ChunkUploader(url, {{ baseDelayMs: 50 }});
        await up.putChunk(0, new Uint8Array([1, 2, 3]));
        const again = await up.putChunk(0, new Uint8Array([1, 2, 3]));
        try {{ await up.putChunk(0, new Uint8Array([9, 9, 9])); return "accepted"; }}
        catch (error) {{ return [again.created, error.name, error.status]; }} }}""",
        f"/media/uploads/{upload.public_id}",
    )
    assert outcome == [False, "UploadError", 409]
