"""Queue engine selection and its health check."""

from __future__ import annotations

from pathlib import Path

import pytest
from huey import RedisHuey, SqliteHuey

from media import queue as media_queue
from tests.support.services import redis_server


def test_sqlite_url_gives_an_embedded_huey(tmp_path: Path) -> None:
    huey = media_queue.build_huey(f"sqlite:///{tmp_path}/q/queue.sqlite3")
    assert isinstance(huey, SqliteHuey)
    assert (tmp_path / "q").is_dir()


def test_redis_url_gives_a_redis_huey() -> None:
    assert isinstance(media_queue.build_huey("redis://127.0.0.1:1/0"), RedisHuey)


def test_an_unknown_scheme_is_refused() -> None:
    with pytest.raises(ValueError, match="QUEUE_URL"):
        media_queue.build_huey("amqp://localhost/")


def test_health_of_the_embedded_queue() -> None:
    ok, detail = media_queue.queue_health()
    assert ok is True and detail.startswith("sqlite ")


def test_health_reports_an_unreachable_redis() -> None:
    original = media_queue.current_url()
    media_queue.configure("redis://127.0.0.1:1/0")  # nothing listens on port 1
    try:
        assert media_queue.queue_health()[0] is False
    finally:
        media_queue.configure(original)


@pytest.mark.redis
def test_health_of_a_running_redis() -> None:
    original = media_queue.current_url()
    with redis_server() as url:
        media_queue.configure(url)
        try:
            assert media_queue.queue_health() == (True, f"redis 127.0.0.1:{url.split(':')[2][:-2]}")
        finally:
            media_queue.configure(original)
