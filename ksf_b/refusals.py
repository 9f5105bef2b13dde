"""The base of every package's refused actions: a Dutch `message`, an HTTP `status`, a `code`.

A package subclasses `Refusal` once (`AssessmentError`, `RatingError`, `TheoryError`, …) and
each refusal sets its own status, code and default message. A page view turns one into the
site's error page with `raise error.as_http() from error`; a JSON view answers
`{"error": message, "code": code}` with the status.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, default_exceptions


class Refusal(Exception):
    """A refused action, with a Dutch message for the person who tried it."""

    status = 409
    code = "refused"
    default_message = _l("Dit kan nu niet.")

    def __init__(self, message: object | None = None) -> None:
        self.message = str(message or self.default_message)
        super().__init__(self.message)

    def as_http(self) -> HTTPException:
        """Return the HTTP error a view raises for this refusal (Dutch message included)."""
        error = default_exceptions[self.status]()
        error.ksf_message = self.message  # type: ignore[attr-defined]
        return error
