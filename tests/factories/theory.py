"""A-test factories: the demo bank, sessions, enrolments and sittings started the real way."""

from __future__ import annotations

from datetime import timedelta

from ksf_b.accounts.models import Company, User
from ksf_b.db_types import utcnow
from ksf_b.journey.models import Candidate
from tests.factories.base import BaseFactory, seq


class TheoryFactory(BaseFactory):
    """Rows of the theory domain."""

    def theory_bank(self) -> int:
        """Load the demo bank (50 items, enough for the default blueprint); return its size."""
        from theory import bank
        from theory.demo_bank import DEMO_ITEMS

        for data in DEMO_ITEMS:
            if bank.item_by_code(data.code) is None:
                bank.create_item(data, None)
        bank.settings()
        bank.blueprint()
        self.db.session.commit()
        return len(DEMO_ITEMS)

    def theory_session(
        self, company: Company | None = None, opens_in_minutes: int = -30, hours: int = 4, **fields
    ):  # type: ignore[no-untyped-def]
        from theory.models import TestSession

        start = utcnow() + timedelta(minutes=opens_in_minutes)
        n = next(seq)
        values = {
            "title": f"Sessie {n}",
            "starts_at": start,
            "ends_at": start + timedelta(hours=hours),
            "invigilator_name": "Ingrid Toezicht",
            "access_code": f"CODE{n:04d}",
            "company": company,
            "online": True,
        }
        values.update(fields)
        return self._save(TestSession(**values))

    def theory_enrolment(self, user: User, candidate: Candidate | None = None, **fields):  # type: ignore[no-untyped-def]
        from theory.models import Enrolment

        company = candidate.company if candidate else user.company
        return self._save(Enrolment(user=user, candidate=candidate, company=company, **fields))

    def theory_sitting(self, enrolment, session=None):  # type: ignore[no-untyped-def]
        """Start a sitting through the real operation (draws by the blueprint)."""
        from theory import operations

        self.theory_bank()
        session = session or self.theory_session(company=enrolment.company)
        sitting = operations.start_sitting(
            enrolment, session.access_code, enrolment.user, "127.0.0.1", "pytest"
        )
        self.db.session.commit()
        return sitting
