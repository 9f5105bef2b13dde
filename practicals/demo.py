"""Demo data for `make run`: a scheduled phone observation and a chat practical with three
chats scored, both assigned to the demo examiner (beoordelaar@ksf.example) to finish.

Call 1 of the phone observation has a sound recording as evidence: a 6-second tone made by
ffmpeg at seed time, stored through the media storage as a processed, ready AAC/M4A asset
(as the rating demo stores its clips), so examiner and admin can play it back at once."""

from __future__ import annotations

import io
import subprocess
import tempfile
from datetime import date, timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from ksf_b.accounts.models import Company, Role, User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from media import keys
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.storage import get_storage
from practicals import operations as ops
from practicals import versions
from practicals.models import (
    AudioEvidence,
    ObservationEntry,
    ObservationMode,
    PracticalKind,
    TheoryPass,
)
from practicals.rules import GOOD, NA, NOT_GOOD

PEOPLE = [
    ("telefoon@klantbedrijf.example", "Tessa Telefoon", date(1998, 3, 14)),
    ("chat@klantbedrijf.example", "Chris Chat", date(2001, 9, 2)),
]
# three chats of a return question, a complaint and a delivery question: what came up, and how
CHAT_NA = {1: {"2.5d", "1.1b"}, 2: {"1.1a"}, 3: {"2.5c", "1.1b"}}
CHAT_NOT_GOOD = {2: {"2.4b"}, 3: {"2.1a"}}
CHAT_NOTES = {
    1: "Retourvraag over een jas; klant wil weten of ophalen gratis is.",
    2: "Klacht over een te late levering; klant is boos en wil compensatie.",
    3: "Vraag naar de bezorgtijd van een bestelling; klant noemt zijn adres in de chat.",
}


def _person(email: str, name: str, company: Company) -> User:
    from ksf_b.demo import demo_password

    user = User(email=email, full_name=name, role=Role.CANDIDATE, company=company)
    user.set_password(demo_password())
    db.session.add(user)
    return user


def seed_practicals(users: dict[Role, User], company: Company) -> None:
    """Two candidates, their theory passes, and one observation of each kind."""
    admin, examiner = users[Role.ADMIN], users[Role.ASSESSOR]
    versions.ensure_initial_definitions()
    people = [_person(email, name, company) for email, name, _born in PEOPLE]
    db.session.flush()
    for person in people:
        db.session.add(
            TheoryPass(
                user_id=person.id,
                passed_on=utcnow().date() - timedelta(days=30),
                reference="Demo: online theorietoets",
                recorded_by_id=admin.id,
            )
        )
    soon = utcnow().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
    phone = ops.schedule(
        admin,
        kind=PracticalKind.PHONE,
        candidate=people[0],
        examiner=examiner,
        scheduled_at=soon,
        place="Klantbedrijf Demo BV, Utrecht – afdeling klantenservice",
        mode=ObservationMode.ON_SITE,
    )
    phone.date_of_birth = PEOPLE[0][2]
    _demo_recording(examiner, phone.entries[0])
    chat = ops.schedule(
        admin,
        kind=PracticalKind.CHAT,
        candidate=people[1],
        examiner=examiner,
        scheduled_at=utcnow().replace(microsecond=0) - timedelta(hours=2),
        place="Vastgelegde chats van Klantbedrijf Demo BV",
        mode=ObservationMode.RECORDED,
    )
    chat.date_of_birth = PEOPLE[1][2]
    codes = chat.definition.checklist().codes
    fields: dict[str, object] = {}
    for position in (1, 2, 3):
        fields[f"note-{position}"] = CHAT_NOTES[position]
        for code in codes:
            value = GOOD
            if code in CHAT_NA[position]:
                value = NA
            elif code in CHAT_NOT_GOOD.get(position, set()):
                value = NOT_GOOD
            fields[f"mark-{position}-{code}"] = value
    ops.save_marks(chat, examiner, fields, None)
    db.session.flush()


RECORDING_SECONDS = 6


def _demo_recording(examiner: User, entry: ObservationEntry) -> AudioEvidence:
    """A short tone as AAC in a fast-start M4A, stored as a ready audio asset of this call."""
    with tempfile.TemporaryDirectory(prefix="ksf-demo-audio-") as folder:
        target = Path(folder) / "opname.m4a"
        sine = f"sine=frequency=440:sample_rate=44100:duration={RECORDING_SECONDS}"
        subprocess.run(  # noqa: S603  (argument list, binary from config)
            [current_app.config["FFMPEG_BINARY"], "-hide_banner", "-loglevel", "error", "-y",
             "-f", "lavfi", "-i", sine, "-c:a", "aac", "-b:a", "64k", "-movflags", "+faststart",
             str(target)],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        data = target.read_bytes()
    asset = MediaAsset(kind=AssetKind.AUDIO, owner_id=examiner.id, status=AssetStatus.READY)
    db.session.add(asset)
    db.session.flush()
    storage = get_storage()
    original = storage.save(keys.original_key(asset), io.BytesIO(data))
    processed = storage.save(keys.processed_key(asset), io.BytesIO(data))
    asset.original_key, asset.original_mime = keys.original_key(asset), "audio/mp4"
    asset.original_size, asset.original_sha256 = original.size, original.sha256
    asset.processed_key = keys.processed_key(asset)
    asset.processed_size, asset.processed_sha256 = processed.size, processed.sha256
    asset.duration_seconds, asset.audio_codec = float(RECORDING_SECONDS), "aac"
    asset.processing_path, asset.ready_at = "audio-copy", utcnow()
    evidence = AudioEvidence(
        entry=entry, asset=asset, filename="opname-gesprek-1.m4a", uploaded_by_id=examiner.id
    )
    db.session.add(evidence)
    db.session.flush()
    return evidence


def demo_logins() -> list[tuple[str, str]]:
    """(e-mail, what to try) of the practicals' demo candidates, for `print_accounts`."""
    found = []
    for email, _name, _born in PEOPLE:
        if db.session.scalar(select(User.id).where(User.email == email)) is not None:
            what = (
                "praktijktoets telefonie" if email.startswith("telefoon") else "praktijktoets chat"
            )
            found.append((email, what))
    return found
