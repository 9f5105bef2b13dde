"""Worked examples of the report calculations."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ksf_b.reports.rules import Case, Step, build_report, by_company, stays


def at(day: int, hour: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


APPROVED = Case(
    company="Belwerk",
    state="assessment_invited",
    steps=(
        Step("nominate", "nominated", at(1)),
        Step("start_dossier", "dossier_in_progress", at(2)),
        Step("complete_part1", "part1_submitted", at(6)),
        Step("approve_part1", "assessment_invited", at(8)),
    ),
)
REJECTED = Case(
    company="Belwerk",
    state="part1_rejected",
    steps=(
        Step("nominate", "nominated", at(1)),
        Step("start_dossier", "dossier_in_progress", at(3)),
        Step("complete_part1", "part1_submitted", at(5)),
        Step("reject_part1", "part1_rejected", at(9)),
    ),
)
PASSED = Case(
    company="Chatcentrum",
    state="result_released",
    steps=(
        Step("nominate", "nominated", at(1)),
        Step("require_theory_a", "theory_a_required", at(4, 12)),
    ),
    passed=True,
)
NEW = Case(company="Chatcentrum", state="nominated", steps=(Step("nominate", "nominated", at(1)),))


def test_stays_are_the_gaps_between_events_and_skip_the_current_state() -> None:
    assert stays(APPROVED.steps) == [
        ("nominated", 1.0),
        ("dossier_in_progress", 4.0),
        ("part1_submitted", 2.0),
    ]


def test_report_counts_states_pass_rates_and_mean_days() -> None:
    report = build_report([APPROVED, REJECTED, PASSED, NEW])
    assert report.total == 4
    assert report.per_state == {
        "assessment_invited": 1,
        "part1_rejected": 1,
        "result_released": 1,
        "nominated": 1,
    }
    # part 1: approved + theory-first pass, one rejected -> 2 of 3
    assert (report.part1_passed, report.part1_decided) == (2, 3)
    assert report.part1_pass_rate == pytest.approx(2 / 3)
    assert report.final_pass_rate == 1.0  # one released, one passed
    # nominated: 1, 2 and 3.5 days -> 6.5 / 3; dossier: 4 and 2 -> 3; submitted: 2 and 4 -> 3
    assert report.mean_days["nominated"] == pytest.approx(6.5 / 3)
    assert report.mean_days["dossier_in_progress"] == pytest.approx(3.0)
    assert report.mean_days["part1_submitted"] == pytest.approx(3.0)
    assert report.stays["nominated"] == 3


def test_no_decisions_means_no_pass_rate() -> None:
    report = build_report([NEW])
    assert report.part1_pass_rate is None and report.final_pass_rate is None
    assert report.mean_days == {}


def test_per_company_reports_in_alphabetical_order() -> None:
    groups = by_company([PASSED, APPROVED, NEW, REJECTED])
    assert list(groups) == ["Belwerk", "Chatcentrum"]
    assert groups["Belwerk"].part1_pass_rate == 0.5
    assert groups["Chatcentrum"].total == 2
