"""Demo candidates in several states of the journey (filled in by the journey work)."""

from __future__ import annotations

from ksf_b.accounts.models import Company, Role, User


def seed_candidates(users: dict[Role, User], company: Company) -> None:
    """Create the demo candidate's case and a few others in other states."""
