"""Compare-and-set on a row's `revision` (docs/autosave.md): a save from an older revision loses.

Shared by the draft saves of every package whose rows have an integer `revision`, an `id`
and an `is_open` property (the rating assignment, the calibration attempt, …).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, update

from ksf_b.extensions import db


def bump_revision(
    row: Any,
    revision: int | None,
    *,
    still_open: ColumnElement[bool],
    closed: type[Exception],
    stale: type[Exception],
    **values: object,
) -> None:
    """Raise the row's revision by one (and set `values`) if nobody saved in between.

    `revision` is the one the browser knows (None: no check). A closed row raises `closed()`;
    a newer stored revision raises `stale(current)`, before or during the conditional UPDATE
    (`still_open` is its extra condition, so a row closed meanwhile is never written).
    """
    model = type(row)
    db.session.refresh(row)
    if not row.is_open:
        raise closed()
    seen = row.revision
    if revision is not None and revision < seen:
        raise stale(seen)
    result = db.session.execute(
        update(model)
        .where(model.id == row.id, model.revision == seen, still_open)
        .values(revision=seen + 1, **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        fresh = db.session.get(model, row.id)
        if fresh is None or not fresh.is_open:
            raise closed()
        raise stale(fresh.revision)
    db.session.refresh(row)
