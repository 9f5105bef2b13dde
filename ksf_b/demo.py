"""Demo data for `make run`: one account per role, candidates in several states, scenarios."""

from __future__ import annotations

import os

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
    for seeder in _seeders():
        seeder(users, company)
    db.session.commit()
    return list(users.values())


def _seeders() -> list:
    """Each domain seeds its own demo data; listed here so the order is explicit."""
    from ksf_b.journey.demo import seed_candidates

    seeders = [seed_candidates]
    try:
        from theory.demo import seed_theory
    except ImportError:  # the A-test package may not be installed
        pass
    else:
        seeders.append(seed_theory)
    try:
        from ksf_b.assessment.demo import seed_scenarios
    except ImportError:  # the assessment domain may not ship demo scenarios yet
        return seeders
    from assessors.demo import seed_rating
    from assessors.verdict_demo import seed_verdict

    return [*seeders, seed_scenarios, seed_rating, seed_verdict]


def print_accounts(_users: list[User] | None = None) -> None:
    """Print one demo login per role (what `make run` shows on start)."""
    click.echo(f"\nDemo-accounts (wachtwoord voor allemaal: {demo_password()}):")
    for role, email, _name in DEMO_ACCOUNTS:
        if db.session.scalar(select(User).where(User.email == email)):
            click.echo(f"  {role.value:<10} {email}")
    from ksf_b.journey.demo import demo_logins

    for email, state in demo_logins():
        click.echo(f"  {'candidate':<10} {email}  ({state})")
    from assessors.demo import demo_logins as rating_logins

    for email, what in rating_logins():
        if db.session.scalar(select(User).where(User.email == email)):
            click.echo(f"  {'assessor':<10} {email}  ({what})")
    from assessors.verdict_demo import print_demo

    print_demo()
    try:
        from theory.demo import demo_lines
    except ImportError:
        pass
    else:
        for line in demo_lines():
            click.echo(line)
    click.echo("")
