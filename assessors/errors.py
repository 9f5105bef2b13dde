"""Refused rating actions, each with a Dutch message and the HTTP status a view answers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ksf_b.refusals import Refusal


class RatingError(Refusal):
    """A refused rating action (status 409, code "refused" unless a subclass says otherwise)."""


class RubricLocked(RatingError):
    code = "locked"
    default_message = _l("Een gepubliceerde versie van de rubriek kan niet meer veranderen.")


class AssignmentClosed(RatingError):
    code = "locked"
    default_message = _l("Deze beoordeling is al ingediend of ingetrokken.")


class StaleRevision(RatingError):
    code = "stale"
    default_message = _l("Er is intussen een nieuwere versie opgeslagen.")

    def __init__(self, current: int) -> None:
        super().__init__()
        self.current = current


class Incomplete(RatingError):
    status = 422
    code = "incomplete"
    default_message = _l("Nog niet elke competentie van elke opname heeft een score.")


class InvalidInput(RatingError):
    status = 422
    code = "invalid"
    default_message = _l("De invoer is niet geldig.")


class NoAssessorAvailable(RatingError):
    default_message = _l("Er is geen geschikte, gekalibreerde beoordelaar beschikbaar.")
