"""Demo data for `make run`: one account per role, candidates in several states, scenarios.

The core seeds its own journeys; each domain package registers its seeders and its login lines
at start-up (`register_seeder`, `register_logins`, from the domain's `registration.register`,
called by the composition root `ksf_b/blueprints.py`). An `order` places each one; seeders run
low to high, each reading what earlier ones made.

Seeders: 10 journey candidates (core), 20 practicals, 30 theory, 40 scenarios (core),
50 interrupted take (core), 60 rating, 70 quality, 80 verdict (assessors), 90 privacy records
(core). Login lines: 10 journey candidates and the interrupted take (core), 20 rating and
calibration assessors (assessors), 30 practicals candidates, 40 the released candidate (core),
50 theory's open session, 60 verdict candidates and the certificate link (assessors).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

import click
from flask import current_app
from sqlalchemy import func, select

from ksf_b.accounts.models import Company, Role, User
from ksf_b.extensions import db

DEMO_ACCOUNTS = [
    (Role.ADMIN, "admin@ksf.example", "Anna Admin (KSF)"),
    (Role.ASSESSOR, "beoordelaar@ksf.example", "Bram Beoordelaar (KSF)"),
    (Role.MANAGER, "leidinggevende@klantbedrijf.example", "Mira Manager"),
    (Role.CANDIDATE, "kandidaat@klantbedrijf.example", "Karim Kandidaat"),
]


def demo_password() -> str:
    """The demo password: DEMO_PASSWORD, else a fixed one meant only for a local demo."""
    return current_app.config.get("DEMO_PASSWORD") or os.environ.get("DEMO_PASSWORD") or "ksf-demo"


def seed_demo(only_if_empty: bool = False) -> list[User]:
    """Create the demo accounts and the demo world; with only_if_empty, once per database."""
    if only_if_empty and db.session.scalar(select(func.count()).select_from(User)):
        return []
    company = Company(name="Klantbedrijf Demo BV")
    ksf = Company(name="Klantenservice Federatie")
    db.session.add_all([company, ksf])
    users: dict[Role, User] = {}
    for role, email, name in DEMO_ACCOUNTS:
        user = User(
            email=email,
            full_name=name,
            role=role,
            company=company if role in (Role.MANAGER, Role.CANDIDATE) else ksf,
        )
        user.set_password(demo_password())
        db.session.add(user)
        users[role] = user
    db.session.flush()
    for seeder in _in_order({**_core_seeders(), **_seeders}):
        seeder(users, company)
    db.session.commit()
    return list(users.values())


Seeder = Callable[[dict[Role, User], Company], object]
LoginLines = Callable[[], list[str]]
_seeders: dict[str, tuple[int, Seeder]] = {}
_logins: dict[str, tuple[int, LoginLines]] = {}


def register_seeder(name: str, seeder: Seeder, order: int) -> None:
    """Let `seed_demo` call `seeder(users, company)` at `order` (see the module docstring)."""
    _seeders[name] = (order, seeder)


def register_logins(name: str, lines: LoginLines, order: int) -> None:
    """Let `print_accounts` print `lines()` at `order` (see the module docstring)."""
    _logins[name] = (order, lines)


def _in_order(entries: dict[str, tuple[int, Any]]) -> list[Any]:
    return [item for _order, item in sorted(entries.values(), key=lambda entry: entry[0])]


def _core_seeders() -> dict[str, tuple[int, Seeder]]:
    """The core's own demo journeys, at their place among the domains' seeders."""
    from ksf_b.assessment.demo import seed_scenarios
    from ksf_b.assessment.demo_interrupted import seed_interrupted_take
    from ksf_b.journey.demo import seed_candidates
    from ksf_b.privacy.demo import seed_records

    return {
        "candidates": (10, seed_candidates),
        "scenarios": (40, seed_scenarios),
        "interrupted_take": (50, seed_interrupted_take),
        "records": (90, seed_records),
    }


def account_exists(email: str) -> bool:
    """Tell whether a demo account with this e-mail address was seeded."""
    return db.session.scalar(select(User.id).where(User.email == email)) is not None


def login_lines(
    role: str, logins: Iterable[tuple[str, str]], *, existing_only: bool = False
) -> list[str]:
    """(e-mail, what it shows) pairs as lines of `print_accounts`; optionally seeded ones only."""
    return [
        f"  {role:<10} {email}  ({what})"
        for email, what in logins
        if not existing_only or account_exists(email)
    ]


def _core_logins() -> dict[str, tuple[int, LoginLines]]:
    """The core's own further logins, at their place among the domains' lines."""
    from ksf_b.assessment.demo_interrupted import demo_logins as interrupted_logins
    from ksf_b.journey.demo import demo_logins as journey_logins
    from ksf_b.privacy.demo import demo_login as released_login

    def candidates() -> list[str]:
        pairs = [*journey_logins(), *interrupted_logins()]
        return login_lines("candidate", pairs, existing_only=True)

    def released() -> list[str]:
        login = released_login()
        return login_lines("candidate", [login] if login else [])

    return {"candidates": (10, candidates), "released": (40, released)}


def print_accounts(_users: list[User] | None = None) -> None:
    """Print one demo login per role (what `make run` shows on start)."""
    click.echo(f"\nDemo-accounts (wachtwoord voor allemaal: {demo_password()}):")
    for role, email, _name in DEMO_ACCOUNTS:
        if account_exists(email):
            click.echo(f"  {role.value:<10} {email}")
    for lines in _in_order({**_core_logins(), **_logins}):
        for line in lines():
            click.echo(line)
    click.echo("")
