"""A demo candidate whose recording was cut off: the recovery a newcomer should meet.

Olaf Onderbroken prepared (consent, device check, practice), played the first scenario, thought
and started recording; then his browser closed before the upload was finalized. All of it goes
through the real operations, so when he logs in and opens the exam, the server finds the open
upload, stamps the take as interrupted (`mark_interrupted`) and the page offers a free new take
("deze opname telt niet mee"), exactly as after a real crash (docs/recording.md).
"""

from __future__ import annotations

from ksf_b.accounts.models import Company, Role, User
from ksf_b.assessment import operations as ops
from ksf_b.extensions import db
from ksf_b.journey.models import CandidateState

EMAIL = "onderbroken@klantbedrijf.example"


def seed_interrupted_take(users: dict[Role, User], company: Company) -> None:
    """Create the candidate with one open, never finalized take on scenario 1."""
    from ksf_b.journey.demo import demo_case

    if not ops.active_scenarios():
        return
    state = CandidateState.ASSESSMENT_INVITED
    candidate = demo_case(EMAIL, "Olaf Onderbroken", users, company, state)
    user = candidate.user
    assessment = ops.ensure_assessment(candidate, users[Role.ADMIN])
    ops.give_consent(assessment, user)
    ops.record_device_check(assessment, user)
    ops.complete_practice(assessment, user)
    response = ops.current_response(assessment)
    ops.register_prompt_play(response, user)
    ops.start_thinking(response, user)
    ops.open_take(response, user)  # the upload session stays open: the tab was closed
    db.session.flush()


def demo_logins() -> list[tuple[str, str]]:
    """The login this seeder adds, for the start-up list."""
    return [(EMAIL, "opname onderbroken: het assessment biedt een nieuwe poging")]
