"""Sound recordings of a call or chat as evidence, through the media pipeline.

The examiner's browser opens an upload (`open_audio_upload`), sends the file with the chunk
protocol (docs/upload-protocol.md) and then attaches the finalized upload to the chat or call
(`attach_audio`). The media pipeline processes it to AAC in M4A (`AssetKind.AUDIO`); it knows
nothing of practicals. Who may hear it follows the evidence rule: the assigned examiner and
admins (media's own rule), never the candidate.
"""

from __future__ import annotations

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ksf_b.accounts.models import User
from ksf_b.extensions import db
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.models.upload import UploadSession, UploadState
from practicals.models import AudioEvidence, Observation, ObservationEntry
from practicals.operations import Locked, PracticalError

DEFAULT_MAX_BYTES = 200 * 1024 * 1024
SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")
AUDIO_EXTENSIONS = (".mp3", ".m4a", ".mp4", ".aac", ".wav", ".ogg", ".oga", ".opus", ".webm")


def max_bytes() -> int:
    return int(current_app.config.get("PRACTICAL_AUDIO_MAX_BYTES", DEFAULT_MAX_BYTES))


def safe_filename(filename: object) -> str:
    name = SAFE_NAME.sub("_", str(filename or "")).strip()
    return (name or "opname")[:200]


def check_file_claim(filename: object, size: object) -> None:
    """Refuse what the browser says before a byte is sent: no name, empty, too large."""
    if not isinstance(filename, str) or not filename.strip():
        raise PracticalError(_l("Kies een geluidsbestand."))
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise PracticalError(_l("De grootte van het bestand ontbreekt."))
    if size == 0:
        raise PracticalError(_l("Het geluidsbestand is leeg (0 bytes). Kies een ander bestand."))
    if size > max_bytes():
        limit = max_bytes() // 1024 // 1024
        raise PracticalError(_l("Het geluidsbestand is te groot (max. %(n)d MB).", n=limit))


def open_audio_upload(
    entry: ObservationEntry, actor: User, filename: object, size: object, live: bool = False
) -> UploadSession:
    """Open an upload session (owned by the examiner) for a recording of this chat or call.

    `live`: the browser is about to record, so no size is known yet; its chunks go up while it
    records (and after a reload, from IndexedDB) and the session's maximum still applies.
    """
    from media.uploads import open_upload  # the media pipeline owns upload sessions

    if entry.observation.is_locked:
        raise Locked
    if live:
        if not isinstance(filename, str) or not filename.strip():
            raise PracticalError(_l("Kies een geluidsbestand."))
    else:
        check_file_claim(filename, size)
    return open_upload(actor, AssetKind.AUDIO, max_bytes=max_bytes())


def attach_audio(
    entry: ObservationEntry, actor: User, upload: UploadSession, filename: object
) -> AudioEvidence:
    """Attach a finalized upload to the chat or call; repeating it returns the same row."""
    if entry.observation.is_locked:
        raise Locked
    asset = upload.asset
    if asset.kind is not AssetKind.AUDIO or upload.owner_id != actor.id:
        raise PracticalError(_l("Dit bestand is geen geluidsopname die je hebt geüpload."))
    if upload.state is not UploadState.FINALIZED:
        raise PracticalError(_l("De upload is nog niet afgerond."))
    existing = db.session.scalar(select(AudioEvidence).where(AudioEvidence.asset_id == asset.id))
    if existing is not None:
        if existing.entry_id != entry.id:
            raise PracticalError(_l("Deze opname hoort al bij een ander onderdeel."))
        return existing
    evidence = AudioEvidence(
        entry=entry, asset=asset, filename=safe_filename(filename), uploaded_by_id=actor.id
    )
    db.session.add(evidence)
    db.session.flush()
    return evidence


def status_text(asset: MediaAsset) -> str:
    """Dutch status of the recording for the examiner and admin."""
    if asset.status is AssetStatus.READY:
        return str(_l("klaar om af te spelen"))
    if asset.status is AssetStatus.FAILED:
        reason = asset.failure_reason or _l("De verwerking is mislukt.")
        text = _l("verwerking mislukt: %(reason)s Het originele bestand is bewaard.", reason=reason)
        return str(text)
    if asset.status is AssetStatus.UPLOADING:
        return str(_l("nog niet volledig ontvangen"))
    return str(_l("wordt verwerkt…"))


def examiner_may_hear(user: User, asset: MediaAsset) -> bool:
    """Media view policy: the examiner assigned to the observation the recording belongs to."""
    examiner_id = db.session.scalar(
        select(Observation.examiner_id)
        .join(ObservationEntry, ObservationEntry.observation_id == Observation.id)
        .join(AudioEvidence, AudioEvidence.entry_id == ObservationEntry.id)
        .where(AudioEvidence.asset_id == asset.id)
    )
    return examiner_id is not None and examiner_id == user.id


def register_policies() -> None:
    """Let the assigned examiner hear the recordings of their observations."""
    from media.access import register_view_policy

    register_view_policy(AssetKind.AUDIO, examiner_may_hear)
