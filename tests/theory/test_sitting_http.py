"""The candidate's sitting over HTTP: code, deadline and grace, resume, ownership, void,
the worker closing an overdue sitting, and a pass that opens part 2 of B."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from ksf_b.accounts.models import Role
from ksf_b.db_types import utcnow
from ksf_b.journey.models import ACertificateSource, CandidateState
from tests.ksf_b.journey.support import body, post_form, sign_in
from theory import invigilation, operations
from theory.models import Sitting, SittingStatus

S = CandidateState


@pytest.fixture
def waiting(make, db):  # type: ignore[no-untyped-def]
    """A B candidate waiting for A, the demo bank and an open session of their company."""
    make.theory_bank()
    candidate = make.candidate(state=S.THEORY_A_REQUIRED)
    session = make.theory_session(company=candidate.company)
    return candidate, session


def _start(client, code: str):  # type: ignore[no-untyped-def]
    return post_form(client, "/toets-a/start", {"code": code}, token_from="/toets-a/")


def _api_token(client) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {"X-CSRFToken": client.get("/api/csrf-token").json["csrf_token"]}


def _sitting(db) -> Sitting:  # type: ignore[no-untyped-def]
    db.session.expire_all()
    return db.session.scalar(select(Sitting))


def _right_answer(item):  # type: ignore[no-untyped-def]
    """The right answer as the page sends it: places in the shown order."""
    content = item.version.content
    place = {key: str(n) for n, key in enumerate(item.display_order, 1)}
    if item.version.type.value == "categorise":
        return {f"cat-{place[s['id']]}": s["category"] for s in content["statements"]}
    good = [place[o["id"]] for o in content["options"] if o["correct"]]
    return {"answer": good[0] if item.version.type.value == "single" else good}


def _overdue(sitting, seconds: int) -> None:  # type: ignore[no-untyped-def]
    """Move the sitting into the past: its deadline passed `seconds` ago."""
    sitting.deadline_at = utcnow() - timedelta(seconds=seconds)
    sitting.started_at = sitting.deadline_at - timedelta(minutes=45)


def _save(client, sitting, position, fields, revision=None):  # type: ignore[no-untyped-def]
    return client.post(
        f"/toets-a/api/zitting/{sitting.public_id}/vraag/{position}",
        json={"fields": fields, "revision": revision},
        headers=_api_token(client),
    )


def test_start_needs_the_session_code_within_its_time(client, waiting, make, db) -> None:  # type: ignore[no-untyped-def]
    candidate, session = waiting
    sign_in(client, candidate.user)
    page = client.get("/toets-a/")
    assert page.status_code == 200 and "Toegangscode van de sessie" in body(page)
    wrong = _start(client, "NIETGOED")
    assert wrong.status_code == 403 and "toegangscode is onbekend" in body(wrong)
    later = make.theory_session(company=candidate.company, opens_in_minutes=60)
    assert _start(client, later.access_code).status_code == 403
    other = make.theory_session(company=make.company())
    refused = _start(client, other.access_code)
    assert refused.status_code == 403 and "andere organisatie" in body(refused)
    assert db.session.scalar(select(Sitting)) is None
    started = _start(client, session.access_code.lower())
    assert started.status_code == 302 and "/vraag/1" in started.headers["Location"]
    sitting = _sitting(db)
    assert len(sitting.items) == 30 and sitting.session_id == session.id
    remaining = operations.aware(sitting.deadline_at) - operations.aware(sitting.started_at)
    assert remaining == timedelta(minutes=45)


def test_the_item_page_never_shows_the_key(client, waiting, db) -> None:  # type: ignore[no-untyped-def]
    """Options are sent as their place on the page, never as ids; no key or feedback."""
    import re

    candidate, session = waiting
    sign_in(client, candidate.user)
    _start(client, session.access_code)
    sitting = _sitting(db)
    for item in sitting.items:
        html = body(client.get(f"/toets-a/zitting/{sitting.public_id}/vraag/{item.position}"))
        assert '"correct"' not in html
        if item.version.feedback:
            assert item.version.feedback not in html
        if item.version.type.value == "categorise":
            names = set(re.findall(r'name="cat-([^"]+)"', html))
            assert names == {str(n) for n in range(1, len(item.display_order) + 1)}
        else:
            values = re.findall(r'name="answer" value="([^"]+)"', html)
            assert values == [str(n) for n in range(1, len(item.display_order) + 1)]


def test_answers_are_saved_and_a_resume_keeps_answers_position_and_time(
    client, waiting, db
) -> None:  # type: ignore[no-untyped-def]
    candidate, session = waiting
    sign_in(client, candidate.user)
    _start(client, session.access_code)
    sitting = _sitting(db)
    third = sitting.items[2]
    saved = _save(client, sitting, 3, {**_right_answer(third), "flag": ["y"]}, third.revision)
    assert saved.status_code == 200 and saved.json["revision"] == 1
    stale = _save(client, sitting, 3, _right_answer(third), 0)
    assert stale.status_code == 409 and stale.json["code"] == "stale"
    client.get(f"/toets-a/zitting/{sitting.public_id}/vraag/7")
    deadline = _sitting(db).deadline_at
    # a new browser (fresh client), same account: the start button resumes, no code needed
    again = client.application.test_client()
    sign_in(again, candidate.user)
    resumed = post_form(again, "/toets-a/start", {}, token_from="/toets-a/")
    assert resumed.status_code == 302 and resumed.headers["Location"].endswith("/vraag/7")
    sitting = _sitting(db)
    assert sitting.deadline_at == deadline and sitting.items[2].flagged
    assert operations.is_answered(sitting.items[2])
    page = body(again.get(f"/toets-a/zitting/{sitting.public_id}/vraag/3"))
    assert "checked" in page
    # every type of item shows its stored answer again (choice and categorisation)
    for item in sitting.items:
        assert _save(again, sitting, item.position, _right_answer(item)).status_code == 200
        shown = again.get(f"/toets-a/zitting/{sitting.public_id}/vraag/{item.position}")
        assert shown.status_code == 200
        assert body(shown).count("checked") >= len(_right_answer(item))
    kinds = [e.kind for e in sitting.events]
    assert kinds[0] == "start" and "answer" in kinds and "resume" in kinds


def test_an_answer_after_deadline_plus_grace_is_refused(client, waiting, db) -> None:  # type: ignore[no-untyped-def]
    candidate, session = waiting
    sign_in(client, candidate.user)
    _start(client, session.access_code)
    sitting = _sitting(db)
    first = sitting.items[0]
    # within the grace period (deadline passed 30 s ago, grace 60 s): still accepted
    _overdue(sitting, 30)
    db.session.commit()
    assert _save(client, sitting, 1, _right_answer(first)).status_code == 200
    _overdue(sitting, sitting.grace_seconds + 5)
    db.session.commit()
    late = _save(client, sitting, 2, _right_answer(sitting.items[1]))
    assert late.status_code == 409 and late.json["code"] == "locked"
    assert "De tijd is om" in late.json["error"]
    assert _sitting(db).items[1].answer is None


def test_another_candidate_cannot_read_or_answer_a_sitting(client, waiting, make, db) -> None:  # type: ignore[no-untyped-def]
    candidate, session = waiting
    sign_in(client, candidate.user)
    _start(client, session.access_code)
    sitting = _sitting(db)
    other = make.candidate(state=S.THEORY_A_REQUIRED)
    intruder = client.application.test_client()
    sign_in(intruder, other.user)
    base = f"/toets-a/zitting/{sitting.public_id}"
    assert intruder.get(f"{base}/vraag/1").status_code == 404
    assert intruder.get(f"{base}/uitslag").status_code == 404
    assert _save(intruder, sitting, 1, {"answer": "a"}).status_code == 404


def test_a_voided_sitting_cannot_be_continued(client, waiting, make, db) -> None:  # type: ignore[no-untyped-def]
    candidate, session = waiting
    sign_in(client, candidate.user)
    _start(client, session.access_code)
    sitting = _sitting(db)
    invigilation.void(
        sitting,
        make.user(role=Role.ADMIN),
        "Spiekbriefje gezien",
    )
    db.session.commit()
    base = f"/toets-a/zitting/{sitting.public_id}"
    assert client.get(f"{base}/vraag/1").headers["Location"].endswith("/uitslag")
    assert "ongeldig verklaard" in body(client.get(f"{base}/uitslag"))
    refused = _save(client, sitting, 1, {"answer": "a"})
    assert refused.status_code == 409 and refused.json["code"] == "locked"
    handed = post_form(client, f"{base}/inleveren", {}, token_from="/toets-a/")
    assert handed.status_code == 409
    assert post_form(client, "/toets-a/start", {}, token_from="/toets-a/").status_code == 400


def test_the_worker_closes_an_overdue_sitting_with_the_answers_saved_in_time(
    app, client, waiting, db
) -> None:  # type: ignore[no-untyped-def]
    from media.tasks import use_app
    from theory.tasks import close_overdue_sittings

    candidate, session = waiting
    sign_in(client, candidate.user)
    _start(client, session.access_code)
    sitting = _sitting(db)
    for item in sitting.items[:23]:
        assert _save(client, sitting, item.position, _right_answer(item)).status_code == 200
    _overdue(sitting, 300)
    db.session.commit()
    use_app(app)
    close_overdue_sittings.call_local()
    sitting = _sitting(db)
    assert sitting.status is SittingStatus.CLOSED
    assert operations.aware(sitting.finished_at) == operations.aware(sitting.deadline_at)
    assert (sitting.score, sitting.max_score, sitting.passed) == (23, 30, True)
    # passing opened part 2 of B and recorded certificate A as held on the platform
    db.session.refresh(candidate)
    assert candidate.state is S.ASSESSMENT_INVITED
    assert candidate.a_certificate_source is ACertificateSource.PLATFORM
    assert candidate.a_certificate_number and candidate.a_certificate_date
    assert candidate.events[-1].transition == "unlock_assessment"
    # and certificate A is numbered in the registry, once, for this sitting
    from certificates.models import Certificate

    certificate = db.session.scalar(select(Certificate))
    assert certificate.programme == "A" and certificate.holder_id == candidate.user_id
    assert certificate.number == candidate.a_certificate_number
    assert certificate.source_ref == f"theory-sitting:{sitting.public_id}"


def test_handing_in_with_22_right_fails_and_keeps_b_waiting(client, waiting, db) -> None:  # type: ignore[no-untyped-def]
    candidate, session = waiting
    sign_in(client, candidate.user)
    _start(client, session.access_code)
    sitting = _sitting(db)
    for item in sitting.items[:22]:
        _save(client, sitting, item.position, _right_answer(item))
    done = post_form(
        client,
        f"/toets-a/zitting/{sitting.public_id}/inleveren",
        {},
        token_from=f"/toets-a/zitting/{sitting.public_id}/overzicht",
    )
    assert done.status_code == 302
    page = body(client.get(f"/toets-a/zitting/{sitting.public_id}/uitslag"))
    assert "Niet geslaagd" in page and "22 van 30 punten" in page
    db.session.refresh(candidate)
    assert candidate.state is S.THEORY_A_REQUIRED and not candidate.holds_certificate_a
    home = body(client.get("/toets-a/"))
    assert "wachttijd" in home  # the waiting period before the next attempt


def test_paused_time_stands_still_and_added_time_counts(waiting, make, db) -> None:  # type: ignore[no-untyped-def]
    candidate, session = waiting
    enrolment = make.theory_enrolment(candidate.user, candidate)
    sitting = make.theory_sitting(enrolment, session)
    admin = make.user(role=Role.ADMIN)
    invigilation.pause(sitting, admin, "Brandalarm in het gebouw")
    frozen = operations.remaining_seconds(sitting)
    later = utcnow() + timedelta(minutes=10)
    assert operations.remaining_seconds(sitting, later) == frozen
    with pytest.raises(operations.TheoryError):
        operations.ensure_writable(sitting, utcnow())
    invigilation.resume(sitting, admin, "Alarm voorbij")
    invigilation.add_time(sitting, 5, admin, "Storing van het netwerk")
    assert operations.remaining_seconds(sitting) > 49 * 60
    kinds = [e.kind for e in sitting.events]
    assert kinds[-3:] == ["paused", "unpaused", "time_added"]


def test_with_the_phone_practical_required_passing_records_theory_but_no_certificate(
    waiting, make, db
) -> None:  # type: ignore[no-untyped-def]
    from certificates.models import Certificate
    from theory import bank
    from theory.models import ARequirement

    candidate, session = waiting
    bank.settings().a_requirement = ARequirement.THEORY_AND_PHONE
    enrolment = make.theory_enrolment(candidate.user, candidate)
    sitting = make.theory_sitting(enrolment, session)
    for item in sitting.items:
        fields = _right_answer(item)
        operations.save_fields(item, fields, None)
    operations.submit(sitting, candidate.user)
    db.session.commit()
    assert sitting.passed and sitting.score == 30
    assert db.session.scalar(select(Certificate)) is None
    assert enrolment.passed_on is not None and enrolment.certificate_number.startswith("TA-")
    assert candidate.state is S.ASSESSMENT_INVITED  # B needs the theory test, not the practical


def test_heartbeat_counts_focus_losses_and_logs_a_browser_or_ip_change(client, waiting, db) -> None:  # type: ignore[no-untyped-def]
    candidate, session = waiting
    sign_in(client, candidate.user)
    _start(client, session.access_code)
    sitting = _sitting(db)
    url = f"/toets-a/api/zitting/{sitting.public_id}/hartslag"
    beat = client.post(url, json={"focus_lost": 2}, headers=_api_token(client))
    assert beat.status_code == 200 and beat.json["status"] == "in_progress"
    assert 0 < beat.json["remaining_seconds"] <= 45 * 60
    other = {**_api_token(client), "User-Agent": "Andere browser/1.0"}
    client.post(
        url, json={"focus_lost": "veel"}, headers=other, environ_base={"REMOTE_ADDR": "10.1.2.3"}
    )
    sitting = _sitting(db)
    assert sitting.focus_losses == 2
    kinds = [e.kind for e in sitting.events]
    assert kinds.count("focus_lost") == 1 and "browser_changed" in kinds and "ip_changed" in kinds


def test_a_theory_pass_after_the_phone_practical_completes_certificate_a(waiting, make, db) -> None:  # type: ignore[no-untyped-def]
    from certificates.models import Certificate
    from practicals.models import PracticalKind, ProgrammeAward
    from tests.practicals import support
    from theory import bank
    from theory.models import ARequirement

    candidate, session = waiting
    bank.settings().a_requirement = ARequirement.THEORY_AND_PHONE
    support.signed_off(make, PracticalKind.PHONE, candidate=candidate.user)
    assert db.session.scalar(select(Certificate)) is None  # the theory is still missing
    sitting = make.theory_sitting(make.theory_enrolment(candidate.user, candidate), session)
    for item in sitting.items:
        operations.save_fields(item, _right_answer(item), None)
    operations.submit(sitting, candidate.user)
    db.session.commit()
    award = db.session.scalar(select(ProgrammeAward))
    certificate = db.session.scalar(select(Certificate))
    assert award.programme == "A" and certificate.number == award.certificate_number


def test_the_start_limit_counts_per_account_not_per_shared_address(
    app, client, waiting, make
) -> None:  # type: ignore[no-untyped-def]
    """A whole exam room behind one address (NAT) may start; one account guessing may not."""
    from ksf_b.extensions import limiter
    from theory.views.candidate import START_RATE_LIMIT

    candidate, session = waiting
    neighbour = make.candidate(manager=candidate.manager, state=S.THEORY_A_REQUIRED)
    allowed = int(START_RATE_LIMIT.split()[0])
    limiter.reset()
    try:
        sign_in(client, candidate.user)
        answers = [_start(client, "NIETGOED").status_code for _ in range(allowed + 1)]
        assert answers[:allowed] == [403] * allowed and answers[-1] == 429
        other = sign_in(app.test_client(), neighbour.user)  # same 127.0.0.1
        started = _start(other, session.access_code)
        assert started.status_code == 302 and "/vraag/1" in started.headers["Location"]
    finally:
        limiter.reset()
