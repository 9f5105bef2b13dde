"""Every transition of the journey: legal moves write an audit event, illegal ones refuse."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ksf_b.journey import states
from ksf_b.journey.models import CandidateState, JourneyEvent
from ksf_b.journey.operations import on_part1_piece_submitted

S = CandidateState

# (function name, call, from state, holds A, expected target)
LEGAL = [
    ("start_dossier", lambda c, a: states.start_dossier(c, a), S.NOMINATED, False,
     S.DOSSIER_IN_PROGRESS),
    ("complete_part1", lambda c, a: states.complete_part1(c, a), S.NOMINATED, False,
     S.PART1_SUBMITTED),
    ("complete_part1", lambda c, a: states.complete_part1(c, a), S.DOSSIER_IN_PROGRESS, False,
     S.PART1_SUBMITTED),
    ("approve_part1", lambda c, a: states.approve_part1(c, a, "Sterk dossier."),
     S.PART1_SUBMITTED, True, S.ASSESSMENT_INVITED),
    ("require_theory_a", lambda c, a: states.approve_part1(c, a, "Sterk dossier."),
     S.PART1_SUBMITTED, False, S.THEORY_A_REQUIRED),
    ("reject_part1", lambda c, a: states.reject_part1(c, a, "Geen STAR-resultaat."),
     S.PART1_SUBMITTED, False, S.PART1_REJECTED),
    ("unlock_assessment", lambda c, a: states.unlock_assessment(c, a, "A geregistreerd"),
     S.THEORY_A_REQUIRED, True, S.ASSESSMENT_INVITED),
    ("start_recording", lambda c, a: states.start_recording(c, a), S.ASSESSMENT_INVITED, True,
     S.RECORDING),
    ("submit_part2", lambda c, a: states.submit_part2(c, a), S.RECORDING, True,
     S.PART2_SUBMITTED),
]  # fmt: skip


@pytest.mark.parametrize(("name", "call", "source", "holds_a", "target"), LEGAL)
def test_legal_transition_moves_and_writes_audit(make, db, name, call, source, holds_a, target):
    admin = make.user(role=make_role("admin"))
    candidate = make.candidate(state=source, holds_a=holds_a)
    event = call(candidate, admin)
    db.session.commit()
    assert candidate.state is target
    stored = db.session.scalars(
        select(JourneyEvent).where(JourneyEvent.candidate_id == candidate.id)
    ).all()
    assert len(stored) == 1 and stored[0] is event
    assert (event.transition, event.actor_id) == (name, admin.id)
    assert (event.from_state, event.to_state) == (source.value, target.value)
    assert event.created_at is not None


def make_role(value: str):  # type: ignore[no-untyped-def]
    from ksf_b.accounts.models import Role

    return Role(value)


def test_decisions_keep_their_reason(make, db) -> None:
    admin = make.user(role=make_role("admin"))
    rejected = make.candidate(state=S.PART1_SUBMITTED)
    states.reject_part1(rejected, admin, "Het dossier is niet compleet.")
    approved = make.candidate(state=S.PART1_SUBMITTED, holds_a=True)
    states.approve_part1(approved, admin, "Overtuigend.")
    db.session.commit()
    assert rejected.decision_reason == "Het dossier is niet compleet."
    assert rejected.events[-1].reason == "Het dossier is niet compleet."
    assert approved.events[-1].reason == "Overtuigend."


ILLEGAL = [
    (lambda c, a: states.complete_part1(c, a), [S.PART1_SUBMITTED, S.PART1_REJECTED,
                                                S.ASSESSMENT_INVITED, S.RECORDING]),
    (lambda c, a: states.approve_part1(c, a, "x"), [S.NOMINATED, S.DOSSIER_IN_PROGRESS,
                                                    S.PART1_REJECTED, S.ASSESSMENT_INVITED]),
    (lambda c, a: states.reject_part1(c, a, "x"), [S.NOMINATED, S.PART1_REJECTED,
                                                   S.THEORY_A_REQUIRED, S.RECORDING]),
    (lambda c, a: states.unlock_assessment(c, a, "x"), [S.NOMINATED, S.PART1_SUBMITTED,
                                                        S.ASSESSMENT_INVITED]),
    (lambda c, a: states.start_recording(c, a), [S.NOMINATED, S.THEORY_A_REQUIRED,
                                                 S.PART1_REJECTED]),
    (lambda c, a: states.submit_part2(c, a), [S.ASSESSMENT_INVITED, S.PART2_SUBMITTED]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("call", "source"), [(call, source) for call, sources in ILLEGAL for source in sources]
)
def test_illegal_transition_raises_and_changes_nothing(make, db, call, source) -> None:
    admin = make.user(role=make_role("admin"))
    candidate = make.candidate(state=source)
    with pytest.raises(states.IllegalTransition):
        call(candidate, admin)
    db.session.rollback()
    assert candidate.state is source
    assert db.session.scalar(select(JourneyEvent)) is None


def test_idempotent_helpers_do_nothing_when_already_past(make, db) -> None:
    candidate = make.candidate(state=S.DOSSIER_IN_PROGRESS)
    assert states.start_dossier(candidate, candidate.user) is None
    recording = make.candidate(state=S.RECORDING)
    assert states.start_recording(recording, recording.user) is None
    assert db.session.scalar(select(JourneyEvent)) is None


def test_part1_completes_only_when_both_pieces_are_submitted(make, db) -> None:
    candidate = make.candidate(state=S.DOSSIER_IN_PROGRESS)
    assert on_part1_piece_submitted(candidate, candidate.user) is None  # nothing yet
    make.bare_dossier(candidate, submitted=True)
    assert on_part1_piece_submitted(candidate, candidate.user) is None  # endorsement missing
    endorsement = make.endorsement(candidate, submitted=False)
    assert on_part1_piece_submitted(candidate, candidate.user) is None  # only a draft
    endorsement.submitted_at = endorsement.draft_saved_at
    event = on_part1_piece_submitted(candidate, candidate.manager)
    assert event is not None and candidate.state is S.PART1_SUBMITTED
    assert event.actor_id == candidate.manager_id
    # a second call (the other piece's hook) is a no-op, not an illegal move
    assert on_part1_piece_submitted(candidate, candidate.user) is None


def test_illegal_move_over_http_is_a_dutch_409(client, make) -> None:
    from tests.ksf_b.journey.support import body, post_form, sign_in

    admin = make.user(role=make_role("admin"))
    candidate = make.candidate(state=S.NOMINATED)
    sign_in(client, admin)
    path = f"/admin/kandidaten/{candidate.public_id}/beoordelen"
    response = post_form(client, path, {"decision": "approve", "reason": "Lijkt me prima zo hoor."})
    assert response.status_code == 409
    assert "Dit kan nu niet" in body(response)
    assert candidate.state is S.NOMINATED
