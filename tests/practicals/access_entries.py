"""The practicals' routes in the access matrix (tests/ksf_b/test_access_matrix.py).

The world's assessor is the examiner assigned to `obs` (in progress) and `obs_signed`; both
belong to the world's candidate `cand`. Another examiner's observations are covered in
tests/practicals/test_http.py (404).
"""

from __future__ import annotations

from media.models.asset import AssetKind
from practicals.models import AudioEvidence, PracticalKind
from tests.practicals import support
from tests.support.access import ADMIN, CANDIDATE, logged_in, only

ASSIGNED = only("assessor")
HEARERS = logged_in(cand="N", cand2="N", mgr="N", mgr2="N")
READERS = only("assessor", "admin", "candidate", owner="candidate")

ENTRIES = {
    "practicals.home": ({}, ASSIGNED),
    "practicals.fill": ({"public_id": "obs"}, ASSIGNED),
    "practicals.save": ({"public_id": "obs"}, ASSIGNED),
    "practicals.save_draft": ({"public_id": "obs"}, ASSIGNED),
    "practicals.add_entry": ({"public_id": "obs"}, ASSIGNED),
    "practicals.upload_evidence": ({"public_id": "obs", "position": "1"}, ASSIGNED),
    "practicals.evidence_file": ({"public_id": "evidence"}, only("assessor", "admin")),
    "practicals.open_audio": ({"public_id": "obs", "position": "1"}, ASSIGNED),
    "practicals.attach_audio": ({"public_id": "obs", "position": "1"}, ASSIGNED),
    # the recording of a call: its examiner (the uploader) and admins; the candidate never
    # (owned by an admin here, so the examiner is let in by practicals' view policy)
    "media.asset_audio": ({"public_id": "audio_asset"}, HEARERS),
    "practicals.sign_off": ({"public_id": "obs"}, ASSIGNED),
    "practicals.live_outcome": ({"public_id": "obs"}, ASSIGNED),
    "practicals.pdf": ({"public_id": "obs_signed"}, READERS),
    "practicals_candidate.index": ({}, CANDIDATE),
    "practicals_admin.index": ({}, ADMIN),
    "practicals_admin.schedule": ({}, ADMIN),
    "practicals_admin.detail": ({"public_id": "obs"}, ADMIN),
    "practicals_admin.cancel": ({"public_id": "obs"}, ADMIN),
    "practicals_admin.theory_pass": ({"public_id": "obs"}, ADMIN),
    "practicals_admin.settings": ({}, ADMIN),
    "practicals_admin.definitions": ({}, ADMIN),
    "practicals_admin.new_definition": ({"kind": "chat"}, ADMIN),
    "practicals_admin.definition": ({"definition_id": "definition"}, ADMIN),
    "practicals_admin.publish_definition": ({"definition_id": "definition"}, ADMIN),
    "practicals_admin.definition_structure": ({"definition_id": "definition"}, ADMIN),
}


def extend_world(make, world) -> None:  # type: ignore[no-untyped-def]
    from practicals import evidence

    assessor, candidate = world.users["assessor"], world.users["cand"]
    obs = support.observation(make, PracticalKind.CHAT, examiner=assessor, candidate=candidate)
    evidence_row = evidence.store(obs.entries[0], assessor, "chat1.txt", b"Klant: hallo")
    audio_asset = make.ready_asset(
        b"not really m4a", owner=world.users["admin"], kind=AssetKind.AUDIO
    )
    make.db.session.add(
        AudioEvidence(
            entry=obs.entries[0], asset=audio_asset, filename="a.m4a", uploaded_by_id=assessor.id
        )
    )
    make.db.session.commit()
    signed = support.signed_off(make, PracticalKind.PHONE, examiner=assessor, candidate=candidate)
    world.ids.update(
        obs=obs.public_id,
        obs_signed=signed.public_id,
        evidence=evidence_row.public_id,
        audio_asset=audio_asset.public_id,
        definition=str(obs.definition_id),
    )
