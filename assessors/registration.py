"""What the rating domain plugs into the core; the composition root calls `register` at start-up.

The core never imports `assessors` (dependencies point one way); it offers registries instead.
Every registration is by name, so repeated app starts (tests) replace rather than double.
"""

from __future__ import annotations

from flask import Flask


def register(_app: Flask) -> None:
    """Register the rating's media policy, hooks, results and demo data with the core."""
    from assessors import demo, quality_demo, verdict_demo
    from assessors.assignment import assign_on_submission, send_rating_reminders
    from assessors.outcomes import PROVIDER
    from assessors.policies import register_policies
    from ksf_b import outcomes
    from ksf_b.assessment import hooks
    from ksf_b.demo import login_lines, register_logins, register_seeder

    register_policies()
    hooks.on_submission("rating", assign_on_submission)
    hooks.register_reminders(
        "rating", send_rating_reminders, "{count} herinnering(en) aan beoordelaars verstuurd."
    )
    outcomes.register(PROVIDER)
    register_seeder("rating", demo.seed_rating, order=60)
    register_seeder("quality", quality_demo.seed_quality, order=70)
    register_seeder("verdict", verdict_demo.seed_verdict, order=80)

    def assessor_lines() -> list[str]:
        logins = [*demo.demo_logins(), *quality_demo.demo_logins()]
        return login_lines("assessor", logins, existing_only=True)

    register_logins("assessors", assessor_lines, order=20)
    register_logins(
        "rated candidates",
        lambda: login_lines("candidate", demo.candidate_logins(), existing_only=True),
        order=25,
    )
    register_logins("verdict", verdict_demo.demo_lines, order=60)
