"""The practicals' routes in the access matrix (tests/ksf_b/test_access_matrix.py).

The world's assessor is the examiner assigned to `obs` (in progress) and `obs_signed`; both
belong to the world's candidate `cand`. Another examiner's observations are covered in
tests/practicals/test_http.py (404).
"""

from __future__ import annotations

from practicals.models import PracticalKind
from tests.practicals import support
from tests.support.access import ADMIN, CANDIDATE, only

ASSIGNED = only("assessor")
READERS = only("assessor", "admin", "candidate", owner="candidate")

ENTRIES = {
    "practicals.home": ({}, ASSIGNED),
    "practicals.fill": ({"public_id": "obs"}, ASSIGNED),
    "practicals.save": ({"public_id": "obs"}, ASSIGNED),
    "practicals.save_draft": ({"public_id": "obs"}, ASSIGNED),
    "practicals.add_entry": ({"public_id": "obs"}, ASSIGNED),
    "practicals.upload_evidence": ({"public_id": "obs", "position": "1"}, ASSIGNED),
    "practicals.evidence_file": ({"public_id": "evidence"}, only("assessor", "admin")),
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
}


def extend_world(make, world) -> None:  # type: ignore[no-untyped-def]
    from practicals import evidence

    assessor, candidate = world.users["assessor"], world.users["cand"]
    obs = support.observation(make, PracticalKind.CHAT, examiner=assessor, candidate=candidate)
    evidence_row = evidence.store(obs.entries[0], assessor, "chat1.txt", b"Klant: hallo")
    make.db.session.commit()
    signed = support.signed_off(make, PracticalKind.PHONE, examiner=assessor, candidate=candidate)
    world.ids.update(
        obs=obs.public_id,
        obs_signed=signed.public_id,
        evidence=evidence_row.public_id,
        definition=str(obs.definition_id),
    )
