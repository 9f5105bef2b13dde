"""Access matrix entries of rater statistics and calibration (ratingstats branch).

The calibration attempt belongs to another assessor: the world's assessor gets 404 for it.
"""

from __future__ import annotations

from tests.support.access import ADMIN, only

NOT_MINE = only("assessor", assessor="N")

ENTRIES = {
    "rater_stats.overview": ({}, ADMIN),
    "rater_stats.export_csv": ({}, ADMIN),
    "rater_stats.settings": ({}, ADMIN),
    "calibration.admin_index": ({}, ADMIN),
    "calibration.admin_benchmark": ({"public_id": "benchmark_response"}, ADMIN),
    "calibration.admin_toggle": ({"public_id": "benchmark"}, ADMIN),
    "calibration.admin_attempt": ({"public_id": "calibration_attempt"}, ADMIN),
    "calibration.home": ({}, only("assessor")),
    "calibration.start": ({}, only("assessor")),
    "calibration.attempt": ({"public_id": "calibration_attempt"}, NOT_MINE),
    "calibration.save_draft": ({"public_id": "calibration_attempt"}, NOT_MINE),
    "calibration.submit": ({"public_id": "calibration_attempt"}, NOT_MINE),
}


def confirmed_response(make, position: int = 2):  # type: ignore[no-untyped-def]
    """A submitted candidate's confirmed response with a ready recording."""
    from ksf_b.assessment.models import Response, Take
    from ksf_b.db_types import utcnow
    from ksf_b.journey.models import CandidateState

    scenario = make.scenario(position=position)
    candidate = make.candidate(state=CandidateState.RATED, holds_a=True)
    assessment = make.assessment(candidate)
    response = make._save(Response(assessment=assessment, scenario=scenario))
    asset = make.ready_asset(b"\x00\x00\x00\x18ftypmp42", b"poster", owner=candidate.user)
    take = make._save(Take(response=response, number=1, asset=asset))
    response.confirmed_take = take
    response.confirmed_at = utcnow()
    make.db.session.commit()
    return response


def extend_world(make, world) -> None:  # type: ignore[no-untyped-def]
    """A benchmark response and another (uncalibrated) assessor's attempt over it."""
    from assessors import calibration_operations as ops

    response = confirmed_response(make)
    agreed = dict.fromkeys(response.scenario.competency_codes, "3")
    benchmark = ops.mark_benchmark(response, agreed, "Afgesproken.", world.users["admin"])
    other = make.assessor(calibrated=False)
    attempt = ops.start_attempt(other)
    make.db.session.commit()
    world.ids.update(
        benchmark_response=response.public_id,
        benchmark=benchmark.public_id,
        calibration_attempt=attempt.public_id,
    )
