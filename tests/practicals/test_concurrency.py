"""Two tabs of the examiner's checklist saving at once: compare-and-set, and the sign-off lock.

Every save goes through the real autosave endpoint (`/praktijk/<id>/concept`), each tab with
its own client (its own session and database connection, as two browser tabs' requests are).
Run on SQLite and with `--postgres`.
"""

from __future__ import annotations

import threading

from flask.testing import FlaskClient

from practicals import operations as ops
from practicals.models import Observation, ObservationMark, ObservationStatus
from practicals.rules import GOOD, NA, NOT_GOOD
from tests.ksf_b.journey.support import body, post_form, sign_in
from tests.practicals import support

STALE = "Er is intussen een nieuwere versie opgeslagen."
LOCKED = "Deze checklist is afgetekend (of geannuleerd) en kan niet meer veranderen."
MARK = "mark-1-1.1a"


def save(client: FlaskClient, public_id: str, fields: dict, revision: int | None):  # type: ignore[no-untyped-def]
    token = client.get("/api/csrf-token").json["csrf_token"]
    return client.post(
        f"/praktijk/{public_id}/concept",
        json={"fields": fields, "revision": revision},
        headers={"X-CSRFToken": token},
    )


def tab(app, examiner) -> FlaskClient:  # type: ignore[no-untyped-def]
    client = app.test_client()
    sign_in(client, examiner)
    return client


def stored(db, observation_id: int) -> tuple[int, dict[str, str]]:  # type: ignore[no-untyped-def]
    """The observation's revision and marks as the database holds them now."""
    db.session.expire_all()
    observation = db.session.get(Observation, observation_id)
    values = ops.values_of(observation)
    return observation.revision, {k: v for k, v in values.items() if k.startswith("mark-")}


def test_the_stale_tab_gets_409_with_the_current_revision_and_loses_nothing(app, make, db):
    obs = support.observation(make)
    first, second = tab(app, obs.examiner), tab(app, obs.examiner)
    public_id, obs_id = obs.public_id, obs.id

    won = save(first, public_id, {MARK: GOOD}, 0)
    assert won.status_code == 200 and won.json["revision"] == 1

    lost = save(second, public_id, {MARK: NOT_GOOD, "mark-1-1.1b": NA}, 0)
    assert lost.status_code == 409
    assert lost.json == {"error": STALE, "status": 409, "code": "stale", "revision": 1}
    assert stored(db, obs_id) == (1, {MARK: GOOD})  # the refused save changed nothing

    # the script adopts the revision and resends its own changes: both tabs' work is kept
    again = save(second, public_id, {"mark-1-1.1b": NA}, lost.json["revision"])
    assert again.status_code == 200 and again.json["revision"] == 2
    assert stored(db, obs_id) == (2, {MARK: GOOD, "mark-1-1.1b": NA})


def test_two_tabs_saving_the_same_mark_at_the_same_moment(app, make, db):
    """Both from revision 0, truly at once: one stores, the other gets 409 stale, no 500."""
    obs = support.observation(make)
    tabs = [tab(app, obs.examiner), tab(app, obs.examiner)]
    public_id, obs_id = obs.public_id, obs.id
    tokens = [c.get("/api/csrf-token").json["csrf_token"] for c in tabs]
    values = [GOOD, NOT_GOOD]
    barrier = threading.Barrier(2)
    answers: list[object] = [None, None]

    def run(index: int) -> None:
        barrier.wait()
        try:
            answers[index] = tabs[index].post(
                f"/praktijk/{public_id}/concept",
                json={"fields": {MARK: values[index]}, "revision": 0},
                headers={"X-CSRFToken": tokens[index]},
            )
        except Exception as error:  # a crash in the thread must fail the test, not vanish
            answers[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    statuses = sorted(a.status_code for a in answers)  # type: ignore[union-attr]
    assert statuses == [200, 409], answers
    winner = next(i for i, a in enumerate(answers) if a.status_code == 200)  # type: ignore[union-attr]
    loser = answers[1 - winner]
    assert loser.json["code"] == "stale" and loser.json["error"] == STALE  # type: ignore[union-attr]
    assert loser.json["revision"] == 1  # type: ignore[union-attr]
    assert stored(db, obs_id) == (1, {MARK: values[winner]})
    marks = db.session.query(ObservationMark).filter_by(code="1.1a").all()
    assert len(marks) == 1

    resent = save(tabs[1 - winner], public_id, {MARK: values[1 - winner]}, 1)
    assert resent.status_code == 200 and resent.json["revision"] == 2
    assert stored(db, obs_id) == (2, {MARK: values[1 - winner]})


def test_a_signed_off_checklist_refuses_further_marks(app, make, db):
    obs = support.observation(make)
    support.fill_chat(obs, GOOD)
    open_tab = tab(app, obs.examiner)
    revision = obs.revision  # the tab rendered the checklist before the sign-off
    signer = tab(app, obs.examiner)
    assert support.sign_off_form(signer, obs).status_code == 302
    before = stored(db, obs.id)
    assert db.session.get(Observation, obs.id).status is ObservationStatus.SIGNED_OFF

    for from_revision in (revision, before[0]):  # a stale tab and an up-to-date one alike
        refused = save(open_tab, obs.public_id, {MARK: NOT_GOOD}, from_revision)
        assert refused.status_code == 409
        assert refused.json["code"] == "locked" and refused.json["error"] == LOCKED
    plain = post_form(
        open_tab, f"/praktijk/{obs.public_id}", {MARK: NOT_GOOD}, f"/praktijk/{obs.public_id}"
    )
    assert plain.status_code == 409 and "afgetekend" in body(plain)
    assert stored(db, obs.id) == before
