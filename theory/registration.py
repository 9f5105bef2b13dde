"""What the theory test plugs into the core; the composition root calls `register` at start-up."""

from __future__ import annotations

from flask import Flask


def register(_app: Flask) -> None:
    """Register the theory test's demo data and its demo line with the core."""
    from ksf_b.demo import register_logins, register_seeder
    from theory import demo

    register_seeder("theory", demo.seed_theory, order=30)
    register_logins("theory", demo.demo_lines, order=50)
