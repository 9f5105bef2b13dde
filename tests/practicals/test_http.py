"""HTTP tests of the practicals: scheduling, who may fill, autosave, sign-off lock, outcomes."""

from __future__ import annotations

from sqlalchemy import select

from ksf_b.accounts.models import Role
from practicals import operations as ops
from practicals.models import Observation, ObservationStatus, PracticalKind, ProgrammeAward
from practicals.rules import GOOD, NOT_GOOD
from tests.ksf_b.journey.support import body, mails_to, post_form, sign_in
from tests.practicals import support


def token(client) -> str:  # type: ignore[no-untyped-def]
    return client.get("/api/csrf-token").json["csrf_token"]


def autosave(client, obs, fields, revision=None):  # type: ignore[no-untyped-def]
    return client.post(
        f"/praktijk/{obs.public_id}/concept",
        json={"fields": fields, "revision": obs.revision if revision is None else revision},
        headers={"X-CSRFToken": token(client)},
    )


def test_admin_schedules_and_the_candidate_is_told_in_advance(app, client, make):
    admin, examiner = make.user(Role.ADMIN), make.user(Role.ASSESSOR)
    candidate = make.candidate()
    sign_in(client, admin)
    response = post_form(
        client,
        "/beheer/praktijk/plannen",
        {
            "kind": "chat",
            "candidate": candidate.user.public_id,
            "examiner": examiner.public_id,
            "scheduled_at": "2026-12-14T10:00",
            "place": "Klantbedrijf, Utrecht",
            "mode": "remote",
        },
    )
    assert response.status_code == 302, body(response)[:2000]
    obs = make.db.session.scalar(select(Observation))
    assert (obs.examiner_id, len(obs.entries), obs.date_of_birth) == (
        examiner.id,
        5,
        candidate.date_of_birth,
    )
    assert obs.scheduled_at.hour == 9  # 10:00 in Amsterdam is 09:00 UTC in December
    mails = mails_to(app, candidate.user.email)
    assert len(mails) == 1
    text = mails[0].get_content()
    assert "maandag 14 december 2026 om 10:00" in text
    assert "op afstand" in text and examiner.full_name in text


def test_bad_schedule_input_is_a_dutch_422(client, make):
    sign_in(client, make.user(Role.ADMIN))
    response = post_form(client, "/beheer/praktijk/plannen", {"kind": "chat", "place": ""})
    assert response.status_code == 422
    assert "Kies een kandidaat." in body(response)
    assert "Vul datum en tijd in." in body(response)


def test_only_the_assigned_examiner_can_fill(client, make):
    obs = support.observation(make)
    other = make.user(Role.ASSESSOR)
    sign_in(client, other)
    assert client.get(f"/praktijk/{obs.public_id}").status_code == 404
    assert autosave(client, obs, {"mark-1-1.1a": GOOD}).status_code == 404
    sign_in(client, make.user(Role.ADMIN))
    assert client.get(f"/praktijk/{obs.public_id}").status_code == 403
    sign_in(client, obs.examiner)
    page = client.get(f"/praktijk/{obs.public_id}")
    assert page.status_code == 200
    assert "Reageert discreet en vertrouwelijk" in body(page)


def test_autosave_stores_marks_compare_and_set(client, make):
    obs = support.observation(make)
    sign_in(client, obs.examiner)
    first = autosave(client, obs, {"mark-1-1.1a": GOOD, "remark-1-1.1a": "x"}, revision=0)
    assert first.status_code == 422  # remarks are for the phone checklist only
    assert first.json["saved"] == ["mark-1-1.1a"]
    assert first.json["errors"] == {"remark-1-1.1a": "Onbekend veld."}
    assert first.json["revision"] == 1
    stale = autosave(client, obs, {"mark-1-1.1b": GOOD}, revision=0)
    assert stale.status_code == 409 and stale.json["code"] == "stale"
    assert stale.json["revision"] == 1
    bad = autosave(client, obs, {"mark-1-1.1b": "super", "mark-9-1.1a": GOOD}, revision=1)
    assert bad.status_code == 422
    assert bad.json["errors"]["mark-1-1.1b"] == "Kies goed, niet goed of n.v.t."
    assert bad.json["errors"]["mark-9-1.1a"] == "Onbekend veld."
    make.db.session.expire_all()
    assert ops.values_of(obs)["mark-1-1.1a"] == GOOD
    assert obs.status is ObservationStatus.IN_PROGRESS
    junk = client.post(
        f"/praktijk/{obs.public_id}/concept", data="nope", headers={"X-CSRFToken": token(client)}
    )
    assert junk.status_code == 400 and "verwacht JSON" in junk.json["error"]


def test_sign_off_needs_a_complete_checklist_and_then_locks_it(app, client, make):
    obs = support.observation(make)
    support.fill_chat(obs, GOOD, positions=[1, 2, 3])
    sign_in(client, obs.examiner)
    early = support.sign_off_form(client, obs)
    assert early.status_code == 409
    assert "nog niet compleet" in body(early)
    support.fill_chat(obs, GOOD, positions=[4, 5])
    done = support.sign_off_form(client, obs)
    assert done.status_code == 302
    make.db.session.expire_all()
    assert (obs.status, obs.outcome_status, obs.outcome_total) == (
        ObservationStatus.SIGNED_OFF,
        "passed",
        20,
    )
    locked = autosave(client, obs, {"mark-1-1.1a": NOT_GOOD})
    assert locked.status_code == 409 and locked.json["code"] == "locked"
    page = body(client.get(f"/praktijk/{obs.public_id}"))
    assert "afgetekend" in page and "data-autosave-url" not in page
    again = post_form(client, f"/praktijk/{obs.public_id}/onderdeel", {}, "/praktijk/")
    assert again.status_code == 409
    assert any("Uitkomst" in str(m["Subject"]) for m in mails_to(app, obs.candidate.email))
    from ksf_b.audit import AuditEntry

    actions = make.db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.subject == f"observation:{obs.public_id}")
    ).all()
    assert sorted(actions) == ["practical.scheduled", "practical.signed_off"]


def test_candidate_sees_only_their_own_outcome(client, make):
    mine = support.signed_off(make, PracticalKind.PHONE)
    theirs = support.signed_off(make, PracticalKind.CHAT)
    sign_in(client, mine.candidate)
    page = body(client.get("/kandidaat/praktijk/"))
    assert "Praktijktoets telefonie" in page and "Geslaagd" in page
    assert "Praktijktoets chat" not in page
    assert client.get(f"/praktijk/{mine.public_id}/pdf").status_code == 200
    assert client.get(f"/praktijk/{theirs.public_id}/pdf").status_code == 404
    assert client.get(f"/praktijk/{theirs.public_id}").status_code == 403


def test_a_candidate_with_only_a_practical_starts_on_the_practicals_page(client, make):
    candidate = make.user(Role.CANDIDATE)  # no certificate B case
    support.observation(make, PracticalKind.PHONE, candidate=candidate)
    sign_in(client, candidate)
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/kandidaat/praktijk/")
    page = body(client.get("/kandidaat/praktijk/"))
    assert "Praktijktoets telefonie" in page and "Mijn dossier" not in page


def test_phone_plain_form_post_stores_ticks_and_remarks(client, make):
    obs = support.observation(make, PracticalKind.PHONE)
    sign_in(client, obs.examiner)
    response = post_form(
        client,
        f"/praktijk/{obs.public_id}",
        {
            "mark-1-1.1.1": "y",
            "remark-1-2.3.1": "Spelde de naam zonder alfabet.",
            "observed_on": "x",
        },
    )
    assert response.status_code == 422
    assert "Geen geldige datum (jjjj-mm-dd)." in body(response)
    make.db.session.expire_all()
    values = ops.values_of(obs)
    assert values["mark-1-1.1.1"] == "checked" and values["mark-1-2.1.1"] == ""
    assert values["remark-1-2.3.1"] == "Spelde de naam zonder alfabet."


def test_evidence_upload_keeps_text_refuses_other_bytes(client, make):
    obs = support.observation(make)
    sign_in(client, obs.examiner)
    url = f"/praktijk/{obs.public_id}/onderdeel/2/bewijs"
    from io import BytesIO

    ok = client.post(
        url,
        data={"csrf_token": token(client), "file": (BytesIO(b"Klant: mijn pakket?"), "chat 2.txt")},
        content_type="multipart/form-data",
    )
    assert ok.status_code == 302
    bad = client.post(
        url,
        data={"csrf_token": token(client), "file": (BytesIO(b"MZ\x00\x01"), "x.exe")},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 400
    assert "Alleen tekst, PDF, PNG of JPEG" in body(bad)
    make.db.session.expire_all()
    evidence = obs.entries[1].evidence[0]
    download = client.get(f"/praktijk/bewijs/{evidence.public_id}")
    assert download.data == b"Klant: mijn pakket?"
    sign_in(client, make.user(Role.ASSESSOR))
    assert client.get(f"/praktijk/bewijs/{evidence.public_id}").status_code == 404


def test_settings_page_quotes_both_seed_sentences_and_refuses_bad_minimums(client, make):
    sign_in(client, make.user(Role.ADMIN))
    page = body(client.get("/beheer/praktijk/instellingen"))
    assert "Eindterm 2 en 3 kritiek, eindterm 1 minimaal 17 punten" in page
    assert "De score op eindterm 1 moet altijd 2 punten zijn." in page
    form = {
        "chat_min_chats": "5",
        "chat_min_occurrences": "3",
        "chat_total_minimum": "18",
        "chat_critical_eindterms": "1,3",
        "chat_good_rule": "three_good",
        "phone_min_calls": "1",
        "phone_min_ticks": "1",
        "phone_critical_eindterms": "1, 3",
        "phone_minimums": "2=5",
        "advised_months_between": "3",
    }
    bad = post_form(client, "/beheer/praktijk/instellingen", form)
    assert bad.status_code == 422 and "eindterm:aantal" in body(bad)
    good = post_form(client, "/beheer/praktijk/instellingen", {**form, "phone_minimums": "2:4"})
    assert good.status_code == 302
    settings = ops.get_settings()
    make.db.session.refresh(settings)
    assert (settings.chat_total_minimum, settings.phone_minimums) == (18, "2:4")


def test_a_new_version_is_edited_published_and_used_while_old_ones_stay(client, make):
    old = support.observation(make)
    sign_in(client, make.user(Role.ADMIN))
    response = post_form(
        client, "/beheer/praktijk/checklists/chat/nieuw", {}, "/beheer/praktijk/checklists"
    )
    draft_url = response.headers["Location"]
    import json

    draft = make.db.session.get(type(old.definition), int(draft_url.rsplit("/", 1)[1]))
    content = json.loads(json.dumps(draft.content))
    content["eindtermen"][2]["sections"][0]["items"][0]["text"] = (
        "Positief, enthousiast en zakelijk"
    )
    invalid = post_form(client, draft_url, {"content": "{not json"})
    assert invalid.status_code == 422 and "Geen geldige JSON" in body(invalid)
    saved = post_form(client, draft_url, {"content": json.dumps(content)})
    assert saved.status_code == 302
    published = post_form(client, f"{draft_url}/publiceren", {}, draft_url)
    assert published.status_code == 302
    again = post_form(client, draft_url, {"content": json.dumps(content)})
    assert again.status_code == 409
    new = support.observation(make)
    assert new.definition.number == 2
    assert new.definition.checklist().item("3.1a").text == "Positief, enthousiast en zakelijk"
    make.db.session.expire_all()
    assert old.definition.number == 1 and old.definition.status.value == "superseded"


def test_a_passed_chat_practical_and_theory_award_the_chat_certificate(client, make):
    obs = support.signed_off(make, PracticalKind.CHAT)
    assert make.db.session.scalar(select(ProgrammeAward)) is None  # no theory yet
    sign_in(client, make.user(Role.ADMIN))
    page_url = f"/beheer/praktijk/{obs.public_id}"
    response = post_form(client, f"{page_url}/theorie", {"passed_on": "2026-01-05"}, page_url)
    assert response.status_code == 302
    award = make.db.session.scalar(select(ProgrammeAward))
    assert award.programme == "CHAT" and award.certificate_number.startswith("KSF-CHAT-")
    assert award.warnings and "meer dan 3 maanden" in award.warnings[0]
    page = body(client.get(page_url))
    assert "Branchecertificaat chat" in page and award.certificate_number in page
    assert "Geslaagd: aan alle voorwaarden is voldaan." in page  # the admin sees the why
