"""The verdict over HTTP: confirm and release, override with four eyes, appeal, feedback."""

from __future__ import annotations

from datetime import timedelta
from email import policy
from email.parser import BytesParser

from assessors.verdict_models import Appeal, AppealStatus, Verdict
from ksf_b.accounts.models import Role
from ksf_b.journey.models import CandidateState
from tests.conftest import csrf_token
from tests.ksf_b.journey.support import body, sign_in

S = CandidateState
REASON = "De opname van scenario 3 haperde; Flexibiliteit is daar niet eerlijk te beoordelen."
APPEAL = (
    "Tijdens scenario 3 viel mijn verbinding weg en kon ik mijn reactie niet afmaken. "
    "Daardoor is mijn score voor flexibiliteit te laag uitgevallen."
)


def _mails_to(app, address: str) -> list:  # type: ignore[no-untyped-def]
    outbox = app.config["MAIL_OUTBOX"]
    found = []
    for path in sorted(outbox.glob("*.eml")) if outbox.exists() else []:
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        if address in message["To"]:
            found.append(message)
    return found


def _post(client, path: str, data: dict | None = None, page: str | None = None):  # type: ignore[no-untyped-def]
    token = csrf_token(client, page or "/certificaten")
    return client.post(path, data={**(data or {}), "csrf_token": token})


def _screen(candidate) -> str:  # type: ignore[no-untyped-def]
    return f"/admin/eindoordeel/{candidate.public_id}"


def test_admin_confirms_and_releases_then_candidate_and_manager_see_it(app, make, db) -> None:
    admin = make.user(Role.ADMIN)
    candidate = make.rated_candidate(default=4)
    client = sign_in(app.test_client(), admin)
    page = body(client.get(_screen(candidate)))
    assert "Voorstel volgens de regel:" in page
    assert "onderdeel 1 goedgekeurd" in page
    assert "Scores per beoordelaar en scenario" in page
    assert _post(client, _screen(candidate) + "/bevestigen").status_code == 302
    assert _post(client, _screen(candidate) + "/vrijgeven").status_code == 302
    db.session.expire_all()
    assert candidate.state is S.RESULT_RELEASED
    verdict = db.session.scalar(db.select(Verdict).where(Verdict.candidate_id == candidate.id))
    assert verdict.certificate is not None
    mails = _mails_to(app, candidate.user.email)
    assert mails and candidate.manager.email in mails[-1]["To"]
    assert "Geslaagd" in mails[-1]["Subject"]

    own = sign_in(app.test_client(), candidate.user)
    result = body(own.get("/uitslag"))
    assert "je bent geslaagd" in result
    assert "data:image/svg+xml;base64," in result  # the competency profile chart
    assert verdict.certificate.number in result
    assert own.get(f"/certificaten/{verdict.certificate.number}.pdf").status_code == 200
    letter = own.get("/uitslag/uitslagbrief.pdf")
    assert letter.status_code == 200 and letter.data.startswith(b"%PDF-")

    manager = sign_in(app.test_client(), candidate.manager)
    seen = body(manager.get(f"/leidinggevende/uitslag/{candidate.public_id}"))
    assert "Geslaagd voor KSF Branchecertificaat B" in seen
    other_manager = sign_in(app.test_client(), make.manager())
    assert other_manager.get(f"/leidinggevende/uitslag/{candidate.public_id}").status_code == 404


def test_batch_confirm_and_release(app, make, db) -> None:
    admin = make.user(Role.ADMIN)
    first, second = make.rated_candidate(), make.rated_candidate(values={"reflection": 2})
    client = sign_in(app.test_client(), admin)
    ids = [first.public_id, second.public_id]
    dashboard = body(client.get("/admin/eindoordeel/"))
    assert first.user.full_name in dashboard and "Werkdagen sinds onderdeel 2" in dashboard
    for action in ("confirm", "release"):
        response = _post(client, "/admin/eindoordeel/batch", {"action": action, "candidate": ids})
        assert response.status_code == 302
    db.session.expire_all()
    assert first.state is S.RESULT_RELEASED and second.state is S.RESULT_RELEASED
    assert len(_mails_to(app, second.user.email)) == 1


def test_override_needs_a_reason_and_a_second_admin(app, make, db) -> None:
    first_admin, second_admin = make.user(Role.ADMIN), make.user(Role.ADMIN)
    candidate = make.rated_candidate(values={"flexibility": 2})
    one = sign_in(app.test_client(), first_admin)
    path = _screen(candidate) + "/afwijken"
    assert _post(one, path, {"decision": "pass", "reason": ""}).status_code == 422
    assert _post(one, path, {"decision": "pass", "reason": "te kort"}).status_code == 422
    assert _post(one, path, {"decision": "pass", "reason": REASON}).status_code == 302
    db.session.expire_all()
    assert candidate.state is S.VERDICT_PROPOSED
    assert "vier ogen" in body(one.get(_screen(candidate)))
    refused = _post(one, _screen(candidate) + "/afwijking-bevestigen")
    assert refused.status_code == 403
    assert _post(one, _screen(candidate) + "/vrijgeven").status_code == 409

    two = sign_in(app.test_client(), second_admin)
    assert _post(two, _screen(candidate) + "/afwijking-bevestigen").status_code == 302
    db.session.expire_all()
    assert candidate.state is S.VERDICT_CONFIRMED
    verdict = db.session.scalar(db.select(Verdict).where(Verdict.candidate_id == candidate.id))
    assert (verdict.passed, verdict.is_override, verdict.confirmed_by_id) == (
        True,
        True,
        second_admin.id,
    )


def _released_fail(app, make, db):  # type: ignore[no-untyped-def]
    admin = make.user(Role.ADMIN)
    candidate = make.rated_candidate(values={"flexibility": 2})
    client = sign_in(app.test_client(), admin)
    _post(client, _screen(candidate) + "/bevestigen")
    _post(client, _screen(candidate) + "/vrijgeven")
    db.session.expire_all()
    assert candidate.state is S.RESULT_RELEASED
    return admin, client, candidate


def test_appeal_within_the_period_and_a_rejection(app, make, db) -> None:
    _admin, client, candidate = _released_fail(app, make, db)
    own = sign_in(app.test_client(), candidate.user)
    assert "Bezwaar indienen" in body(own.get("/uitslag"))
    assert _post(own, "/uitslag/bezwaar", {"text": "Te kort."}).status_code == 422
    assert _post(own, "/uitslag/bezwaar", {"text": APPEAL}).status_code == 302
    assert _post(own, "/uitslag/bezwaar", {"text": APPEAL}).status_code == 409  # once
    assert APPEAL in body(client.get(_screen(candidate)))
    reject = _screen(candidate) + "/bezwaar/afwijzen"
    assert _post(client, reject, {"reason": ""}).status_code == 422
    decided = "De verbinding is volgens de logboeken stabiel gebleven tijdens scenario 3."
    assert _post(client, reject, {"reason": decided}).status_code == 302
    db.session.expire_all()
    appeal = db.session.scalar(db.select(Appeal).where(Appeal.candidate_id == candidate.id))
    assert appeal.status is AppealStatus.REJECTED
    assert decided in body(own.get("/uitslag"))
    assert any("afgewezen" in m["Subject"] for m in _mails_to(app, candidate.user.email))


def test_no_appeal_after_the_period(app, make, db) -> None:
    _admin, _client, candidate = _released_fail(app, make, db)
    verdict = db.session.scalar(db.select(Verdict).where(Verdict.candidate_id == candidate.id))
    verdict.released_at = verdict.released_at - timedelta(days=15)
    db.session.commit()
    own = sign_in(app.test_client(), candidate.user)
    assert "Bezwaar indienen" not in body(own.get("/uitslag"))
    response = _post(own, "/uitslag/bezwaar", {"text": APPEAL})
    assert response.status_code == 409
    assert "termijn voor bezwaar is verstreken" in body(response)


def test_appeal_upheld_rerating_by_a_fresh_assessor_gives_a_new_verdict(app, make, db) -> None:
    from assessors.operations import active_assignments

    _admin, client, candidate = _released_fail(app, make, db)
    before = {a.assessor_id for a in active_assignments(candidate)}
    fresh = make.assessor()
    own = sign_in(app.test_client(), candidate.user)
    _post(own, "/uitslag/bezwaar", {"text": APPEAL})
    rerate = _screen(candidate) + "/bezwaar/herbeoordeling"
    assert (
        _post(client, rerate, {"reason": "De verbindingsstoring is aannemelijk."}).status_code
        == 302
    )
    db.session.expire_all()
    assert candidate.state is S.RATING
    appeal = db.session.scalar(db.select(Appeal).where(Appeal.candidate_id == candidate.id))
    assert appeal.rerating_assessor_id == fresh.id and fresh.id not in before

    make.rate(candidate, default=5)  # the fresh assessor rates everything 5
    db.session.expire_all()
    assert candidate.state is S.RATED
    page = body(client.get(_screen(candidate)))
    assert "Geschiedenis van het eindoordeel" in page
    _post(client, _screen(candidate) + "/bevestigen")
    _post(client, _screen(candidate) + "/vrijgeven")
    db.session.expire_all()
    verdicts = list(
        db.session.scalars(
            db.select(Verdict).where(Verdict.candidate_id == candidate.id).order_by(Verdict.round)
        )
    )  # ordered: PostgreSQL returns an updated row wherever it now lies
    assert [(v.round, v.passed) for v in verdicts] == [(1, False), (2, True)]
    assert appeal.status is AppealStatus.DECIDED and appeal.new_verdict_id == verdicts[1].id
    assert verdicts[1].certificate is not None


def test_feedback_autosaves_with_compare_and_set_and_locks_on_release(app, make, db) -> None:
    admin = make.user(Role.ADMIN)
    candidate = make.rated_candidate()
    lead = make.assessor(lead=True)  # after the rating: a lead who did not rate this one
    writer = sign_in(app.test_client(), lead)
    page = f"/eindoordeel/feedback/{candidate.public_id}"
    assert "Notities van de beoordelaars" in body(writer.get(page))
    token = writer.get("/api/csrf-token").json["csrf_token"]
    headers = {"X-CSRFToken": token}
    text = "Je vat de vraag van de klant goed samen; vraag vaker door naar het belang erachter."
    saved = writer.post(
        page + "/concept", json={"fields": {"feedback_analysis": text}, "revision": 0},
        headers=headers,
    )  # fmt: skip
    assert saved.status_code == 200 and saved.json["revision"] == 1
    stale = writer.post(
        page + "/concept", json={"fields": {"feedback_analysis": "oud"}, "revision": 0},
        headers=headers,
    )  # fmt: skip
    assert stale.status_code == 409 and stale.json["code"] == "stale"
    bad = writer.post(
        page + "/concept", json={"fields": {"nonsense": "x"}, "revision": 1}, headers=headers
    )
    assert bad.status_code == 422
    plain = sign_in(app.test_client(), make.assessor())
    assert plain.get(page).status_code == 403

    client = sign_in(app.test_client(), admin)
    _post(client, _screen(candidate) + "/bevestigen")
    _post(client, _screen(candidate) + "/vrijgeven")
    locked = writer.post(
        page + "/concept", json={"fields": {"feedback_analysis": "x"}, "revision": 1},
        headers=headers,
    )  # fmt: skip
    assert locked.status_code in (404, 409)
    own = sign_in(app.test_client(), candidate.user)
    assert text in body(own.get("/uitslag"))
