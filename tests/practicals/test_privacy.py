"""The practicals' evidence in the candidate's own export and in erasure (registered source)."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import select

from ksf_b.accounts.models import Role
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.privacy.operations import erase_candidate
from media.models.asset import AssetStatus, MediaAsset
from media.storage import get_storage
from practicals import evidence as evidence_files
from practicals.models import AudioEvidence, Evidence, Observation, PracticalKind
from tests.ksf_b.journey.support import sign_in
from tests.practicals import support
from tests.practicals.test_audio import run_jobs, upload_audio

TRANSCRIPT = b"Klant: waar blijft mijn pakket?\nKandidaat: ik kijk het direct voor je na."


def _observation_with_evidence(client, make, call_mp3: bytes):  # type: ignore[no-untyped-def]
    obs = support.observation(make, PracticalKind.PHONE)
    evidence_files.store(obs.entries[0], obs.examiner, "gesprek 1.txt", TRANSCRIPT)
    db.session.commit()
    sign_in(client, obs.examiner)
    assert upload_audio(client, obs, call_mp3).status_code == 200
    run_jobs()
    audio = db.session.scalar(select(AudioEvidence))
    assert audio.asset.status is AssetStatus.READY
    return obs


def test_export_holds_the_checklists_transcripts_and_recorded_calls(
    backend, client, make, call_mp3
) -> None:
    obs = _observation_with_evidence(client, make, call_mp3)
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == obs.candidate_id))
    sign_in(client, obs.candidate)
    answer = client.get(f"/mijn-gegevens/{candidate.public_id}/gegevens.zip")
    assert answer.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(answer.get_data()))
    names = archive.namelist()
    [transcript] = [n for n in names if n.startswith("praktijk/") and n.endswith(".txt")]
    assert archive.read(transcript) == TRANSCRIPT
    [call] = [n for n in names if n.endswith(".m4a")]
    assert archive.read(call)[4:8] == b"ftyp"
    [checklist] = json.loads(archive.read("praktijktoetsen.json"))
    assert checklist["kind"] == "phone" and checklist["onderdelen"]


def test_erasure_deletes_the_evidence_and_anonymises_the_checklist_header(
    backend, client, make, call_mp3
) -> None:
    obs = _observation_with_evidence(client, make, call_mp3)
    keys = [e.storage_key for e in db.session.scalars(select(Evidence))]
    asset = db.session.scalar(select(AudioEvidence)).asset
    keys += [asset.original_key, asset.processed_key]
    storage = get_storage()
    assert all(storage.exists(key) for key in keys)
    candidate = db.session.scalar(select(Candidate).where(Candidate.user_id == obs.candidate_id))
    erase_candidate(candidate, make.user(Role.ADMIN), "Verzoek 2026-31")
    db.session.commit()
    db.session.expire_all()
    assert not any(storage.exists(key) for key in keys)
    assert db.session.scalar(select(Evidence.id)) is None
    assert db.session.scalar(select(AudioEvidence.id)) is None
    assert db.session.get(MediaAsset, asset.id) is None
    kept = db.session.get(Observation, obs.id)  # the checklist and its marks stay, like ratings
    assert kept.candidate_name == "Gewiste kandidaat"
    assert kept.date_of_birth is None or (kept.date_of_birth.month, kept.date_of_birth.day) == (
        1,
        1,
    )
