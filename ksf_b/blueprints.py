"""The composition root: the blueprints and the domains' hooks, imported inside the factory.

Only this module and `ksf_b/models.py` (every model, for Alembic) may import the domain
packages from `ksf_b/`; `tests/test_layering.py` enforces it.
"""

from __future__ import annotations

from flask import Blueprint, Flask


def blueprints() -> list[Blueprint]:
    from assessors.admin_views import bp as rating_admin
    from assessors.calibration_views import bp as calibration
    from assessors.lead_views import bp as moderation
    from assessors.stats_views import bp as rater_stats
    from assessors.verdict_feedback_views import bp as verdict_feedback
    from assessors.verdict_result_views import bp as results
    from assessors.verdict_views import bp as verdict
    from assessors.views import bp as rating
    from certificates.admin_views import bp as certificates_admin
    from certificates.views import bp as certificates
    from ksf_b.accounts.views import bp as accounts
    from ksf_b.admin.users import bp as admin_users
    from ksf_b.admin.views import bp as admin
    from ksf_b.assessment.candidate_views import bp as exam
    from ksf_b.assessment.views import bp as assessment
    from ksf_b.audit.views import bp as audit
    from ksf_b.dossier.views import bp as dossier
    from ksf_b.endorsement.views import bp as endorsement
    from ksf_b.main.views import bp as main
    from ksf_b.nomination.views import bp as nomination
    from ksf_b.privacy.views import bp as privacy
    from ksf_b.reports.views import bp as reports
    from media.views import bp as media
    from practicals.admin_views import bp as practicals_admin
    from practicals.candidate_views import bp as practicals_candidate
    from practicals.examiner_views import bp as practicals
    from theory.views.admin_bank import bp as theory_bank
    from theory.views.admin_sittings import bp as theory_invigilation
    from theory.views.candidate import bp as theory

    return [
        main,
        accounts,
        admin,
        admin_users,
        nomination,
        dossier,
        endorsement,
        assessment,
        exam,
        media,
        rating,
        moderation,
        rating_admin,
        practicals,
        practicals_admin,
        practicals_candidate,
        certificates,
        certificates_admin,
        theory,
        theory_bank,
        theory_invigilation,
        rater_stats,
        calibration,
        verdict,
        verdict_feedback,
        results,
        audit,
        privacy,
        reports,
    ]


def register_domain_hooks(app: Flask) -> None:
    """Let the core's generic code reach the domains without importing them itself.

    Each domain registers its hooks with the core's registries: media view policies, what a
    part-2 submission sets off, reminders, results for reports and export, personal material
    for privacy, demo seeders and logins (docs/architecture.md, "Composition root").
    """
    from assessors.registration import register as register_rating
    from practicals.registration import register as register_practicals
    from theory.registration import register as register_theory

    register_rating(app)
    register_practicals(app)
    register_theory(app)
