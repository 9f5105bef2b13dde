"""Verdict operations on real rows: confirm, override with four eyes, release, certificate B."""

from __future__ import annotations

import pytest

from assessors import verdict_ops as ops
from assessors.verdict_models import VerdictStatus
from ksf_b.accounts.models import Role
from ksf_b.journey.models import CandidateState

S = CandidateState


def test_rated_candidate_gets_the_rule_proposal(make) -> None:
    candidate = make.rated_candidate(default=4)
    proposal, outcome = ops.proposal_of(candidate)
    assert outcome.passed is True
    assert proposal.passed is True
    assert proposal.reasons[0] == "onderdeel 1 goedgekeurd"


def test_confirm_and_release_a_pass_issues_certificate_b(make, db) -> None:
    admin = make.user(Role.ADMIN)
    candidate = make.rated_candidate(default=4)
    verdict = ops.confirm_proposal(candidate, admin)
    db.session.commit()
    assert candidate.state is S.VERDICT_CONFIRMED
    assert [e.transition for e in candidate.events][-2:] == ["propose_verdict", "confirm_verdict"]
    ops.release(candidate, admin)
    db.session.commit()
    assert candidate.state is S.RESULT_RELEASED
    assert verdict.status is VerdictStatus.RELEASED
    assert verdict.certificate.number.startswith("KSF-B-")
    assert verdict.certificate.holder_id == candidate.user_id


def test_fail_on_one_competency_gives_no_certificate(make, db) -> None:
    admin = make.user(Role.ADMIN)
    candidate = make.rated_candidate(values={"flexibility": 2}, default=4)
    proposal, _outcome = ops.proposal_of(candidate)
    assert proposal.passed is False
    assert any(r.startswith("Flexibiliteit 2,0 < 3,0") for r in proposal.reasons)
    ops.confirm_proposal(candidate, admin)
    verdict = ops.release(candidate, admin)
    db.session.commit()
    assert verdict.passed is False
    assert verdict.certificate is None


def test_override_needs_a_second_admin(make, db) -> None:
    first, second = make.user(Role.ADMIN), make.user(Role.ADMIN)
    candidate = make.rated_candidate(values={"flexibility": 2}, default=4)
    reason = "Scenario 3 had een defecte video; Flexibiliteit is daar niet eerlijk te beoordelen."
    with pytest.raises(ops.VerdictRefused):
        ops.override(candidate, first, True, "te kort")
    verdict = ops.override(candidate, first, True, reason)
    db.session.commit()
    assert candidate.state is S.VERDICT_PROPOSED
    with pytest.raises(ops.VerdictRefused) as refused:
        ops.confirm_override(verdict, first)
    assert refused.value.status == 403
    ops.confirm_override(verdict, second)
    db.session.commit()
    assert candidate.state is S.VERDICT_CONFIRMED
    assert (verdict.passed, verdict.proposed_passed, verdict.is_override) == (True, False, True)
    assert verdict.confirmed_by == second
