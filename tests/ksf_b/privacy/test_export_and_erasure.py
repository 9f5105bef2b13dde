"""The candidate's own zip (read back), nobody else's; erasure on request with confirmation."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

from sqlalchemy import select

from ksf_b.accounts.models import Role
from ksf_b.assessment.models import Response
from ksf_b.audit.models import AuditEntry
from ksf_b.db_types import utcnow
from ksf_b.dossier.models import Dossier
from ksf_b.endorsement.models import Endorsement
from ksf_b.journey.models import Candidate, CandidateState
from media.models.asset import MediaAsset
from tests.ksf_b.journey.support import body, post_form, sign_in

VIDEO = b"\x00\x00\x00\x18ftypmp42 the candidate's own answer " * 2000


def _released(make):  # type: ignore[no-untyped-def]
    candidate = make.released_candidate(utcnow() - timedelta(days=30))
    make.dossier(candidate, submitted=True)
    make.endorsement(candidate)
    make.stored_take(candidate, VIDEO)
    return candidate


def export_path(candidate) -> str:  # type: ignore[no-untyped-def]
    return f"/mijn-gegevens/{candidate.public_id}/gegevens.zip"


def test_candidate_downloads_their_own_data_as_a_zip(app_storage, client, make, db) -> None:
    candidate = _released(make)
    sign_in(client, candidate.user)
    assert "Download mijn gegevens" in body(client.get("/mijn-gegevens/"))
    response = client.get(export_path(candidate))
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.is_streamed
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    names = archive.namelist()
    assert {"gegevens.json", "dossier.json", "aanbeveling-leidinggevende.json"} <= set(names)
    [video] = [name for name in names if name.startswith("opnames/")]
    assert video.endswith("-poging-1-gekozen.mp4")
    assert archive.read(video) == VIDEO
    data = json.loads(archive.read("gegevens.json"))
    assert data["persoon"]["email"] == candidate.user.email
    assert "password_hash" not in data["persoon"]
    assert data["kandidaat"]["status"] == "Uitslag bekend"
    assert [step["transition"] for step in data["verloop"]] == ["release_result"]
    dossier = json.loads(archive.read("dossier.json"))
    assert dossier["star_verhalen"]
    entry = db.session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.actor_id) == ("privacy.exported", candidate.user_id)


def test_a_candidate_cannot_download_another_candidates_data(client, make) -> None:
    mine = make.candidate()
    other = _released(make)
    sign_in(client, mine.user)
    assert client.get(export_path(other)).status_code == 404
    assert client.get("/mijn-gegevens/onbekend/gegevens.zip").status_code == 404
    sign_in(client, make.manager())
    assert client.get(export_path(other)).status_code == 403


def test_erasure_needs_confirmation_then_removes_personal_data(
    app_storage, client, make, db
) -> None:
    candidate = _released(make)
    candidate.events[0].reason = "Besproken met Sanne na haar ziekteverlof"
    candidate.decision_reason = "Sanne werkt pas sinds haar terugkeer weer als coach"
    db.session.commit()
    keys = [k for a in db.session.scalars(select(MediaAsset)) for k in make.asset_keys(a)]
    admin = make.user(Role.ADMIN)
    sign_in(client, admin)
    path = f"/admin/privacy/kandidaten/{candidate.public_id}/wissen"
    page = body(client.get(path))
    assert candidate.user.full_name in page and "Typ WISSEN om te bevestigen" in page

    refused = post_form(client, path, {"reason": "Verzoek 2026-17", "confirm": "ja"})
    assert refused.status_code == 422
    assert db.session.scalar(select(Dossier.id)) is not None

    done = post_form(client, path, {"reason": "Verzoek 2026-17", "confirm": "WISSEN"})
    assert done.status_code == 302
    db.session.expire_all()
    erased = db.session.get(Candidate, candidate.id)
    assert erased.user.full_name == "Gewiste kandidaat"
    assert erased.user.email.endswith("@invalid.example")
    assert not erased.user.is_active and erased.user.password_hash is None
    assert erased.date_of_birth.month == erased.date_of_birth.day == 1
    assert not any(app_storage.exists(key) for key in keys)
    assert db.session.scalar(select(MediaAsset.id)) is None
    assert db.session.scalar(select(Dossier.id)) is None
    assert db.session.scalar(select(Endorsement.id)) is None
    # the case, its state and journey, and the responses stay
    assert erased.state is CandidateState.RESULT_RELEASED and erased.events
    # the transitions stay, the text admins typed about the person does not
    assert all(event.reason is None for event in erased.events)
    assert erased.decision_reason is None
    assert db.session.scalar(select(Response.id)) is not None
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "privacy.erased")
    ).one()
    assert entry.actor_id == admin.id
    assert entry.details["reason"] == "Verzoek 2026-17"
    assert entry.details["endorsement"] == 1
    assert entry.details["typed_reasons"] == 2


def test_export_holds_verdict_scores_and_certificate_and_erasure_keeps_them(
    client, make, db
) -> None:
    from assessors import verdict_ops
    from assessors.verdict_models import Verdict
    from certificates.models import Certificate

    admin = make.user(Role.ADMIN)
    candidate = make.rated_candidate(default=4)
    verdict_ops.confirm_proposal(candidate, admin)
    verdict_ops.release(candidate, admin)
    db.session.commit()
    sign_in(client, candidate.user)
    archive = zipfile.ZipFile(io.BytesIO(client.get(export_path(candidate)).get_data()))
    data = json.loads(archive.read("gegevens.json"))
    assert data["beoordeling"]["geslaagd"] is True
    assert set(data["beoordeling"]["scores_per_competentie"])
    assert [v["passed"] for v in data["eindoordelen"]] == [True]
    [certificate] = data["certificaten"]
    assert certificate["number"].startswith("KSF-B-")

    sign_in(client, admin)
    path = f"/admin/privacy/kandidaten/{candidate.public_id}/wissen"
    assert post_form(client, path, {"reason": "Verzoek 7", "confirm": "WISSEN"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Candidate, candidate.id).user.full_name == "Gewiste kandidaat"
    assert db.session.scalar(select(Verdict.passed)) is True
    kept = db.session.scalars(select(Certificate)).one()
    assert kept.number == certificate["number"] and kept.holder_name == certificate["holder_name"]
