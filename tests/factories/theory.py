"""A-test factories: the demo bank, sessions, enrolments and sittings started the real way."""

from __future__ import annotations

from datetime import timedelta

from ksf_b.accounts.models import Company, User
from ksf_b.db_types import utcnow
from ksf_b.journey.models import Candidate
from tests.factories.base import BaseFactory, seq


class TheoryFactory(BaseFactory):
    """Rows of the theory domain."""

    def theory_bank(self, small: bool = False) -> int:
        """Load the demo bank (50 items, enough for the default blueprint); return its size.

        `small`: only the items of toetsterm 1.1 and a blueprint of two of them (cheap, for
        tests that need a sitting but not a whole form, such as the access matrix).
        """
        from theory import bank
        from theory.demo_bank import DEMO_ITEMS
        from theory.terms import EINDTERM_CODES, TOETSTERM_CODES

        items = [d for d in DEMO_ITEMS if d.toetsterm == "1.1"] if small else DEMO_ITEMS
        for data in items:
            if bank.item_by_code(data.code) is None:
                bank.create_item(data, None)
        bank.settings()
        bank.blueprint()
        if small:
            counts = dict.fromkeys((*TOETSTERM_CODES, *EINDTERM_CODES), 0)
            bank.save_blueprint({**counts, "1.1": 2})
        self.db.session.commit()
        return len(items)

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

    def theory_sitting(self, enrolment, session=None, small: bool = False):  # type: ignore[no-untyped-def]
        """Start a sitting through the real operation (draws by the blueprint)."""
        from theory import operations

        self.theory_bank(small=small)
        session = session or self.theory_session(company=enrolment.company)
        sitting = operations.start_sitting(
            enrolment, session.access_code, enrolment.user, "127.0.0.1", "pytest"
        )
        self.db.session.commit()
        return sitting
