"""What the practicals plug into the core; the composition root calls `register` at start-up."""

from __future__ import annotations

from flask import Flask


def register(_app: Flask) -> None:
    """Register the practicals' personal material and demo data with the core."""
    from ksf_b.demo import login_lines, register_logins, register_seeder
    from ksf_b.privacy import sources
    from practicals import demo
    from practicals.privacy import personal_material

    sources.register("practicals", personal_material)
    register_seeder("practicals", demo.seed_practicals, order=20)
    register_logins("practicals", lambda: login_lines("candidate", demo.demo_logins()), order=30)
