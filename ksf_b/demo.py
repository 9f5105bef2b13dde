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
    from assessors.demo import seed_rating
    from assessors.quality_demo import seed_quality
    from assessors.verdict_demo import seed_verdict
    from ksf_b.assessment.demo import seed_scenarios
    from ksf_b.assessment.demo_interrupted import seed_interrupted_take
    from ksf_b.journey.demo import seed_candidates
    from ksf_b.privacy.demo import seed_records
    from practicals.demo import seed_practicals
    from theory.demo import seed_theory

    return [
        seed_candidates,
        seed_practicals,
        seed_theory,
        seed_scenarios,
        seed_interrupted_take,
        seed_rating,
        seed_quality,
        seed_verdict,
        seed_records,
    ]


def _exists(email: str) -> bool:
    return db.session.scalar(select(User.id).where(User.email == email)) is not None


def _login_lines() -> list[str]:
    """The further demo logins of every domain, one line each."""
    from assessors.demo import demo_logins as rating_logins
    from assessors.quality_demo import demo_logins as quality_logins
    from ksf_b.assessment.demo_interrupted import demo_logins as interrupted_logins
    from ksf_b.journey.demo import demo_logins as journey_logins
    from ksf_b.privacy.demo import demo_login as released_login
    from practicals.demo import demo_logins as practical_logins

    lines = [
        f"  {'candidate':<10} {email}  ({state})"
        for email, state in [*journey_logins(), *interrupted_logins()]
        if _exists(email)
    ]
    lines += [
        f"  {'assessor':<10} {email}  ({what})"
        for email, what in [*rating_logins(), *quality_logins()]
        if _exists(email)
    ]
    lines += [f"  {'candidate':<10} {email}  ({what})" for email, what in practical_logins()]
    released = released_login()
    if released:
        lines.append(f"  {'candidate':<10} {released[0]}  ({released[1]})")
    return lines


def print_accounts(_users: list[User] | None = None) -> None:
    """Print one demo login per role (what `make run` shows on start)."""
    from assessors.verdict_demo import print_demo
    from theory.demo import demo_lines as theory_lines

    click.echo(f"\nDemo-accounts (wachtwoord voor allemaal: {demo_password()}):")
    for role, email, _name in DEMO_ACCOUNTS:
        if _exists(email):
            click.echo(f"  {role.value:<10} {email}")
    for line in [*_login_lines(), *theory_lines()]:
        click.echo(line)
    print_demo()
    click.echo("")
