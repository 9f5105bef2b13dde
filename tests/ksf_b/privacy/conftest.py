"""The storage backends of the media tests (a temp folder and moto's S3 on loopback)."""

from tests.media.conftest import app_storage, s3_endpoint, sample_mp4  # noqa: F401
