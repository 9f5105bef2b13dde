"""Accounts and journey factories."""

from __future__ import annotations

from datetime import date

from ksf_b.accounts.models import Company, Role, User
from ksf_b.journey.models import Candidate, CandidateState
from tests.factories.base import BaseFactory, seq

PASSWORD = "Wachtwoord-voor-tests-1"


class AccountsFactory(BaseFactory):
    """Companies, users of each role and candidates."""

    def company(self, name: str | None = None) -> Company:
        return self._save(Company(name=name or f"Contactcenter {next(seq)}"))

    def user(
        self,
        role: Role = Role.CANDIDATE,
        company: Company | None = None,
        email: str | None = None,
        password: str | None = PASSWORD,
    ) -> User:
        n = next(seq)
        user = User(
            email=email or f"{role.value}{n}@example.nl",
            full_name=f"{role.value.title()} {n}",
            role=role,
            company=company,
        )
        if password:
            user.set_password(password)
        return self._save(user)

    def manager(self, company: Company | None = None) -> User:
        return self.user(Role.MANAGER, company=company or self.company())

    def candidate(
        self,
        manager: User | None = None,
        state: CandidateState = CandidateState.NOMINATED,
        holds_a: bool = False,
    ) -> Candidate:
        manager = manager or self.manager()
        user = self.user(Role.CANDIDATE, company=manager.company)
        candidate = Candidate(
            user=user,
            company=manager.company,
            manager=manager,
            date_of_birth=date(1990, 5, 17),
            current_role="Senior medewerker klantcontact",
            state=state,
        )
        if holds_a:
            from ksf_b.journey.models import ACertificateSource

            candidate.a_certificate_source = ACertificateSource.REGISTERED
            candidate.a_certificate_number = f"A-{next(seq):06d}"
            candidate.a_certificate_date = date(2024, 3, 1)
        return self._save(candidate)
