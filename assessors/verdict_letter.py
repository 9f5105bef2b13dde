"""The result letter (PDF): the verdict with the competency profile and the feedback."""

from __future__ import annotations

from flask_babel import force_locale, format_date

from assessors.verdict_charts import profile_data_uri, profile_rows
from assessors.verdict_feedback import feedback_of
from assessors.verdict_models import Verdict
from certificates.pdf import render_pdf


def threshold() -> float:
    """The minimum score per competency of the rating rules (the chart's line)."""
    from assessors.operations import get_settings

    return float(get_settings().minimum_score)


def result_letter_pdf(verdict: Verdict) -> bytes:
    """Render the letter to the candidate about this verdict (always in Dutch)."""
    candidate = verdict.candidate
    feedback = feedback_of(candidate)
    scores = dict(verdict.competency_scores or {})
    with force_locale("nl"):
        limit = threshold()
        return render_pdf(
            "assessors/verdict/pdf/letter.html",
            verdict=verdict,
            candidate=candidate,
            rows=profile_rows(scores, limit),
            chart=profile_data_uri(scores, limit),
            feedback=(feedback.texts if feedback else {}) or {},
            letter_date=format_date(
                verdict.released_at or verdict.confirmed_at or verdict.proposed_at,
                "d MMMM yyyy",
            ),
        )
