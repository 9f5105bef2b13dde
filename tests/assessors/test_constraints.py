"""Every CHECK constraint of the rating, verdict, certificate and theory tables refuses a bad row.

The rows are real (a rated candidate with a released verdict, an appeal, a moderation case, a
calibration attempt, a certificate, a theory sitting); each violation is one SQL UPDATE in a
savepoint that must fail with an IntegrityError. Status values are bound through the column's
own type, so the test writes exactly what the ORM stores (member name or value): a constraint
spelled in the other form would let the row through and fail here. An enum column also refuses
a value that is no member at all, such as the lower-case value of a name-stored enum.
Run with `--postgres` as well (the CI's PostgreSQL stage runs tests/assessors).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import pytest
from sqlalchemy import CheckConstraint, Enum, bindparam, text
from sqlalchemy.exc import IntegrityError

from ksf_b.accounts.models import Role
from ksf_b.extensions import db as _db

PACKAGES = ("assessors.", "certificates.", "theory.")


@dataclass(frozen=True)
class Violation:
    constraint: str  # the constraint's full name, e.g. ck_verdicts_released_has_time
    table: str
    assignments: str  # the SET clause
    params: dict


def _tables() -> dict:
    """The tables whose models live in assessors/, certificates/ and theory/."""
    found = {}
    for mapper in _db.Model.registry.mappers:
        if mapper.class_.__module__.startswith(PACKAGES):
            found[mapper.local_table.name] = mapper.local_table
    return found


def _status(table, column: str, member: enum.Enum) -> object:  # type: ignore[no-untyped-def]
    """`member` as the column's type writes it to the database."""
    return bindparam(column, member, type_=table.c[column].type)


def _check_names() -> set[str]:
    names = set()
    for table in _tables().values():
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint) and constraint.name:
                names.add(str(constraint.name))
    return names


def _enum_columns() -> list[tuple[str, str, type[enum.Enum]]]:
    return [
        (table.name, column.name, column.type.enum_class)
        for table in _tables().values()
        for column in table.columns
        if isinstance(column.type, Enum) and column.type.enum_class is not None
    ]


def _not_a_member(enum_type: Enum) -> list[str]:
    """Strings that are no stored member: the other spelling of each, and a stranger."""
    stored = set(enum_type.enums)
    others = {m.name for m in enum_type.enum_class} | {m.value for m in enum_type.enum_class}
    return [*sorted(others - stored), "NONSENSE"]


@pytest.fixture
def world(make, db):  # type: ignore[no-untyped-def]
    """One real row in every table that has a CHECK constraint; returns the ids."""
    from assessors import calibration_operations as calibration
    from assessors import operations, verdict_appeals, verdict_ops
    from assessors.assignment import get_settings, profile_of
    from assessors.models import ModerationCase, ModerationDecision, RubricVersion
    from assessors.stats_data import get_quality_settings
    from theory import bank

    admin = make.user(Role.ADMIN)
    candidate = make.rated_candidate(values={"flexibility": 2}, default=4)
    verdict = verdict_ops.confirm_proposal(candidate, admin)
    verdict_ops.release(candidate, admin)
    appeal = verdict_appeals.lodge(
        candidate,
        candidate.user,
        "Mijn verbinding viel tijdens de opnames twee keer weg; ik vraag een herbeoordeling.",
    )
    first = operations.active_assignments(candidate)[0]
    response = operations.responses_of(candidate)[0]
    case = ModerationCase(candidate=candidate, disputed_codes="analysis")
    case.decisions.append(
        ModerationDecision(
            competency_code="analysis", value=3, justification="Samen besproken.", decided_by=admin
        )
    )
    db.session.add(case)
    agreed = {code: "3" for code in response.scenario.competency_codes}
    benchmark = calibration.mark_benchmark(response, agreed, "Ankers.", admin)
    attempt = calibration.start_attempt(make.assessor(calibrated=False))
    sitting = make.theory_sitting(make.theory_enrolment(make.user(Role.CANDIDATE)), small=True)
    get_settings(), get_quality_settings(), verdict_ops.get_settings(), bank.settings()
    certificate = make.certificate()
    db.session.commit()
    version = db.session.scalar(db.select(RubricVersion))
    return {
        "rating_assignments": first.id,
        "rating_scores": first.scores[0].id,
        "observation_notes": first.notes[0].id,
        "assessor_profiles": profile_of(first.assessor).id,
        "rubric_versions": version.id,
        "rubric_anchors": version.competencies[0].anchors[0].id,
        "moderation_cases": case.id,
        "moderation_decisions": case.decisions[0].id,
        "benchmark_responses": benchmark.id,
        "benchmark_scores": benchmark.scores[0].id,
        "calibration_attempts": attempt.id,
        "calibration_scores": attempt.scores[0].id,
        "verdicts": verdict.id,
        "verdict_appeals": appeal.id,
        "certificates": certificate.id,
        "certificate_sequences": None,  # keyed by programme and year
        "theory_sittings": sitting.id,
        "theory_sitting_items": sitting.items[0].id,
        "theory_enrolments": sitting.enrolment_id,
        "theory_test_sessions": sitting.session_id,
        "theory_item_versions": sitting.items[0].item_version_id,
        "theory_blueprint_entries": db.session.execute(
            text("SELECT min(id) FROM theory_blueprint_entries")
        ).scalar(),
        "rating_settings": 1,
        "rater_quality_settings": 1,
        "verdict_settings": 1,
        "theory_settings": 1,
    }


def _violations() -> list[Violation]:
    from assessors.models import (
        AssignmentStatus,
        CalibrationAttempt,
        CalibrationStatus,
        RatingAssignment,
        RubricStatus,
        RubricVersion,
    )
    from assessors.verdict_models import Appeal, AppealStatus, Verdict, VerdictStatus
    from certificates.models import Certificate, CertificateStatus

    assignments = RatingAssignment.__table__
    attempts = CalibrationAttempt.__table__
    verdicts = Verdict.__table__
    v = Violation
    rules = [
        # rating
        v(
            "ck_rating_assignments_submitted_has_time",
            "rating_assignments",
            "status = :status, submitted_at = NULL",
            {"status": _status(assignments, "status", AssignmentStatus.SUBMITTED)},
        ),
        v(
            "ck_rating_assignments_withdrawn_has_reason",
            "rating_assignments",
            "status = :status, withdrawn_reason = NULL",
            {"status": _status(assignments, "status", AssignmentStatus.WITHDRAWN)},
        ),
        v("ck_rating_scores_value_range", "rating_scores", "value = 6", {}),
        v(
            "ck_rating_scores_value_or_not_ratable",
            "rating_scores",
            "value = 3, not_ratable_reason = 'geen beeld'",
            {},
        ),
        v("ck_observation_notes_at_nonneg", "observation_notes", "at_seconds = -1", {}),
        v(
            "ck_assessor_profiles_max_open_nonnegative",
            "assessor_profiles",
            "max_open_candidates = -1",
            {},
        ),
        v(
            "ck_rubric_versions_published_has_time",
            "rubric_versions",
            "status = :status, published_at = NULL",
            {"status": _status(RubricVersion.__table__, "status", RubricStatus.PUBLISHED)},
        ),
        v("ck_rubric_versions_number_positive", "rubric_versions", "number = 0", {}),
        v("ck_rubric_anchors_level_range", "rubric_anchors", "level = 6", {}),
        v("ck_moderation_decisions_value_range", "moderation_decisions", "value = 0", {}),
        v("ck_moderation_decisions_justified", "moderation_decisions", "justification = ''", {}),
        v("ck_rating_settings_single_row", "rating_settings", "id = 2", {}),
        v("ck_rating_settings_rating_days_positive", "rating_settings", "rating_days = 0", {}),
        v(
            "ck_rating_settings_reminder_nonnegative",
            "rating_settings",
            "reminder_days_before = -1",
            {},
        ),
        v("ck_rating_settings_minimum_range", "rating_settings", "minimum_score = 6", {}),
        v("ck_rating_settings_mean_range", "rating_settings", "pass_mean = 0.5", {}),
        # calibration
        v("ck_rater_quality_settings_single_row", "rater_quality_settings", "id = 2", {}),
        v(
            "ck_rater_quality_settings_warning_range",
            "rater_quality_settings",
            "agreement_warning_below = 1.5",
            {},
        ),
        v(
            "ck_rater_quality_settings_band_nonnegative",
            "rater_quality_settings",
            "leniency_band = -0.1",
            {},
        ),
        v(
            "ck_rater_quality_settings_deviation_nonnegative",
            "rater_quality_settings",
            "calibration_max_deviation = -0.1",
            {},
        ),
        v("ck_benchmark_scores_value_range", "benchmark_scores", "value = 0", {}),
        v(
            "ck_calibration_attempts_finished_has_time",
            "calibration_attempts",
            "status = :status, submitted_at = NULL",
            {"status": _status(attempts, "status", CalibrationStatus.PASSED)},
        ),
        v(
            "ck_calibration_attempts_decision_has_reason",
            "calibration_attempts",
            "status = :status, submitted_at = started_at, decision_reason = ''",
            {"status": _status(attempts, "status", CalibrationStatus.APPROVED)},
        ),
        v("ck_calibration_scores_value_range", "calibration_scores", "value = 6", {}),
        v("ck_calibration_scores_agreed_range", "calibration_scores", "agreed_value = 0", {}),
        # verdicts and appeals
        v("ck_verdict_settings_single_row", "verdict_settings", "id = 2", {}),
        v(
            "ck_verdict_settings_service_level_positive",
            "verdict_settings",
            "service_level_working_days = 0",
            {},
        ),
        v(
            "ck_verdict_settings_appeal_days_nonnegative",
            "verdict_settings",
            "appeal_days = -1",
            {},
        ),
        v(
            "ck_verdict_settings_override_reason_positive",
            "verdict_settings",
            "override_reason_min = 0",
            {},
        ),
        v(
            "ck_verdicts_override_has_reason",
            "verdicts",
            "is_override = :yes, override_reason = NULL",
            {"yes": True},
        ),
        v(
            "ck_verdicts_confirmed_has_time",
            "verdicts",
            "status = :status, confirmed_at = NULL",
            {"status": _status(verdicts, "status", VerdictStatus.CONFIRMED)},
        ),
        v(
            "ck_verdicts_released_has_time",
            "verdicts",
            "status = :status, released_at = NULL",
            {"status": _status(verdicts, "status", VerdictStatus.RELEASED)},
        ),
        v(
            "ck_verdict_appeals_rejection_has_reason",
            "verdict_appeals",
            "status = :status, decision_reason = NULL",
            {"status": _status(Appeal.__table__, "status", AppealStatus.REJECTED)},
        ),
        # certificates
        v(
            "ck_certificates_revocation_recorded",
            "certificates",
            "status = :status, revoked_at = NULL",
            {"status": _status(Certificate.__table__, "status", CertificateStatus.REVOKED)},
        ),
        v("ck_certificates_sequence_positive", "certificates", "sequence = 0", {}),
        # theory
        v("ck_theory_settings_single_row", "theory_settings", "id = 2", {}),
        v("ck_theory_settings_time_limit_range", "theory_settings", "time_limit_minutes = 0", {}),
        v("ck_theory_settings_cut_score_nonnegative", "theory_settings", "cut_score = -1", {}),
        v("ck_theory_settings_attempts_positive", "theory_settings", "max_attempts = 0", {}),
        v("ck_theory_settings_waiting_nonnegative", "theory_settings", "waiting_days = -1", {}),
        v("ck_theory_settings_grace_range", "theory_settings", "grace_seconds = 3601", {}),
        v(
            "ck_theory_blueprint_entries_count_nonnegative",
            "theory_blueprint_entries",
            "item_count = -1",
            {},
        ),
        v("ck_theory_enrolments_extra_nonnegative", "theory_enrolments", "extra_minutes = -1", {}),
        v(
            "ck_theory_test_sessions_ends_after_start",
            "theory_test_sessions",
            "ends_at = starts_at",
            {},
        ),
        v("ck_theory_sittings_attempt_positive", "theory_sittings", "attempt = 0", {}),
        v(
            "ck_theory_sittings_deadline_after_start",
            "theory_sittings",
            "deadline_at = started_at",
            {},
        ),
        v("ck_theory_sitting_items_position_positive", "theory_sitting_items", "position = 0", {}),
        v("ck_theory_item_versions_points_positive", "theory_item_versions", "points = 0", {}),
        v("ck_theory_item_versions_number_positive", "theory_item_versions", "number = 0", {}),
    ]
    # every enum column refuses what is not one of its stored members
    tables = _tables()
    for table_name, column, _cls in _enum_columns():
        enum_type = tables[table_name].c[column].type
        for i, wrong in enumerate(_not_a_member(enum_type)):
            rules.append(
                v(
                    f"ck_{table_name}_{enum_type.name}",
                    table_name,
                    f"{column} = :wrong{i}",
                    {f"wrong{i}": wrong},
                )
            )
    return rules


def _accepted(db, world: dict, rule: Violation) -> bool:  # type: ignore[no-untyped-def]
    """Run the violating UPDATE in a savepoint; True when the database took it."""
    key = world[rule.table]
    where = "WHERE id = :row_id" if key is not None else ""
    statement = text(f"UPDATE {rule.table} SET {rule.assignments} {where}")
    params = {"row_id": key} if key is not None else {}
    binds = []
    for name, value in rule.params.items():
        if hasattr(value, "type"):  # a typed bindparam: write what the ORM would
            binds.append(value)
            params[name] = value.value
        else:
            params[name] = value
    if binds:
        statement = statement.bindparams(*binds)
    savepoint = db.session.begin_nested()
    try:
        result = db.session.execute(statement, params)
        assert result.rowcount >= 1, f"{rule.table}: no row to update"
    except IntegrityError:
        savepoint.rollback()
        return False
    savepoint.rollback()
    return True


def test_every_check_constraint_refuses_a_violating_row(db, world) -> None:
    rules = _violations()
    accepted = [
        f"{r.constraint}: UPDATE {r.table} SET {r.assignments} {r.params}"
        for r in rules
        if _accepted(db, world, r)
    ]
    assert not accepted, "the database accepted rows it should refuse:\n" + "\n".join(accepted)


def test_every_constraint_of_these_tables_is_exercised(app_ctx) -> None:
    """A new CHECK constraint (or enum column) needs a violating row in `_violations`."""
    covered = {r.constraint for r in _violations()}
    assert _check_names() - covered == set()
    assert covered - _check_names() == set()  # no rule for a constraint that does not exist
