"""The list of blueprints, imported inside the factory (no import-time app)."""

from __future__ import annotations

from flask import Blueprint


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


def register_domain_hooks() -> None:
    """Let the core's generic code reach the domains without importing them itself."""
    from ksf_b.privacy import sources
    from practicals.privacy import personal_material

    sources.register("practicals", personal_material)
