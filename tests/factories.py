"""Factories that build real, committed rows for tests (no dicts of fakes)."""

from __future__ import annotations

import itertools
from datetime import date

from flask_sqlalchemy import SQLAlchemy

from ksf_b.accounts.models import Company, Role, User
from ksf_b.journey.models import Candidate, CandidateState

PASSWORD = "Wachtwoord-voor-tests-1"
_seq = itertools.count(1)


class Factory:
    """Each method creates and commits one object with sensible defaults."""

    def __init__(self, db: SQLAlchemy) -> None:
        self.db = db

    def _save(self, obj):  # type: ignore[no-untyped-def]
        self.db.session.add(obj)
        self.db.session.commit()
        return obj

    def company(self, name: str | None = None) -> Company:
        return self._save(Company(name=name or f"Contactcenter {next(_seq)}"))

    def user(
        self,
        role: Role = Role.CANDIDATE,
        company: Company | None = None,
        email: str | None = None,
        password: str | None = PASSWORD,
    ) -> User:
        n = next(_seq)
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
            candidate.a_certificate_number = f"A-{next(_seq):06d}"
            candidate.a_certificate_date = date(2024, 3, 1)
        return self._save(candidate)
