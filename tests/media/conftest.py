"""Fixtures shared by the media tests: an S3 API server on loopback and storage backends."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator

import pytest
from flask import Flask

from media.s3 import S3Storage
from media.storage import LocalStorage, Storage
from tests.media.samples import media_samples  # noqa: F401  (sample media fixture)
from tests.support.services import s3_server


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on loopback, one per test session."""
    with s3_server() as url:
        yield url


def make_s3_storage(
    endpoint: str, bucket: str | None = None, single_put_max_bytes: int = 5 * 1024 * 1024
) -> S3Storage:
    """Return an S3Storage on a fresh bucket of the loopback server (by default anything over
    one 5 MiB part goes up as a multipart upload, so the contract suite exercises it)."""
    storage = S3Storage(
        bucket=bucket or f"ksf-test-{uuid.uuid4().hex[:12]}",
        endpoint_url=endpoint,
        region="eu-west-1",
        access_key_id="testing",
        secret_access_key="testing",
        multipart_chunk_bytes=5 * 1024 * 1024,  # S3's minimum part size: many parts in tests
        single_put_max_bytes=single_put_max_bytes,
    )
    storage.ensure_bucket()
    return storage


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def storage(request: pytest.FixtureRequest, tmp_path) -> Storage:  # type: ignore[no-untyped-def]
    """Each storage backend in turn: a temp folder, and a fresh bucket on the S3 server."""
    if request.param == "local":
        return LocalStorage(tmp_path / "objects")
    return make_s3_storage(request.getfixturevalue("s3_endpoint"))


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def app_storage(
    request: pytest.FixtureRequest, app: Flask, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> Storage:  # type: ignore[no-untyped-def]
    """Run a test of the web app on each backend (the app's storage is swapped for the test)."""
    if request.param == "local":
        backend: Storage = LocalStorage(tmp_path / "objects")
    else:
        backend = make_s3_storage(request.getfixturevalue("s3_endpoint"))
    monkeypatch.setitem(app.extensions, "ksf_storage", backend)
    return backend


@pytest.fixture(scope="session")
def sample_mp4(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real 2-second H.264/AAC faststart MP4 made by ffmpeg (test pattern and a tone)."""
    path = tmp_path_factory.mktemp("media") / "sample.mp4"
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", "2", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-movflags", "+faststart", str(path),
        ],
        check=True,
    )  # fmt: skip
    return path.read_bytes()


@pytest.fixture(scope="session")
def sample_jpeg(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real JPEG poster frame made by ffmpeg."""
    path = tmp_path_factory.mktemp("media") / "poster.jpg"
    subprocess.run(
        [
            "ffmpeg", "-nostdin", "-loglevel", "error",
            "-f", "lavfi", "-i", "testsrc=size=320x240:rate=1", "-frames:v", "1", str(path),
        ],
        check=True,
    )  # fmt: skip
    return path.read_bytes()
