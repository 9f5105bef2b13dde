"""Ending the request's database session without letting a dead connection turn a finished
answer into a bare 500.

Flask-SQLAlchemy closes the session when the app context ends; closing rolls back the open
transaction. When PostgreSQL went away after the view had run (a restart, a fast shutdown),
that ROLLBACK fails with OperationalError *after* the response was built, outside every error
handler, and gunicorn answers with its own English "Internal Server Error". Nothing is lost by
not rolling back on a connection that no longer exists: the server already discarded the
transaction. So the session is closed here first, and a failure is logged and the session
dropped; Flask-SQLAlchemy's own teardown then finds nothing left to close.
"""

from __future__ import annotations

import logging

from flask import Flask

from ksf_b.extensions import db

log = logging.getLogger(__name__)


def end_session_quietly() -> None:
    """Close the scoped session; if the connection is dead, invalidate it and forget it."""
    try:
        db.session.remove()
    except Exception:
        log.warning("closing the database session failed; discarding it", exc_info=True)
        try:
            db.session.invalidate()  # hand the dead connection back as invalid, no ROLLBACK
        except Exception:
            log.debug("invalidating the session failed too", exc_info=True)
        db.session.registry.clear()


def init_app(app: Flask) -> None:
    """Register after db.init_app: teardown functions run in reverse, so this one runs first."""
    app.teardown_appcontext(lambda _exc: end_session_quietly())
