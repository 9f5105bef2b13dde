"""What the practicals keep of a candidate, for the privacy code (export, retention, erasure).

Registered in the composition root (`ksf_b/blueprints.py`) with `ksf_b.privacy.sources`.
Deleted with the candidate's other material: the evidence files (transcripts) and the audio
recordings of their calls. Kept, like ratings: the checklists, marks and outcomes. On erasure
the checklist header's name becomes the erased name and the date of birth keeps its year.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.privacy.export import json_bytes, row_dict
from ksf_b.privacy.operations import ERASED_NAME
from ksf_b.privacy.sources import DomainMaterial
from practicals.models import Observation


def personal_material(candidate: Candidate) -> DomainMaterial:
    """The candidate's practical exams: evidence to delete, checklists to export."""
    found = DomainMaterial()
    observations = list(
        db.session.scalars(
            select(Observation)
            .where(Observation.candidate_id == candidate.user_id)
            .order_by(Observation.id)
        )
    )
    if not observations:
        return found
    checklists = []
    for number, observation in enumerate(observations, 1):
        entries = []
        for entry in sorted(observation.entries, key=lambda e: e.position):
            entries.append({**row_dict(entry), "scores": [row_dict(mark) for mark in entry.marks]})
            for evidence in entry.evidence:
                found.rows.append(evidence)
                found.keys.append(evidence.storage_key)
                found.bytes += evidence.size
                found.files.append(
                    (f"praktijk/{number:02d}-{entry.position:02d}-{evidence.filename}",
                     evidence.storage_key)
                )  # fmt: skip
            for audio in entry.audio:
                found.rows.append(audio)
                found.assets.append(audio.asset)
                key = audio.asset.processed_key or audio.asset.original_key
                if key:
                    extension = "m4a" if audio.asset.processed_key else "opname"
                    found.files.append(
                        (f"praktijk/{number:02d}-{entry.position:02d}-geluid-{audio.id}.{extension}",
                         key)
                    )  # fmt: skip
        checklists.append({**row_dict(observation), "onderdelen": entries})
    found.documents.append(("praktijktoetsen.json", json_bytes(checklists)))
    found.erase = lambda: _anonymise(observations)
    return found


def _anonymise(observations: list[Observation]) -> None:
    for observation in observations:
        observation.candidate_name = ERASED_NAME
        if observation.date_of_birth is not None:
            observation.date_of_birth = date(observation.date_of_birth.year, 1, 1)
