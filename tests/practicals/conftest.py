"""Fixtures shared by the practicals' tests."""

from tests.media.conftest import s3_endpoint  # noqa: F401  (fixture of the backend fixture)
from tests.practicals.test_audio import backend, call_mp3  # noqa: F401  (fixtures)
