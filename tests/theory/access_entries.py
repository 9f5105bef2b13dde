"""Access classification of the A-test routes (see tests/support/access.py)."""

from __future__ import annotations

from tests.support.access import ADMIN, CANDIDATE, CANDIDATE_OWNED, World

SITTING = {"public_id": "theory_sitting"}
ITEM = {"public_id": "theory_sitting", "position": "1"}

ENTRIES = {
    # the candidate: own enrolment and own sittings only (another's sitting is a 404)
    "theory.home": ({}, CANDIDATE),
    "theory.start": ({}, CANDIDATE),
    "theory.aid": ({}, CANDIDATE),
    "theory.item": (ITEM, CANDIDATE_OWNED),
    "theory.overview": (SITTING, CANDIDATE_OWNED),
    "theory.submit": (SITTING, CANDIDATE_OWNED),
    "theory.result": (SITTING, CANDIDATE_OWNED),
    "theory.save_answer": (ITEM, CANDIDATE_OWNED),
    "theory.heartbeat": (SITTING, CANDIDATE_OWNED),
    # KSF admins: bank, settings, statistics
    "theory_bank.index": ({}, ADMIN),
    "theory_bank.items": ({}, ADMIN),
    "theory_bank.item_new": ({}, ADMIN),
    "theory_bank.item_edit": ({"public_id": "theory_item"}, ADMIN),
    "theory_bank.item_retire": ({"public_id": "theory_item"}, ADMIN),
    "theory_bank.item_restore": ({"public_id": "theory_item"}, ADMIN),
    "theory_bank.export_csv": ({}, ADMIN),
    "theory_bank.export_qti": ({}, ADMIN),
    "theory_bank.import_csv": ({}, ADMIN),
    "theory_bank.settings": ({}, ADMIN),
    "theory_bank.statistics": ({}, ADMIN),
    "theory_bank.responses_csv": ({}, ADMIN),
    # KSF admins: invigilation
    "theory_invigilation.sessions": ({}, ADMIN),
    "theory_invigilation.session_cancel": ({"public_id": "theory_session"}, ADMIN),
    "theory_invigilation.enrolments": ({}, ADMIN),
    "theory_invigilation.accommodation": ({"public_id": "theory_enrolment"}, ADMIN),
    "theory_invigilation.monitor": ({}, ADMIN),
    "theory_invigilation.monitor_rows": ({}, ADMIN),
    "theory_invigilation.sitting_detail": (SITTING, ADMIN),
    "theory_invigilation.sitting_pause": (SITTING, ADMIN),
    "theory_invigilation.sitting_resume": (SITTING, ADMIN),
    "theory_invigilation.sitting_add_time": (SITTING, ADMIN),
    "theory_invigilation.sitting_void": (SITTING, ADMIN),
}


def extend_world(make, world: World) -> None:  # type: ignore[no-untyped-def]
    """Both candidates are enrolled for A; the first one has a running sitting."""
    enrolment = make.theory_enrolment(world.users["cand"])
    make.theory_enrolment(world.users["cand2"])
    sitting = make.theory_sitting(enrolment, small=True)
    world.ids["theory_sitting"] = sitting.public_id
    world.ids["theory_item"] = sitting.items[0].version.item.public_id
    world.ids["theory_session"] = sitting.session.public_id
    world.ids["theory_enrolment"] = enrolment.public_id
