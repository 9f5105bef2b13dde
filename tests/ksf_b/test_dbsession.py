"""A connection that dies after the view has answered must not turn the answer into a 500.

Found by the fault suite: PostgreSQL stopped (fast shutdown) between a view's last query and
the end of the request, Flask-SQLAlchemy's teardown ROLLBACK raised, and gunicorn answered with
its own English 500 page. Here the backend is terminated for real from a second connection.
"""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select, text

from ksf_b import create_app
from ksf_b.extensions import db


def _app_whose_view_loses_its_connection(database_url: str):  # type: ignore[no-untyped-def]
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    killer = create_engine(database_url)

    def answered_then_disconnected() -> str:
        backend = db.session.scalar(text("SELECT pg_backend_pid()"))  # opens a transaction
        with killer.connect() as other:
            other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": backend})
        return "answered"

    app.add_url_rule("/_probe/disconnected", view_func=answered_then_disconnected)
    return app, killer


def test_teardown_on_a_dead_connection_keeps_the_answer(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("terminating a backend needs PostgreSQL (run with --postgres)")
    app, killer = _app_whose_view_loses_its_connection(database_url)
    try:
        answer = app.test_client().get("/_probe/disconnected")
        assert answer.status_code == 200 and answer.text == "answered"
        with app.app_context():  # the pool hands out a live connection afterwards
            assert db.session.scalar(select(1)) == 1
    finally:
        killer.dispose()
        with app.app_context():
            db.engine.dispose()
