"""Dossier factories: real dossiers filled with the demo text."""

from __future__ import annotations

from ksf_b.dossier.demo import fill_demo_dossier
from ksf_b.dossier.models import Dossier
from ksf_b.journey.models import Candidate
from tests.factories.base import BaseFactory


class DossierFactory(BaseFactory):
    """Rows of the dossier domain."""

    def dossier(
        self, candidate: Candidate, complete: bool = True, submitted: bool = False
    ) -> Dossier:
        dossier = fill_demo_dossier(candidate, complete=complete, submitted=submitted)
        return self._save(dossier)
