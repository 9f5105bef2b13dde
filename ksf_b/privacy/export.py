"""A candidate's own data as a zip, streamed: recordings are copied chunk by chunk.

`zipfile` writes to a stream that cannot seek (sizes go in data descriptors), so the archive
is produced piece by piece and never held in memory, however large the videos.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, select

from ksf_b import outcomes
from ksf_b.assessment.models import Assessment
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.periods import as_utc
from ksf_b.privacy.models import ConsentRecord
from ksf_b.privacy.sources import collect
from media.storage import Storage, get_storage

COPY_BYTES = 1024 * 1024
SKIPPED_COLUMNS = {"id", "password_hash", "security_stamp"}


class _Pipe:
    """A write-only file object whose written bytes are taken out piece by piece."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._offset = 0

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self._offset

    def flush(self) -> None:
        return None

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return as_utc(value).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def row_dict(row: Any) -> dict[str, Any]:
    """Return a row's columns as JSON-ready values (no internal ids or secrets)."""
    return {
        attr.key: _plain(getattr(row, attr.key))
        for attr in inspect(row).mapper.column_attrs
        if attr.key not in SKIPPED_COLUMNS and not attr.key.endswith("_id")
    }


def json_bytes(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "scenario"


def summary(candidate: Candidate) -> dict[str, Any]:
    """The candidate's case: person, state, journey, consents, assessment, outcome if any."""
    from ksf_b.journey.states import STATE_LABELS

    user = candidate.user
    data: dict[str, Any] = {
        "persoon": {**row_dict(user), "bedrijf": candidate.company.name},
        "kandidaat": {**row_dict(candidate), "status": str(STATE_LABELS[candidate.state])},
        "verloop": [row_dict(event) for event in candidate.events],
        "toestemmingen": [
            row_dict(consent)
            for consent in db.session.scalars(
                select(ConsentRecord).where(ConsentRecord.user_id == user.id)
            )
        ],
    }
    assessment = db.session.scalar(
        select(Assessment).where(Assessment.candidate_id == candidate.id)
    )
    if assessment is not None:
        data["assessment"] = row_dict(assessment)
    data["beoordeling"] = _part2_outcome(candidate)
    data["eindoordelen"] = _released_verdicts(candidate)
    data["certificaten"] = _certificates(user)
    return data


def _part2_outcome(candidate: Candidate) -> Any:
    """The integrated scores, once the result is released (not before: that is the verdict)."""
    if not _released_verdicts(candidate):
        return None
    outcome = outcomes.provider().part2_outcome(candidate)
    if outcome is None:
        return None
    return {
        "geslaagd": outcome.passed,
        "scores_per_competentie": outcome.competency_scores,
        "gemiddelde": outcome.mean,
        "redenen": list(outcome.reasons),
    }


def _released_verdicts(candidate: Candidate) -> list[dict[str, Any]]:
    return [row_dict(row) for row in outcomes.provider().released_verdicts(candidate)]


def _certificates(user: Any) -> list[dict[str, Any]]:
    from certificates.models import Certificate

    rows = db.session.scalars(select(Certificate).where(Certificate.holder_id == user.id))
    return [row_dict(row) for row in rows]


def _documents(candidate: Candidate) -> Iterator[tuple[str, bytes]]:
    from ksf_b.dossier.models import Dossier
    from ksf_b.endorsement.models import Endorsement

    yield "gegevens.json", json_bytes(summary(candidate))
    dossier = db.session.scalar(select(Dossier).where(Dossier.candidate_id == candidate.id))
    if dossier is not None:
        body = row_dict(dossier)
        body["star_verhalen"] = [
            {**row_dict(story), "competenties": [row_dict(c) for c in story.competency_rows]}
            for story in dossier.stories
        ]
        body["zelfbeoordeling"] = [row_dict(rating) for rating in dossier.ratings]
        yield "dossier.json", json_bytes(body)
    endorsement = db.session.scalar(
        select(Endorsement).where(Endorsement.candidate_id == candidate.id)
    )
    if endorsement is not None:
        yield "aanbeveling-leidinggevende.json", json_bytes(row_dict(endorsement))
    for domain in collect(candidate):
        yield from domain.documents


def _recordings(candidate: Candidate) -> Iterator[tuple[str, str]]:
    """(name in the zip, storage key) of the domains' files and of every take: the processed
    MP4, else the original."""
    assessment = db.session.scalar(
        select(Assessment).where(Assessment.candidate_id == candidate.id)
    )
    for domain in collect(candidate):
        yield from domain.files
    if assessment is None:
        return
    responses = sorted(assessment.responses, key=lambda r: r.scenario.position)
    for response in responses:
        for take in response.takes:
            asset = take.asset
            key = asset.processed_key or asset.original_key
            if not key:
                continue
            mime = "video/mp4" if asset.processed_key else (asset.original_mime or "")
            extension = "mp4" if "mp4" in mime else "webm"
            chosen = "-gekozen" if response.confirmed_take_id == take.id else ""
            name = (
                f"opnames/{response.scenario.position:02d}-{_slug(response.scenario.title)}"
                f"-poging-{take.number}{chosen}.{extension}"
            )
            yield name, key


def stream_export(candidate: Candidate) -> Iterator[bytes]:
    """Return an iterator over the zip of the candidate's data, made piece by piece.

    Everything from the database (and the storage backend) is read now, inside the request;
    the iterator only copies bytes, so it needs no application context while it streams.
    """
    return _zip_pieces(list(_documents(candidate)), list(_recordings(candidate)), get_storage())


def _zip_pieces(
    documents: list[tuple[str, bytes]], recordings: list[tuple[str, str]], storage: Storage
) -> Iterator[bytes]:
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_DEFLATED) as archive:  # type: ignore[arg-type]
        for name, data in documents:
            archive.writestr(name, data)
            yield pipe.take()
        for name, key in recordings:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_STORED  # video is compressed already
            with (
                storage.open(key) as source,
                archive.open(info, mode="w", force_zip64=True) as target,
            ):
                while chunk := source.read(COPY_BYTES):
                    target.write(chunk)
                    yield pipe.take()
    yield pipe.take()
