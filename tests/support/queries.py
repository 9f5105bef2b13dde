"""Count the SQL statements a piece of code sends: N+1 loads are a regression we can see."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import event

from ksf_b.extensions import db


@contextlib.contextmanager
def counted_statements() -> Iterator[list[str]]:
    """Yield a list that fills with every statement sent on the app's engine meanwhile."""
    sent: list[str] = []

    def remember(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", remember)
