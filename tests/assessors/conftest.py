"""A candidate with ten real, playable responses and two calibrated assessors assigned."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assessors import assignment as assign_ops
from assessors import operations as ops


@dataclass
class RatingWorld:
    candidate: object
    first: object  # RatingAssignment
    second: object
    lead: object  # User


@pytest.fixture
def rating_world(db, make) -> RatingWorld:  # type: ignore[no-untyped-def]
    a, b = make.assessor(), make.assessor()
    lead = make.assessor(lead=True, max_open=0)  # never assigned, moderates
    candidate = make.submitted_part2(ready=True)
    first, second = assign_ops.active_assignments(candidate)
    assert {first.assessor_id, second.assessor_id} == {a.id, b.id}
    return RatingWorld(candidate, first, second, lead)


def fill(assignment, value: int = 3, overrides: dict | None = None) -> None:  # type: ignore[no-untyped-def]
    """Give every competency of every response `value` (overrides: {(position, code): v})."""
    overrides = overrides or {}
    for response in ops.responses_of(assignment.candidate):
        fields = {
            f"score-{code}": str(overrides.get((response.scenario.position, code), value))
            for code in response.scenario.competency_codes
        }
        ops.save_draft(assignment, response, fields, None)


def draft_url(assignment, number: int = 1) -> str:  # type: ignore[no-untyped-def]
    return f"/beoordelen/{assignment.public_id}/opname/{number}/concept"


def post_json(client, url: str, body: dict):  # type: ignore[no-untyped-def]
    token = client.get("/api/csrf-token").json["csrf_token"]
    return client.post(url, json=body, headers={"X-CSRFToken": token})


def post_form(client, url: str, data: dict | None = None):  # type: ignore[no-untyped-def]
    token = client.get("/api/csrf-token").json["csrf_token"]
    return client.post(url, data={**(data or {}), "csrf_token": token})
