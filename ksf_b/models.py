"""Every model, imported in one place so Alembic and `create_all` see them all.

A composition root like `ksf_b/blueprints.py`: the one other module of the core that may import
the domain packages (`tests/test_layering.py`); nothing imports names from it.
"""

from assessors.models import *  # noqa: F403
from assessors.verdict_models import *  # noqa: F403
from certificates.models import *  # noqa: F403
from ksf_b.accounts.models import Company, Role, UsedToken, User
from ksf_b.assessment.models import *  # noqa: F403
from ksf_b.audit.models import *  # noqa: F403
from ksf_b.dossier.models import *  # noqa: F403
from ksf_b.endorsement.models import *  # noqa: F403
from ksf_b.journey.models import ACertificateSource, Candidate, CandidateState, JourneyEvent
from ksf_b.privacy.models import *  # noqa: F403
from media.models import *  # noqa: F403
from practicals.models import *  # noqa: F403
from theory.models import *  # noqa: F403

__all__ = [
    "ACertificateSource",
    "Candidate",
    "CandidateState",
    "Company",
    "JourneyEvent",
    "Role",
    "UsedToken",
    "User",
]
