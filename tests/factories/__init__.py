"""Factories that build real, committed rows for tests (no dicts of fakes).

Each domain adds its methods in its own mixin module; `Factory` combines them.
"""

from __future__ import annotations

from flask_sqlalchemy import SQLAlchemy

from tests.factories.accounts import PASSWORD, AccountsFactory
from tests.factories.assessment import AssessmentFactory
from tests.factories.certificates import CertificatesFactory
from tests.factories.dossier import DossierFactory
from tests.factories.journey import JourneyFactory
from tests.factories.media import MediaFactory
from tests.factories.privacy import PrivacyFactory
from tests.factories.rating import RatingFactory
from tests.factories.theory import TheoryFactory
from tests.factories.verdict import VerdictFactory

__all__ = ["PASSWORD", "Factory"]


class Factory(
    AccountsFactory,
    DossierFactory,
    MediaFactory,
    AssessmentFactory,
    JourneyFactory,
    CertificatesFactory,
    RatingFactory,
    TheoryFactory,
    VerdictFactory,
    PrivacyFactory,
):
    """make.user(...), make.candidate(...), ...: each creates and commits one object."""

    def __init__(self, db: SQLAlchemy) -> None:
        self.db = db
