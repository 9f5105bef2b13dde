"""Access matrix entries of the rating (assessors/): every route, as each principal.

The world's assessor is NOT assigned to the rating candidate (another assessor is), and is not
a lead: every assessor page of that candidate answers 404 to them, moderation 403.
"""

from __future__ import annotations

from datetime import timedelta

from tests.support.access import ADMIN, only

OTHER = {"public_id": "rating_assignment"}
RESPONSE = {"public_id": "rating_assignment", "number": "1"}
# assessor pages: someone else's assignment is never revealed
NOT_MINE = only("assessor", assessor="N")
# JSON autosave: 401 JSON when logged out, 403 JSON for other roles, 404 for someone else's
NOT_MINE_JSON = only("assessor", assessor="N")

ENTRIES = {
    "rating.home": ({}, only("assessor")),
    "rating.candidate": (OTHER, NOT_MINE),
    "rating.response": (RESPONSE, NOT_MINE),
    "rating.save_draft": (RESPONSE, NOT_MINE_JSON),
    "rating.submit": (OTHER, NOT_MINE),
    "rating.conflict": (OTHER, NOT_MINE),
    # moderation: lead assessors only (the world's assessor is not a lead)
    "moderation.case": ({"public_id": "moderation_case"}, only("assessor", assessor="F")),
    "moderation.consensus": ({"public_id": "moderation_case"}, only("assessor", assessor="F")),
    "moderation.third": ({"public_id": "moderation_case"}, only("assessor", assessor="F")),
    # admin
    "rating_admin.overview": ({}, ADMIN),
    "rating_admin.candidate": ({"public_id": "rating_candidate"}, ADMIN),
    "rating_admin.assign_missing": ({"public_id": "rating_candidate"}, ADMIN),
    "rating_admin.reassign": (OTHER, ADMIN),
    "rating_admin.settings": ({}, ADMIN),
    "rating_admin.assessors": ({}, ADMIN),
    "rating_admin.profile": ({"public_id": "assessor_user"}, ADMIN),
    "rating_admin.rubric_list": ({}, ADMIN),
    "rating_admin.rubric_draft": ({}, ADMIN),
    "rating_admin.rubric_version": ({"number": "1"}, ADMIN),
    "rating_admin.rubric_publish": ({"number": "1"}, ADMIN),
}


def extend_world(make, world) -> None:  # type: ignore[no-untyped-def]
    """A candidate in rating, assigned to another assessor, with a moderation case."""
    from assessors import rubrics
    from assessors.models import AssignmentKind, ModerationCase, RatingAssignment
    from ksf_b.db_types import utcnow
    from ksf_b.journey.models import CandidateState

    rubrics.current()
    rater = make.assessor()
    candidate = make.candidate(state=CandidateState.RATING, holds_a=True)
    row = make._save(
        RatingAssignment(
            candidate=candidate,
            assessor=rater,
            kind=AssignmentKind.FIRST,
            deadline_at=utcnow() + timedelta(days=10),
        )
    )
    case = make._save(ModerationCase(candidate=candidate, disputed_codes="analysis"))
    world.ids.update(
        rating_assignment=row.public_id,
        rating_candidate=candidate.public_id,
        moderation_case=case.public_id,
        assessor_user=world.users["assessor"].public_id,
    )
