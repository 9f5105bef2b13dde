"""KSF admin pages of the A test over HTTP: bank, versions, CSV, settings, sessions,
registration for A alone, live monitor and interventions, statistics."""

from __future__ import annotations

import io

from sqlalchemy import select

from ksf_b.accounts.models import Role, User
from ksf_b.journey.models import CandidateState
from tests.ksf_b.journey.support import body, post_form, sign_in
from theory import bank, invigilation, itemio
from theory.models import Enrolment, Item, SittingStatus, TestSession


def _admin(client, make):  # type: ignore[no-untyped-def]
    admin = make.user(role=Role.ADMIN)
    sign_in(client, admin)
    return admin


def test_csv_export_import_round_trip_and_bad_rows(client, make, db) -> None:  # type: ignore[no-untyped-def]
    make.theory_bank()
    _admin(client, make)
    exported = client.get("/beheer/toets-a/vragen/export.csv")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    text = exported.get_data(as_text=True)
    # the same file again changes nothing (no new versions)
    token_page = "/beheer/toets-a/vragen/import"
    same = post_form(client, token_page, {"file": (io.BytesIO(text.encode()), "bank.csv")})
    assert same.status_code == 302
    assert all(len(i.versions) == 1 for i in db.session.scalars(select(Item)))
    # one changed stem becomes version 2; a bad row refuses the whole file with its line
    changed = itemio.parse_csv(text).items
    changed[0].stem += " (herzien)"
    good = itemio.to_csv(changed)
    bad = good + "9.9-01,9.9,,enkelvoudig,Vraag?,Ja | Nee,,a,1,nee,nee,,nee\n"
    refused = post_form(client, token_page, {"file": (io.BytesIO(bad.encode()), "bank.csv")})
    assert refused.status_code == 422
    assert f"Regel {len(changed) + 2}: onbekende toetsterm 9.9" in body(refused)
    db.session.expire_all()
    assert bank.item_by_code(changed[0].code).current.number == 1
    accepted = post_form(client, token_page, {"file": (io.BytesIO(good.encode()), "bank.csv")})
    assert accepted.status_code == 302
    db.session.expire_all()
    item = bank.item_by_code(changed[0].code)
    assert item.current.number == 2 and item.versions[0].stem != item.current.stem


def test_an_edit_makes_a_new_version_and_the_sitting_keeps_the_old_one(client, make, db) -> None:  # type: ignore[no-untyped-def]
    candidate = make.candidate(state=CandidateState.THEORY_A_REQUIRED)
    enrolment = make.theory_enrolment(candidate.user, candidate)
    sitting = make.theory_sitting(enrolment)
    used = sitting.items[0].version
    item = used.item
    _admin(client, make)
    url = f"/beheer/toets-a/vragen/{item.public_id}"
    page = body(client.get(url))
    assert "gebruikt in 1 toetsen" in page
    options, _categories, key = itemio.content_fields(used.type.value, used.content)
    form = {
        "code": item.code, "toetsterm": item.toetsterm, "work_process": item.work_process or "",
        "type": used.type.value, "stem": used.stem + " Let op.", "options": "\n".join(options),
        "categories": "\n".join(_categories), "key": key, "points": "1", "feedback": "",
    }  # fmt: skip
    saved = post_form(client, url, form)
    assert saved.status_code == 302
    db.session.expire_all()
    assert item.current.number == 2 and sitting.items[0].version.stem == used.stem
    bad = post_form(client, url, {**form, "key": "z"})
    assert bad.status_code == 422 and "de sleutel noemt geen bestaande optieletter" in body(bad)
    retired = post_form(
        client, f"{url}/uit-gebruik", {"reason": "Verouderde regelgeving"}, token_from=url
    )
    assert retired.status_code == 302
    db.session.expire_all()
    assert item.current.id not in {p.key for p in bank.pool()}


def test_settings_change_the_cut_score_and_blueprint(client, make, db) -> None:  # type: ignore[no-untyped-def]
    make.theory_bank()
    _admin(client, make)
    url = "/beheer/toets-a/instellingen"
    form = {
        "time_limit_minutes": "50", "cut_score": "24", "max_attempts": "2", "waiting_days": "7",
        "grace_seconds": "90", "a_requirement": "theory_only", "aid_title": "Checklist vereisten",
        "aid_text": "Hulp", **{f"bp_{c.replace('.', '_')}": "1" for c in bank.DEFAULT_BLUEPRINT},
    }  # fmt: skip
    assert post_form(client, url, form).status_code == 302
    db.session.expire_all()
    cfg = bank.settings()
    assert (cfg.cut_score, cfg.time_limit_minutes, cfg.grace_seconds) == (24, 50, 90)
    assert sum(bank.blueprint().values()) == 25
    wrong = post_form(client, url, {**form, "cut_score": "-1", "bp_1_1": "x"})
    assert wrong.status_code == 422 and "Vul een aantal van 0 tot 50 in." in body(wrong)


def test_plan_a_session_and_register_someone_for_a_alone(client, make, db) -> None:  # type: ignore[no-untyped-def]
    company = make.company()
    _admin(client, make)
    planned = post_form(client, "/beheer/toets-a/sessies", {
        "title": "Toetsmiddag", "starts_at": "2030-03-04T13:00", "ends_at": "2030-03-04T16:00",
        "location": "Utrecht", "company_id": str(company.id), "invigilator_name": "Ingrid",
    })  # fmt: skip
    assert planned.status_code == 302
    session = db.session.scalar(select(TestSession))
    assert session.starts_at.hour == 12  # 13:00 in Amsterdam is 12:00 UTC in March
    assert session.access_code in body(client.get("/beheer/toets-a/sessies"))
    backwards = post_form(client, "/beheer/toets-a/sessies", {
        "title": "Fout", "starts_at": "2030-03-04T16:00", "ends_at": "2030-03-04T13:00",
        "invigilator_name": "Ingrid",
    })  # fmt: skip
    assert backwards.status_code == 422 and "na het begin" in body(backwards)
    registered = post_form(client, "/beheer/toets-a/deelnemers", {
        "full_name": "Alie Alleen", "email": "alie@example.nl", "company_id": str(company.id),
    })  # fmt: skip
    assert registered.status_code == 302
    enrolment = db.session.scalar(select(Enrolment))
    assert enrolment.a_only and enrolment.user.role is Role.CANDIDATE
    # the A-only candidate lands on the A test, not on a B dashboard
    user = db.session.scalar(select(User).where(User.email == "alie@example.nl"))
    user.set_password("Wachtwoord-voor-tests-1")
    db.session.commit()
    own = client.application.test_client()
    sign_in(own, user)
    assert own.get("/").headers["Location"].endswith("/toets-a/")


def test_monitor_shows_the_running_sitting_and_the_admin_intervenes(client, make, db) -> None:  # type: ignore[no-untyped-def]
    candidate = make.candidate(state=CandidateState.THEORY_A_REQUIRED)
    enrolment = make.theory_enrolment(candidate.user, candidate)
    sitting = make.theory_sitting(enrolment)
    _admin(client, make)
    rows = body(client.get("/beheer/toets-a/monitor/rijen"))
    assert candidate.user.full_name in rows and "0 / 30" in rows
    detail = f"/beheer/toets-a/zittingen/{sitting.public_id}"
    assert (
        post_form(client, f"{detail}/pauze", {"reason": "x"}, token_from=detail).status_code == 422
    )
    assert (
        post_form(
            client, f"{detail}/pauze", {"reason": "Brandalarm"}, token_from=detail
        ).status_code
        == 302
    )
    assert "gepauzeerd" in body(client.get("/beheer/toets-a/monitor/rijen"))
    post_form(client, f"{detail}/hervatten", {"reason": "Alarm voorbij"}, token_from=detail)
    post_form(client, f"{detail}/tijd", {"minutes": "10", "reason": "Storing"}, token_from=detail)
    post_form(client, f"{detail}/ongeldig", {"reason": "Hulp van een ander"}, token_from=detail)
    db.session.expire_all()
    assert sitting.status is SittingStatus.VOIDED and sitting.extra_minutes == 10
    log = body(client.get(detail))
    for label in ("Gepauzeerd", "Verder na pauze", "Tijd toegevoegd", "Ongeldig verklaard"):
        assert label in log
    assert candidate.user.full_name not in body(client.get("/beheer/toets-a/monitor/rijen"))


def test_statistics_page_and_responses_csv(client, make, db) -> None:  # type: ignore[no-untyped-def]
    from theory.demo import _past_sittings

    company = make.company()
    make.theory_bank()
    session = make.theory_session(company=company, opens_in_minutes=-600)
    _past_sittings(session, company)
    db.session.commit()
    _admin(client, make)
    page = body(client.get("/beheer/toets-a/statistieken"))
    assert "Cronbachs alfa" in page and "Facility-index" in page and "1.1-01" in page
    csv_text = client.get("/beheer/toets-a/statistieken/antwoorden.csv").get_data(as_text=True)
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("zitting,deelnemer,poging") and len(lines) == 1 + 24 * 30
    assert invigilation.running_sittings() == []


def test_sitting_log_shows_scores_with_a_dutch_decimal_mark(client, make, db) -> None:  # type: ignore[no-untyped-def]
    from theory import operations

    candidate = make.candidate(state=CandidateState.THEORY_A_REQUIRED)
    sitting = make.theory_sitting(make.theory_enrolment(candidate.user, candidate))
    operations.log(sitting, "scored", score=26.0, maximum=30.0, passed=True)
    operations.log(sitting, "scored", score=22.5, maximum=30.0, passed=False)
    db.session.commit()
    _admin(client, make)
    log = body(client.get(f"/beheer/toets-a/zittingen/{sitting.public_id}"))
    assert "score: 26; maximum: 30; geslaagd: ja" in log
    assert "score: 22,5;" in log and "26.0" not in log and "22.5" not in log
