"""The rating over HTTP: assignment-only access, blindness, compare-and-set, submit, moderation."""

from __future__ import annotations

from assessors import operations as ops
from assessors import rubrics
from assessors.models import AssignmentStatus, ModerationCase, RubricStatus
from ksf_b.accounts.models import Role, User
from ksf_b.journey.models import CandidateState
from tests.assessors.conftest import draft_url, fill, post_form, post_json
from tests.ksf_b.journey.support import sign_in


def client_for(app, user):  # type: ignore[no-untyped-def]
    return sign_in(app.test_client(), user)


def assessor_pages(assignment) -> list[str]:  # type: ignore[no-untyped-def]
    base = f"/beoordelen/{assignment.public_id}"
    return ["/beoordelen", base] + [f"{base}/opname/{n}" for n in range(1, 11)]


def video_url(candidate) -> str:  # type: ignore[no-untyped-def]
    take = ops.responses_of(candidate)[0].confirmed_take
    return f"/media/assets/{take.asset.public_id}/video"


def test_an_assessor_sees_only_their_own_assignment(app, db, make, rating_world):
    w = rating_world
    stranger = make.assessor()
    client = client_for(app, stranger)
    for path in assessor_pages(w.first)[1:]:
        assert client.get(path).status_code == 404, path
    assert post_json(client, draft_url(w.first), {"fields": {}, "revision": 0}).status_code == 404
    assert client.get(video_url(w.candidate)).status_code == 404
    assert w.candidate.public_id not in client.get("/beoordelen").get_data(as_text=True)
    owner = client_for(app, w.first.assessor)
    for path in assessor_pages(w.first):
        assert owner.get(path).status_code == 200, path
    video = owner.get(video_url(w.candidate), headers={"Range": "bytes=0-3"})
    assert video.status_code == 206


def test_no_assessor_page_shows_who_the_candidate_is(app, db, make, rating_world):
    w = rating_world
    user = w.candidate.user
    secrets = [
        user.full_name,
        user.email,
        w.candidate.company.name,
        "1990",
        w.candidate.manager.full_name,
    ]
    client = client_for(app, w.first.assessor)
    for path in assessor_pages(w.first):
        html = client.get(path).get_data(as_text=True)
        for secret in secrets:
            assert secret not in html, (path, secret)
    assert "B-20" in client.get("/beoordelen").get_data(as_text=True)


def test_the_other_assessors_draft_stays_hidden_until_both_submitted(app, db, rating_world):
    w = rating_world
    first = client_for(app, w.first.assessor)
    saved = post_json(
        first,
        draft_url(w.first),
        {"fields": {"notes": "[00:02] Geheime observatie van één", "score-oral_language": "5"}},
    )
    assert saved.status_code == 200, saved.json
    second = client_for(app, w.second.assessor)
    # the second assessor's pages, JSON and the first's URLs never show the first's draft
    for path in assessor_pages(w.second):
        assert "Geheime observatie" not in second.get(path).get_data(as_text=True)
    for path in assessor_pages(w.first)[1:]:
        assert second.get(path).status_code == 404
    answer = post_json(second, draft_url(w.first), {"fields": {"notes": "x"}})
    assert answer.status_code == 404
    # a lead sees nothing before a moderation case exists, not even the recordings
    lead = client_for(app, w.lead)
    assert lead.get(video_url(w.candidate)).status_code == 404
    assert db.session.query(ModerationCase).count() == 0


def test_autosave_compare_and_set_refuses_a_stale_save(app, db, rating_world):
    w = rating_world
    client = client_for(app, w.first.assessor)
    page = client.get(f"/beoordelen/{w.first.public_id}/opname/1").get_data(as_text=True)
    assert 'data-revision="0"' in page
    one = post_json(client, draft_url(w.first), {"fields": {"notes": "eerste"}, "revision": 0})
    assert one.status_code == 200 and one.json["revision"] == 1
    stale = post_json(client, draft_url(w.first), {"fields": {"notes": "tweede"}, "revision": 0})
    assert stale.status_code == 409
    assert stale.json == {**stale.json, "code": "stale", "revision": 1}
    db.session.expire_all()
    assert ops.notes_text(ops.notes_of(w.first, ops.responses_of(w.candidate)[0])) == "eerste"


def test_draft_fields_are_checked_and_good_ones_kept(app, db, rating_world):
    w = rating_world
    client = client_for(app, w.first.assessor)
    answer = post_json(
        client,
        draft_url(w.first),
        {"fields": {"score-oral_language": "7", "notes": "[00:01] Goed begin", "bogus": "x"}},
    )
    assert answer.status_code == 422
    assert set(answer.json["errors"]) == {"score-oral_language", "bogus"}
    assert answer.json["saved"] == ["notes"]
    assert post_json(client, draft_url(w.first), {"nope": 1}).status_code == 400


def test_not_ratable_needs_its_reason_before_submission(app, db, rating_world):
    w = rating_world
    fill(w.first)
    response = ops.responses_of(w.candidate)[0]
    ops.save_draft(w.first, response, {"score-oral_language": "n"}, None)
    db.session.commit()
    assert ops.progress(w.first).done == 9
    client = client_for(app, w.first.assessor)
    refused = post_form(client, f"/beoordelen/{w.first.public_id}/indienen")
    assert refused.status_code == 302
    db.session.expire_all()
    assert w.first.status is AssignmentStatus.ASSIGNED
    post_json(client, draft_url(w.first), {"fields": {"reason-oral_language": "Geen geluid"}})
    db.session.expire_all()
    assert ops.progress(w.first).complete


def test_submitted_rating_is_read_only(app, db, rating_world):
    w = rating_world
    fill(w.first)
    db.session.commit()
    client = client_for(app, w.first.assessor)
    assert post_form(client, f"/beoordelen/{w.first.public_id}/indienen").status_code == 302
    db.session.expire_all()
    assert w.first.status is AssignmentStatus.SUBMITTED
    locked = post_json(client, draft_url(w.first), {"fields": {"notes": "later"}})
    assert locked.status_code == 409 and locked.json["code"] == "locked"
    page = client.get(f"/beoordelen/{w.first.public_id}/opname/1").get_data(as_text=True)
    assert "data-autosave-url" not in page and "disabled" in page


def test_agreeing_ratings_are_rated_with_the_outcome_for_the_admin(app, db, make, rating_world):
    w = rating_world
    fill(w.first, 4)
    fill(w.second, 4, {(1, "oral_language"): 3})  # one point apart in one scenario: agreed
    ops.submit(w.first, w.first.assessor)
    ops.submit(w.second, w.second.assessor)
    db.session.commit()
    assert w.candidate.state is CandidateState.RATED
    outcome = ops.part2_outcome(w.candidate)
    # oral language: (4.0 + 3.9) / 2 = 3.95; mean (7 × 4 + 3.95) / 8 = 3.99
    assert outcome.passed and outcome.mean == 3.99
    admin = client_for(app, make.user(role=Role.ADMIN))
    html = admin.get(f"/beheer/beoordeling/kandidaat/{w.candidate.public_id}").get_data(
        as_text=True
    )
    assert "voldoende" in html and "gemiddelde 3,99 ≥ 3,0" in html


def test_disagreement_goes_to_moderation_and_the_lead_records_consensus(
    app, db, make, rating_world
):
    w = rating_world
    flex = next(
        r.scenario.position
        for r in ops.responses_of(w.candidate)
        if "flexibility" in r.scenario.competency_codes
    )
    fill(w.first, 3)
    fill(w.second, 3, {(flex, "flexibility"): 1})
    ops.submit(w.first, w.first.assessor)
    ops.submit(w.second, w.second.assessor)
    db.session.commit()
    assert w.candidate.state is CandidateState.MODERATION
    case = ops.case_of(w.candidate)
    assert case.disputed == ["flexibility"]
    # the reason names the scenario (the same for every candidate), never the candidate
    title = next(
        r.scenario.title for r in ops.responses_of(w.candidate) if r.scenario.position == flex
    )
    assert f"Flexibiliteit: 3,0 tegenover 1,0 in scenario {flex} ({title})" in case.summary
    assert w.candidate.user.full_name not in case.summary
    # an assessor who rated the candidate cannot moderate it, a non-lead neither
    assert client_for(app, make.assessor()).get(f"/moderatie/{case.public_id}").status_code == 403
    lead = client_for(app, w.lead)
    page = lead.get(f"/moderatie/{case.public_id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert w.candidate.user.full_name not in html and "Flexibiliteit" in html
    assert lead.get(video_url(w.candidate)).status_code == 200
    missing = post_form(lead, f"/moderatie/{case.public_id}/consensus", {"value-flexibility": "2"})
    assert missing.status_code == 302
    db.session.expire_all()
    assert w.candidate.state is CandidateState.MODERATION  # no justification: refused
    post_form(
        lead,
        f"/moderatie/{case.public_id}/consensus",
        {"value-flexibility": "2,5", "justification-flexibility": "Weinig aanpassing getoond."},
    )
    db.session.expire_all()
    assert w.candidate.state is CandidateState.RATED
    html = lead.get(f"/moderatie/{case.public_id}").get_data(as_text=True)
    assert "Flexibiliteit 2,5 &lt; 3,0" in html or "Flexibiliteit 2,5 < 3,0" in html


def test_a_third_assessor_counts_in_the_mean_of_three(app, db, make, rating_world):
    w = rating_world
    third = make.assessor()
    flex = next(
        r.scenario.position
        for r in ops.responses_of(w.candidate)
        if "flexibility" in r.scenario.competency_codes
    )
    fill(w.first, 3)
    fill(w.second, 3, {(flex, "flexibility"): 1})
    ops.submit(w.first, w.first.assessor)
    ops.submit(w.second, w.second.assessor)
    db.session.commit()
    case = ops.case_of(w.candidate)
    post_form(client_for(app, w.lead), f"/moderatie/{case.public_id}/derde")
    db.session.expire_all()
    rows = ops.active_assignments(w.candidate)
    assert [r.assessor_id for r in rows][-1] == third.id
    fill(rows[-1], 3)
    ops.submit(rows[-1], third)
    db.session.commit()
    assert w.candidate.state is CandidateState.RATED
    scores = ops.part2_outcome(w.candidate).competency_scores
    flex_scores = [ops.scoring.competency_scores(ops.ratings_of(r))["flexibility"] for r in rows]
    assert scores["flexibility"] == round(sum(flex_scores) / 3, 2)


def test_conflict_of_interest_over_http_reassigns(app, db, make, rating_world):
    w = rating_world
    spare = make.assessor()
    client = client_for(app, w.first.assessor)
    empty = post_form(client, f"/beoordelen/{w.first.public_id}/belangenconflict", {"reason": ""})
    assert empty.status_code == 302
    db.session.expire_all()
    assert w.first.status is AssignmentStatus.ASSIGNED
    post_form(
        client, f"/beoordelen/{w.first.public_id}/belangenconflict", {"reason": "Oud-collega"}
    )
    db.session.expire_all()
    assert w.first.status is AssignmentStatus.WITHDRAWN
    assert client.get(f"/beoordelen/{w.first.public_id}").status_code == 404
    assert client.get(video_url(w.candidate)).status_code == 404
    assert spare.id in {a.assessor_id for a in ops.active_assignments(w.candidate)}


def test_a_published_rubric_version_cannot_change(app, db, make):
    admin = client_for(app, make.user(role=Role.ADMIN))
    assert admin.get("/beheer/beoordeling/rubriek").status_code == 200
    first = rubrics.by_number(1)
    assert first.status is RubricStatus.PUBLISHED
    before = first.competency("analysis").anchor(3)
    edit = post_form(admin, "/beheer/beoordeling/rubriek/1", {"analysis-3": "Anders"})
    assert edit.status_code == 409
    assert post_form(admin, "/beheer/beoordeling/rubriek/1/publiceren").status_code == 302
    db.session.expire_all()
    assert rubrics.by_number(1).competency("analysis").anchor(3) == before
    # a draft copies the version in force; publishing it supersedes version 1
    post_form(admin, "/beheer/beoordeling/rubriek/concept")
    saved = post_form(admin, "/beheer/beoordeling/rubriek/2", {"analysis-3": "Nieuw anker 3"})
    assert saved.status_code == 302
    post_form(admin, "/beheer/beoordeling/rubriek/2/publiceren")
    db.session.expire_all()
    assert rubrics.by_number(1).status is RubricStatus.SUPERSEDED
    assert rubrics.current().number == 2
    assert rubrics.current().competency("analysis").anchor(3) == "Nieuw anker 3"
    assert rubrics.by_number(1).competency("analysis").anchor(3) == before


def test_scores_keep_the_rubric_version_they_were_given_under(db, make, rating_world):
    w = rating_world
    fill(w.first)
    db.session.commit()
    version_one = rubrics.current()
    assert {s.rubric_version_id for s in w.first.scores} == {version_one.id}
    draft = rubrics.start_draft(w.lead)
    rubrics.publish(draft, w.lead)
    db.session.commit()
    assert {s.rubric_version_id for s in w.first.scores} == {version_one.id}


def test_admin_reassigns_with_a_reason(app, db, make, rating_world):
    w = rating_world
    other = make.assessor()
    admin = client_for(app, make.user(role=Role.ADMIN))
    url = f"/beheer/beoordeling/toewijzing/{w.first.public_id}/vervangen"
    post_form(admin, url, {"reason": "", "assessor": other.public_id})
    db.session.expire_all()
    assert w.first.status is AssignmentStatus.ASSIGNED
    post_form(admin, url, {"reason": "Langdurig ziek", "assessor": other.public_id})
    db.session.expire_all()
    assert w.first.status is AssignmentStatus.WITHDRAWN
    assert other.id in {a.assessor_id for a in ops.active_assignments(w.candidate)}
    assert isinstance(db.session.get(User, other.id), User)


def test_the_database_refuses_a_change_to_a_published_version(db):
    import pytest

    from assessors.models.rubric import PublishedRubricChanged

    version = rubrics.current()
    db.session.commit()
    version.competency("analysis").anchors[0].text = "Stiekem veranderd"
    with pytest.raises(PublishedRubricChanged):
        db.session.flush()
    db.session.rollback()
    assert rubrics.current().competency("analysis").anchor(1) != "Stiekem veranderd"


def test_the_rating_screen_and_a_draft_save_load_the_responses_once(app, db, rating_world):
    """Every exam day's assessor opens ten of these: the responses (with their scenarios and
    takes) are read once per request, not again for the progress line."""
    from tests.support.queries import counted_statements

    w = rating_world
    client = client_for(app, w.first.assessor)
    client.get(f"/beoordelen/{w.first.public_id}/opname/2")  # the rubric exists from here on
    with counted_statements() as sent:
        assert client.get(f"/beoordelen/{w.first.public_id}/opname/2").status_code == 200
        saved = post_json(client, draft_url(w.first, 2), {"fields": {}, "revision": 0})
    assert saved.status_code in (200, 409), saved.get_data(as_text=True)
    reads = [s for s in sent if "JOIN assessments" in s and "confirmed_take_id IS NOT NULL" in s]
    assert len(reads) == 2, reads  # one for the screen, one for the save
