"""The demo world of the practicals: the demo examiner can finish both observations."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from ksf_b.accounts.models import User
from ksf_b.demo import print_accounts, seed_demo
from practicals import operations as ops
from practicals.models import Observation, PracticalKind, ProgrammeAward
from practicals.rules import GOOD, INCOMPLETE, PASSED


def test_demo_examiner_has_a_phone_observation_and_a_chat_with_three_chats_scored(app, db):
    seed_demo()
    examiner = db.session.scalar(select(User).where(User.email == "beoordelaar@ksf.example"))
    found = db.session.scalars(select(Observation).where(Observation.examiner_id == examiner.id))
    by_kind = {o.kind: o for o in found}
    phone, chat = by_kind[PracticalKind.PHONE], by_kind[PracticalKind.CHAT]
    assert phone.status.value == "scheduled" and phone.notified_at is not None
    scored = [e for e in chat.entries if len([m for m in e.marks if m.value]) == 20]
    assert [e.position for e in scored] == [1, 2, 3]
    outcome = ops.outcome_of(chat)
    assert outcome.status == INCOMPLETE
    assert outcome.missing[0] == "3 van de minimaal 5 chats zijn volledig beoordeeld."

    codes = chat.definition.checklist().codes
    rest = {f"mark-{p}-{code}": GOOD for p in (4, 5) for code in codes}
    ops.save_marks(chat, examiner, rest, chat.revision)
    assert ops.sign_off(chat, examiner).status == PASSED
    award = db.session.scalar(select(ProgrammeAward).where(ProgrammeAward.programme == "CHAT"))
    assert award is not None and award.user_id == chat.candidate_id
    ticks = {f"mark-1-{code}": ["y"] for code in phone.definition.checklist().codes}
    ops.save_marks(phone, examiner, ticks, phone.revision)
    assert ops.sign_off(phone, examiner).status == PASSED


def test_print_accounts_lists_the_practicals_candidates(app, db):
    seed_demo()

    @__import__("click").command()
    def show() -> None:
        print_accounts()

    output = CliRunner().invoke(show).output
    assert "telefoon@klantbedrijf.example  (praktijktoets telefonie)" in output
    assert "chat@klantbedrijf.example  (praktijktoets chat)" in output


def test_demo_call_has_a_playable_recording_for_the_examiner(app, db, client):
    import subprocess
    import tempfile
    from pathlib import Path

    from practicals.models import AudioEvidence
    from tests.ksf_b.journey.support import sign_in

    seed_demo()
    examiner = db.session.scalar(select(User).where(User.email == "beoordelaar@ksf.example"))
    recording = db.session.scalar(select(AudioEvidence))
    phone = recording.entry.observation
    assert (phone.kind, phone.examiner_id, recording.entry.position) == (
        PracticalKind.PHONE,
        examiner.id,
        1,
    )
    sign_in(client, examiner)
    url = f"/media/assets/{recording.asset.public_id}/audio"
    assert f'src="{url}"' in client.get(f"/praktijk/{phone.public_id}").get_data(as_text=True)
    played = client.get(url)
    assert played.status_code == 200 and played.mimetype == "audio/mp4"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.m4a"
        path.write_bytes(played.data)
        probed = subprocess.run(
            ["ffprobe", "-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0",
             str(path)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
    assert probed.stdout.split() == ["aac"]
