"""Verdict operations: propose and confirm, override with four eyes, release, certificate B.

Views parse, authorise and call these; operations change rows and flush, the view commits
(then sends the mails of `verdict_notifications`). The rule itself is `assessors.verdict`.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from assessors import verdict as rule
from assessors.verdict_models import (
    Appeal,
    AppealStatus,
    Verdict,
    VerdictSettings,
    VerdictStatus,
)
from certificates.operations import issue_certificate
from certificates.programmes import Programme
from ksf_b import audit
from ksf_b.accounts.models import User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.journey import states
from ksf_b.journey.models import Candidate, CandidateState, JourneyEvent

S = CandidateState
PART1_DECISIONS = ("approve_part1", "require_theory_a", "reject_part1")


class VerdictRefused(Exception):
    """An action the verdict workflow does not allow now; `message` says why in Dutch."""

    def __init__(self, message: object, status: int = 409) -> None:
        super().__init__(str(message))
        self.message = message
        self.status = status


def get_settings() -> VerdictSettings:
    """The settings row, created with the documented defaults on first use."""
    return VerdictSettings.load()


def rules() -> rule.VerdictRules:
    return rule.VerdictRules.of(get_settings())


# --- what the verdict is made of ----------------------------------------------------------


@dataclass(frozen=True)
class Part1Decision:
    approved: bool
    reason: str | None
    event: JourneyEvent | None


def part1_decision(candidate: Candidate) -> Part1Decision:
    """KSF's decision on part 1 and its reason, from the journey's audit trail."""
    events = [e for e in candidate.events if e.transition in PART1_DECISIONS]
    if not events:
        return Part1Decision(False, None, None)
    last = events[-1]
    return Part1Decision(last.transition != "reject_part1", last.reason, last)


def part2_outcome(candidate: Candidate):  # type: ignore[no-untyped-def]
    """The integrated part-2 outcome of the current round (see `verdict_appeals`)."""
    from assessors.verdict_appeals import round_outcome

    return round_outcome(candidate)


def facts_of(candidate: Candidate, outcome) -> rule.VerdictInput:  # type: ignore[no-untyped-def]
    return rule.VerdictInput(
        part1_approved=part1_decision(candidate).approved,
        holds_certificate_a=candidate.holds_certificate_a,
        part2_passed=None if outcome is None else outcome.passed,
        part2_reasons=tuple(outcome.reasons) if outcome is not None else (),
    )


def proposal_of(candidate: Candidate):  # type: ignore[no-untyped-def]
    """(the rule's proposal, the part-2 outcome it is based on)."""
    outcome = part2_outcome(candidate)
    return rule.propose(facts_of(candidate, outcome), rules()), outcome


def verdicts_of(candidate: Candidate) -> list[Verdict]:
    """Every verdict of the candidate, oldest first (the history)."""
    return list(
        db.session.scalars(
            select(Verdict).where(Verdict.candidate_id == candidate.id).order_by(Verdict.id)
        )
    )


def current_verdict(candidate: Candidate) -> Verdict | None:
    """The latest verdict that was not withdrawn."""
    live = [v for v in verdicts_of(candidate) if v.status is not VerdictStatus.WITHDRAWN]
    return live[-1] if live else None


def released_verdict(candidate: Candidate) -> Verdict | None:
    """The latest released verdict: what the candidate and manager see."""
    released = [v for v in verdicts_of(candidate) if v.is_released]
    return released[-1] if released else None


def current_round(candidate: Candidate) -> int:
    upheld = db.session.scalars(
        select(Appeal).where(
            Appeal.candidate_id == candidate.id,
            Appeal.status.in_([AppealStatus.RERATING, AppealStatus.DECIDED]),
        )
    ).all()
    return 1 + len(upheld)


# --- proposing and confirming -------------------------------------------------------------


def _require(candidate: Candidate, *allowed: CandidateState) -> None:
    if candidate.state not in allowed:
        raise VerdictRefused(_l("Dit kan nu niet: de toestand is inmiddels veranderd."))


def _new_verdict(candidate: Candidate, actor: User, proposal, outcome, decision) -> Verdict:  # type: ignore[no-untyped-def]
    verdict = Verdict(
        candidate=candidate,
        round=current_round(candidate),
        proposed_passed=proposal.passed,
        passed=decision.passed,
        explanation=proposal.explanation,
        competency_scores=dict(outcome.competency_scores) if outcome else {},
        part2_mean=outcome.mean if outcome else None,
        is_override=decision.is_override,
        override_reason=decision.reason if decision.is_override else None,
        proposed_by=actor,
        proposed_at=utcnow(),
    )
    db.session.add(verdict)
    return verdict


def _confirm(verdict: Verdict, actor: User, reason: str | None = None) -> None:
    verdict.status = VerdictStatus.CONFIRMED
    verdict.confirmed_by = actor
    verdict.confirmed_at = utcnow()
    db.session.flush()
    audit.record(
        "verdict.confirmed",
        actor=actor,
        subject=audit.subject_of(verdict.candidate),
        details={
            "verdict": verdict.public_id,
            "passed": verdict.passed,
            "override": verdict.is_override,
        },
    )
    states.confirm_verdict(verdict.candidate, actor, reason)


def confirm_proposal(candidate: Candidate, actor: User) -> Verdict:
    """The admin agrees with the rule: the verdict is proposed and confirmed at once."""
    _require(candidate, S.RATED)
    proposal, outcome = proposal_of(candidate)
    decision = rule.decide(proposal, proposal.passed, "", rules())
    verdict = _new_verdict(candidate, actor, proposal, outcome, decision)
    db.session.flush()
    states.propose_verdict(candidate, actor, proposal.explanation)
    _confirm(verdict, actor)
    return verdict


def override(candidate: Candidate, actor: User, passed: bool, reason: str) -> Verdict:
    """The admin decides against the rule, with a reason; four eyes: a second admin confirms."""
    _require(candidate, S.RATED)
    proposal, outcome = proposal_of(candidate)
    settings = rules()
    try:
        decision = rule.decide(proposal, passed, reason, settings)
    except rule.OverrideRefused:
        raise VerdictRefused(
            _l(
                "Geef bij een afwijking van het voorstel een reden van minstens %(n)d tekens.",
                n=settings.override_reason_min,
            ),
            status=422,
        ) from None
    if not decision.is_override:
        raise VerdictRefused(_l("Dit is het voorstel zelf: bevestig het voorstel."), status=422)
    verdict = _new_verdict(candidate, actor, proposal, outcome, decision)
    db.session.flush()
    audit.record(
        "verdict.overridden",
        actor=actor,
        subject=audit.subject_of(candidate),
        details={
            "verdict": verdict.public_id,
            "proposed_passed": proposal.passed,
            "passed": passed,
            "reason": decision.reason,
            "needs_second_admin": decision.needs_second_admin,
        },
    )
    states.propose_verdict(candidate, actor, decision.reason)
    if not decision.needs_second_admin:
        _confirm(verdict, actor, decision.reason)
    return verdict


def pending_override(candidate: Candidate) -> Verdict | None:
    verdict = current_verdict(candidate)
    if verdict is not None and verdict.status is VerdictStatus.PROPOSED:
        return verdict
    return None


def confirm_override(verdict: Verdict, actor: User) -> Verdict:
    """A second admin confirms an override (never the admin who made it, with four eyes on)."""
    _require(verdict.candidate, S.VERDICT_PROPOSED)
    if verdict.status is not VerdictStatus.PROPOSED:
        raise VerdictRefused(_l("Dit kan nu niet: de toestand is inmiddels veranderd."))
    if not rule.may_confirm_override(verdict.proposed_by_id or 0, actor.id, rules()):
        raise VerdictRefused(
            _l("Een tweede beheerder moet deze afwijking bevestigen (vier ogen)."), status=403
        )
    _confirm(verdict, actor, verdict.override_reason)
    return verdict


def reject_override(verdict: Verdict, actor: User, reason: str) -> Verdict:
    """The second admin does not confirm the override: the rule's proposal is confirmed."""
    _require(verdict.candidate, S.VERDICT_PROPOSED)
    reason = (reason or "").strip()
    if not reason:
        raise VerdictRefused(_l("Geef een reden waarom je de afwijking niet bevestigt."), 422)
    if not rule.may_confirm_override(verdict.proposed_by_id or 0, actor.id, rules()):
        raise VerdictRefused(
            _l("Een tweede beheerder moet deze afwijking beoordelen (vier ogen)."), status=403
        )
    verdict.status = VerdictStatus.WITHDRAWN
    verdict.withdrawn_reason = reason
    audit.record(
        "verdict.override_rejected",
        actor=actor,
        subject=audit.subject_of(verdict.candidate),
        details={"verdict": verdict.public_id, "reason": reason},
    )
    proposal, outcome = proposal_of(verdict.candidate)
    decision = rule.decide(proposal, proposal.passed, "", rules())
    replacement = _new_verdict(verdict.candidate, actor, proposal, outcome, decision)
    db.session.flush()
    _confirm(replacement, actor, reason)
    return replacement


# --- release --------------------------------------------------------------------------------


def release(candidate: Candidate, actor: User) -> Verdict:
    """Make the confirmed verdict known; a pass earns certificate B."""
    _require(candidate, S.VERDICT_CONFIRMED)
    verdict = current_verdict(candidate)
    if verdict is None or verdict.status is not VerdictStatus.CONFIRMED:
        raise VerdictRefused(_l("Dit kan nu niet: de toestand is inmiddels veranderd."))
    verdict.status = VerdictStatus.RELEASED
    verdict.released_by = actor
    verdict.released_at = utcnow()
    if verdict.passed:
        verdict.certificate = issue_certificate(
            candidate.user,
            Programme.B,
            actor=actor,
            issued_on=verdict.released_at.date(),
            source_ref=f"candidate:{candidate.public_id}",
        )
    for appeal in db.session.scalars(
        select(Appeal).where(
            Appeal.candidate_id == candidate.id, Appeal.status == AppealStatus.RERATING
        )
    ):
        appeal.status = AppealStatus.DECIDED
        appeal.new_verdict = verdict
    db.session.flush()
    audit.record(
        "verdict.released",
        actor=actor,
        subject=audit.subject_of(candidate),
        details={
            "verdict": verdict.public_id,
            "passed": verdict.passed,
            "certificate": verdict.certificate.number if verdict.certificate else None,
        },
    )
    states.release_result(candidate, actor)
    return verdict


def release_many(candidates: list[Candidate], actor: User) -> list[Verdict]:
    """Release every confirmed verdict among `candidates` (the batch on the dashboard)."""
    return [release(c, actor) for c in candidates if c.state is S.VERDICT_CONFIRMED]


def confirm_many(candidates: list[Candidate], actor: User) -> list[Verdict]:
    """Confirm the rule's proposal for every rated candidate among `candidates`."""
    return [confirm_proposal(c, actor) for c in candidates if c.state is S.RATED]
