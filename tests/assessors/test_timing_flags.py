"""The rating screen flags what the server's thinking-time rule recorded (docs/recording.md)."""

from __future__ import annotations

from assessors import operations as ops
from ksf_b.db_types import utcnow
from tests.assessors.test_rating_http import client_for


def test_the_assessor_sees_a_late_start_an_overrun_and_a_lapsed_first_take(app, db, rating_world):
    w = rating_world
    first, second = ops.responses_of(w.candidate)[:2]
    take = first.confirmed_take
    take.allowed_seconds, take.late_seconds = 85, 35
    take.asset.duration_seconds = 101.0  # 16 s past 85, 6 s past the 10 s grace
    second.first_take_missed_at = utcnow()
    db.session.commit()
    client = client_for(app, w.first.assessor)

    page = client.get(f"/beoordelen/{w.first.public_id}/opname/1").get_data(as_text=True)
    assert 'data-flag="late-start"' in page and "ingekort tot 85 seconden" in page
    assert 'data-flag="overrun"' in page and "6 seconden langer dan toegestaan" in page
    assert 'data-flag="first-take-missed"' not in page

    page = client.get(f"/beoordelen/{w.first.public_id}/opname/2").get_data(as_text=True)
    assert 'data-flag="first-take-missed"' in page and "De eerste opname is vervallen" in page
    assert 'data-flag="late-start"' not in page and 'data-flag="overrun"' not in page
