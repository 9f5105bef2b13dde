"""Endorsements and part-1 states of the journey (gate work)."""

from __future__ import annotations

from ksf_b.db_types import utcnow
from ksf_b.journey.models import Candidate
from tests.factories.base import BaseFactory

REASON = (
    "Zij coacht nieuwe collega's al twee jaar en is de vaste vraagbaak van het team "
    "bij lastige klachten."
)
ROLE_MODEL = (
    "Ze luistert mee met nieuwe medewerkers, geeft na elk gesprek concrete feedback en "
    "bewaakt de kwaliteit van onze e-mails."
)


class JourneyFactory(BaseFactory):
    """Endorsements and bare dossiers, to put candidates in part-1 states."""

    def endorsement(
        self, candidate: Candidate, submitted: bool = True, reason: str = REASON, **fields: object
    ):  # type: ignore[no-untyped-def]
        from ksf_b.endorsement.models import Endorsement

        endorsement = Endorsement(
            candidate=candidate,
            manager=candidate.manager,
            nomination_reason=reason,
            role_model_description=ROLE_MODEL,
            role_description_confirmed=True,
            revision=1,
            draft_saved_at=utcnow(),
            submitted_at=utcnow() if submitted else None,
            **fields,
        )
        return self._save(endorsement)

    def bare_dossier(self, candidate: Candidate, submitted: bool = True):  # type: ignore[no-untyped-def]
        """A dossier row with only a role description: enough for the gate's bookkeeping."""
        from ksf_b.dossier.models import Dossier

        dossier = Dossier(
            candidate=candidate,
            role_description="Senior medewerker: coach, vraagbaak en kwaliteitsbewaker.",
            revision=1,
            submitted_at=utcnow() if submitted else None,
        )
        return self._save(dossier)
