"""What the rating's page views share: run an operation, then commit or say why not."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect
from werkzeug.wrappers import Response

from assessors.errors import RatingError
from ksf_b.extensions import db


def run_and_flash(
    action: Callable[[], object], done: str, back: str, after: str | None = None
) -> Response:
    """Run a rating operation from a form post.

    Done: commit, show `done` and go to `after` (default `back`). Refused (a `RatingError`):
    roll back, show the Dutch reason and go `back`.
    """
    try:
        action()
    except RatingError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(back)
    db.session.commit()
    flash(done, "success")
    return redirect(after or back)
