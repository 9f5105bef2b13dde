"""What assessors see instead of a candidate's identity: a stable candidate code."""

from __future__ import annotations

from ksf_b.db_types import utcnow
from ksf_b.journey.models import Candidate


def candidate_code(candidate: Candidate) -> str:
    """Return the blind code of a candidate, e.g. "B-2026-0042" (year of the case, its number)."""
    year = (candidate.created_at or utcnow()).year
    return f"B-{year}-{candidate.id:04d}"
