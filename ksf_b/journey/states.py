"""The one state machine of the B journey: every transition is a named function here.

Each transition checks where the candidate is, moves them, and writes a `JourneyEvent`.
An illegal move raises `IllegalTransition`, which views turn into a Dutch 409 message.
Callers commit; transitions only flush.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ksf_b import audit
from ksf_b.accounts.models import User
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate, CandidateState, JourneyEvent

S = CandidateState


class IllegalTransition(Exception):
    """A state change that the B flow does not allow from the candidate's current state."""

    def __init__(self, name: str, state: CandidateState) -> None:
        super().__init__(f"{name} is not allowed from {state}")
        self.name = name
        self.state = state


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[CandidateState]
    target: CandidateState


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("start_dossier", frozenset({S.NOMINATED}), S.DOSSIER_IN_PROGRESS),
        Transition(
            "complete_part1", frozenset({S.NOMINATED, S.DOSSIER_IN_PROGRESS}), S.PART1_SUBMITTED
        ),
        Transition("approve_part1", frozenset({S.PART1_SUBMITTED}), S.ASSESSMENT_INVITED),
        Transition("require_theory_a", frozenset({S.PART1_SUBMITTED}), S.THEORY_A_REQUIRED),
        Transition("reject_part1", frozenset({S.PART1_SUBMITTED}), S.PART1_REJECTED),
        Transition("unlock_assessment", frozenset({S.THEORY_A_REQUIRED}), S.ASSESSMENT_INVITED),
        Transition("start_recording", frozenset({S.ASSESSMENT_INVITED}), S.RECORDING),
        Transition("submit_part2", frozenset({S.RECORDING}), S.PART2_SUBMITTED),
        Transition("start_rating", frozenset({S.PART2_SUBMITTED}), S.RATING),
        Transition("require_moderation", frozenset({S.RATING}), S.MODERATION),
        Transition("complete_rating", frozenset({S.RATING, S.MODERATION}), S.RATED),
        Transition("propose_verdict", frozenset({S.RATED}), S.VERDICT_PROPOSED),
        Transition("confirm_verdict", frozenset({S.VERDICT_PROPOSED}), S.VERDICT_CONFIRMED),
        Transition("release_result", frozenset({S.VERDICT_CONFIRMED}), S.RESULT_RELEASED),
        Transition("reopen_for_appeal", frozenset({S.RESULT_RELEASED}), S.RATING),
        # after a moderation the fresh rating is the third opinion that resolves it again
        Transition("reopen_for_appeal_moderated", frozenset({S.RESULT_RELEASED}), S.MODERATION),
    )
}

# State labels per reader (docs/copy-guide.md): the same state in the words of who reads it.
# Add a new state to every dict; a reader without an entry falls back to STATE_LABELS.
# What the candidate sees as "where am I / what next" on their dashboard.
STATE_LABELS = {
    S.NOMINATED: _l("Aangemeld door je leidinggevende"),
    S.DOSSIER_IN_PROGRESS: _l("Motivatiedossier in bewerking"),
    S.PART1_SUBMITTED: _l("Onderdeel 1 ingediend, wacht op beoordeling door de KSF"),
    S.PART1_REJECTED: _l("Onderdeel 1 niet goedgekeurd"),
    S.THEORY_A_REQUIRED: _l("Eerst de online toets voor certificaat A"),
    S.ASSESSMENT_INVITED: _l("Uitgenodigd voor het online assessment"),
    S.RECORDING: _l("Online assessment bezig"),
    S.PART2_SUBMITTED: _l("Onderdeel 2 ingediend"),
    S.RATING: _l("Opnames worden beoordeeld"),
    S.MODERATION: _l("Beoordelingen worden besproken"),
    S.RATED: _l("Opnames beoordeeld"),
    S.VERDICT_PROPOSED: _l("Eindoordeel in voorbereiding"),
    S.VERDICT_CONFIRMED: _l("Eindoordeel vastgesteld"),
    S.RESULT_RELEASED: _l("Uitslag bekend"),
}

# What the manager reads about their candidate (nomination dashboard).
MANAGER_STATE_LABELS = {
    S.NOMINATED: _l("Aangemeld; de kandidaat is nog niet aan het dossier begonnen"),
    S.DOSSIER_IN_PROGRESS: _l("De kandidaat schrijft het motivatiedossier"),
    S.PART1_SUBMITTED: _l("Onderdeel 1 ingediend, de KSF beoordeelt het"),
    S.PART1_REJECTED: _l("Onderdeel 1 niet goedgekeurd"),
    S.THEORY_A_REQUIRED: _l("Onderdeel 1 goedgekeurd; eerst de toets voor certificaat A"),
    S.ASSESSMENT_INVITED: _l("Uitgenodigd voor het online assessment"),
    S.RECORDING: _l("Bezig met het online assessment"),
    S.PART2_SUBMITTED: _l("Onderdeel 2 ingediend"),
    S.RATING: _l("Opnames worden beoordeeld"),
    S.MODERATION: _l("Opnames worden beoordeeld"),
    S.RATED: _l("Opnames beoordeeld, eindoordeel volgt"),
    S.VERDICT_PROPOSED: _l("Eindoordeel in voorbereiding"),
    S.VERDICT_CONFIRMED: _l("Eindoordeel vastgesteld"),
    S.RESULT_RELEASED: _l("Uitslag bekend"),
}

# What KSF staff (admins, assessors) read: the case in the office's words, audit trail included.
STAFF_STATE_LABELS = {
    S.NOMINATED: _l("Aangemeld, dossier niet begonnen"),
    S.DOSSIER_IN_PROGRESS: _l("Dossier in bewerking"),
    S.PART1_SUBMITTED: _l("Onderdeel 1 ingediend, wacht op beoordeling"),
    S.PART1_REJECTED: _l("Onderdeel 1 afgewezen"),
    S.THEORY_A_REQUIRED: _l("Goedgekeurd, wacht op certificaat A"),
    S.ASSESSMENT_INVITED: _l("Uitgenodigd voor het assessment"),
    S.RECORDING: _l("Assessment bezig"),
    S.PART2_SUBMITTED: _l("Onderdeel 2 ingediend, wacht op beoordeling"),
    S.RATING: _l("In beoordeling"),
    S.MODERATION: _l("In moderatie: beoordelaars verschillen"),
    S.RATED: _l("Beoordeeld, wacht op eindoordeel"),
    S.VERDICT_PROPOSED: _l("Eindoordeel voorgesteld"),
    S.VERDICT_CONFIRMED: _l("Eindoordeel vastgesteld"),
    S.RESULT_RELEASED: _l("Uitslag vrijgegeven"),
}

STATE_LABELS_FOR = {
    "candidate": STATE_LABELS,
    "manager": MANAGER_STATE_LABELS,
    "staff": STAFF_STATE_LABELS,
}


def state_label(state: CandidateState | str | None, audience: str = "candidate") -> str:
    """Return the label of `state` for `audience` ("candidate", "manager" or "staff").

    Accepts the stored string of an audit record too; an unknown code is shown as it is.
    """
    if not state:
        return "—"
    try:
        key = CandidateState(str(state))
    except ValueError:
        return str(state)
    labels = STATE_LABELS_FOR.get(audience, STATE_LABELS)
    return str(labels.get(key) or STATE_LABELS.get(key) or key.value)


def apply(
    candidate: Candidate, name: str, actor: User | None, reason: str | None = None
) -> JourneyEvent:
    """Move the candidate along transition `name`, or raise `IllegalTransition`."""
    transition = TRANSITIONS[name]
    if candidate.state not in transition.sources:
        raise IllegalTransition(name, candidate.state)
    event = _write_event(candidate, actor, name, str(candidate.state), transition.target, reason)
    candidate.state = transition.target
    db.session.flush()
    return event


def _write_event(
    candidate: Candidate,
    actor: User | None,
    name: str,
    from_state: str,
    to_state: CandidateState,
    reason: str | None = None,
) -> JourneyEvent:
    """Write the journey event and its entry in the audit log (the one place for both)."""
    event = JourneyEvent(
        candidate=candidate,
        actor=actor,
        transition=name,
        from_state=from_state,
        to_state=str(to_state),
        reason=reason,
    )
    db.session.add(event)
    details = {"from": from_state, "to": str(to_state)}
    if reason:
        details["reason"] = reason
    audit.record(
        f"journey.{name}", actor=actor, subject=audit.subject_of(candidate), details=details
    )
    return event


def record_nomination(candidate: Candidate, actor: User | None) -> JourneyEvent:
    """Write the audit record of a new case: who nominated the candidate, and when."""
    event = _write_event(candidate, actor, "nominate", "", candidate.state)
    db.session.flush()
    return event


def start_dossier(candidate: Candidate, actor: User) -> JourneyEvent | None:
    """Mark that the candidate began writing; a no-op once they are past nomination."""
    if candidate.state is S.NOMINATED:
        return apply(candidate, "start_dossier", actor)
    return None


def complete_part1(candidate: Candidate, actor: User) -> JourneyEvent:
    """Dossier and endorsement are both submitted: part 1 goes to KSF."""
    return apply(candidate, "complete_part1", actor)


def approve_part1(candidate: Candidate, actor: User, reason: str) -> JourneyEvent:
    """KSF approves part 1; without certificate A the theory test comes first."""
    if candidate.holds_certificate_a:
        return apply(candidate, "approve_part1", actor, reason)
    return apply(candidate, "require_theory_a", actor, reason)


def reject_part1(candidate: Candidate, actor: User, reason: str) -> JourneyEvent:
    """KSF rejects part 1; the case is closed with the reason shown to candidate and manager."""
    candidate.decision_reason = reason
    return apply(candidate, "reject_part1", actor, reason)


def unlock_assessment(candidate: Candidate, actor: User | None, reason: str) -> JourneyEvent:
    """Certificate A is now held (passed here or registered): part 2 opens."""
    return apply(candidate, "unlock_assessment", actor, reason)


def start_recording(candidate: Candidate, actor: User) -> JourneyEvent | None:
    """The candidate opened the online assessment; idempotent while recording."""
    if candidate.state is S.RECORDING:
        return None
    return apply(candidate, "start_recording", actor)


def submit_part2(candidate: Candidate, actor: User) -> JourneyEvent:
    """All ten responses are stored and verified: part 2 is handed in."""
    return apply(candidate, "submit_part2", actor)


def start_rating(candidate: Candidate, actor: User | None) -> JourneyEvent:
    """Part 2 is handed in and goes to its assessors."""
    return apply(candidate, "start_rating", actor)


def require_moderation(candidate: Candidate, actor: User | None, reason: str) -> JourneyEvent:
    """The two ratings differ too much: a lead assessor moderates."""
    return apply(candidate, "require_moderation", actor, reason)


def complete_rating(candidate: Candidate, actor: User | None, reason: str) -> JourneyEvent:
    """The ratings are integrated (directly or after moderation): part 2 is rated."""
    return apply(candidate, "complete_rating", actor, reason)


def propose_verdict(candidate: Candidate, actor: User | None, reason: str) -> JourneyEvent:
    """A final verdict is put forward (the rule's, or an admin's override of it)."""
    return apply(candidate, "propose_verdict", actor, reason)


def confirm_verdict(candidate: Candidate, actor: User, reason: str | None = None) -> JourneyEvent:
    """An admin confirms the proposed verdict (a second admin for an override)."""
    return apply(candidate, "confirm_verdict", actor, reason)


def release_result(candidate: Candidate, actor: User) -> JourneyEvent:
    """The confirmed result is made known to candidate and manager."""
    return apply(candidate, "release_result", actor)


def reopen_for_appeal(
    candidate: Candidate, actor: User, reason: str, moderated: bool = False
) -> JourneyEvent:
    """An appeal is upheld for re-rating: a fresh assessor rates part 2 again."""
    name = "reopen_for_appeal_moderated" if moderated else "reopen_for_appeal"
    return apply(candidate, name, actor, reason)
