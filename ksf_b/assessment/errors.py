"""The refusals of the online assessment: each has a Dutch `message` and an HTTP `status`.

A view turns one into a response with `raise error.as_http() from error` (see
`ksf_b.assessment.operations`, which re-exports them for its callers).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ksf_b.refusals import Refusal


class AssessmentError(Refusal):
    """A refused assessment action, with a Dutch message for the person who tried it."""


class LimitReached(AssessmentError):
    default_message = _l("Het maximum is bereikt.")


class WindowClosed(AssessmentError):
    status = 403
    default_message = _l(
        "Het assessment is niet (meer) open: de termijn is voorbij of nog niet begonnen."
    )


class NotReady(AssessmentError):
    default_message = _l("Rond eerst de voorbereiding af (toestemming en apparaatcontrole).")


class OutOfOrder(AssessmentError):
    default_message = _l(
        "De scenario's worden in vaste volgorde gemaakt; dit scenario is nu niet aan de beurt."
    )


class AlreadySubmitted(AssessmentError):
    default_message = _l("Het assessment is al ingediend; er kan niets meer worden gewijzigd.")


class UploadNotVerified(AssessmentError):
    default_message = _l(
        "De opname is nog niet volledig ontvangen en gecontroleerd. Wacht tot de upload klaar is."
    )


class UploadFailed(AssessmentError):
    default_message = _l("De opname kon niet worden verwerkt.")


class Incomplete(AssessmentError):
    default_message = _l("Nog niet alle scenario's zijn beantwoord en bevestigd.")


class InvalidInput(AssessmentError):
    status = 422
    default_message = _l("De invoer is niet geldig.")
