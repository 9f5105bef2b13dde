"""`make run`'s world gives the audit log, the reports and the dry run real content."""

from __future__ import annotations

from sqlalchemy import func, select

from ksf_b.audit.models import AuditEntry
from ksf_b.db_types import utcnow
from ksf_b.demo import seed_demo
from ksf_b.journey.models import CandidateState
from ksf_b.periods import Period
from ksf_b.privacy.demo import RELEASED_EMAIL
from ksf_b.privacy.operations import retention_plan
from ksf_b.reports.data import load_cases
from ksf_b.reports.rules import build_report


def test_demo_world_shows_audit_reports_and_dry_run(app, db) -> None:
    seed_demo()
    assert db.session.scalar(select(func.count()).select_from(AuditEntry)) > 20
    plan = {item.candidate.user.email: item for item in retention_plan()}
    rosa = plan[RELEASED_EMAIL]
    assert rosa.candidate.state is CandidateState.RESULT_RELEASED
    assert rosa.is_due(utcnow())  # released 13 months ago: the next run deletes her files
    assert rosa.material.keys and rosa.material.dossier is not None
    report = build_report(load_cases(Period()))
    assert report.per_state.get("result_released", 0) >= 1
    assert report.mean_days["nominated"] > 0
