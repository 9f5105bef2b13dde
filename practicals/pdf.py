"""PDF of a signed-off checklist, following the paper layout (WeasyPrint from an HTML template).

Header fields, every eindterm/proces/criterium, the ticks (phone) or per-chat scores (chat),
remarks, the outcome with its explanation, the examiner and the date of sign-off.
"""

from __future__ import annotations

from flask import render_template, request

from practicals import operations as ops
from practicals.models import Observation


def checklist_html(observation: Observation) -> str:
    return render_template(
        "practicals/pdf/checklist.html",
        observation=observation,
        checklist=observation.definition.checklist(),
        outcome=ops.outcome_of(observation),
        kind=observation.kind.value,
    )


def checklist_pdf(observation: Observation) -> bytes:
    """Render the checklist to PDF bytes."""
    from weasyprint import HTML  # heavy import: only when a PDF is asked for

    base_url = request.url_root if request else None
    return HTML(string=checklist_html(observation), base_url=base_url).write_pdf()
