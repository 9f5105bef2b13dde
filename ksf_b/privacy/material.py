"""What personal material a candidate has on the platform, and deleting it for good.

Deleted: every media asset the candidate owns (recordings, practice and device-test takes:
original, processed MP4, poster), their upload sessions and chunks, the takes that point at
them, and the motivation dossier; and what the domains registered in `ksf_b.privacy.sources`
(e.g. the evidence of a practical exam). Kept: the candidate's case, journey events, responses (the
rows scores hang on), verdict and certificate registry. Storage objects are deleted before
the rows, and deleting is idempotent, so a sweep that fails halfway is simply run again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy import select, update

from ksf_b.assessment.models import Assessment, Response, Take
from ksf_b.dossier.models import Dossier
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from ksf_b.privacy.sources import DomainMaterial, collect
from media import direct
from media.models.asset import MediaAsset
from media.models.upload import UploadSession
from media.storage import get_storage

log = logging.getLogger(__name__)


@dataclass
class Material:
    """A candidate's deletable material: the asset rows, their storage keys and the dossier."""

    assets: list[MediaAsset] = field(default_factory=list)
    uploads: list[UploadSession] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    bytes: int = 0
    dossier: Dossier | None = None
    rows: list = field(default_factory=list)  # domain rows pointing at the assets
    domains: list[DomainMaterial] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.assets and not self.uploads and self.dossier is None and not self.keys

    def summary(self) -> dict[str, int]:
        """Counts for the audit entry (no names, no keys)."""
        return {
            "assets": len(self.assets),
            "objects": len(self.keys),
            "bytes": self.bytes,
            "dossier": int(self.dossier is not None),
        }


def material_of(candidate: Candidate) -> Material:
    """Collect everything of `candidate` that retention or erasure deletes."""
    found = Material()
    found.assets = list(
        db.session.scalars(
            select(MediaAsset)
            .where(MediaAsset.owner_id == candidate.user_id)
            .order_by(MediaAsset.id)
        )
    )
    found.domains = collect(candidate)
    for domain in found.domains:
        known = {asset.id for asset in found.assets}
        found.assets += [asset for asset in domain.assets if asset.id not in known]
        found.keys += domain.keys
        found.bytes += domain.bytes
        found.rows += domain.rows
    asset_ids = [asset.id for asset in found.assets]
    if asset_ids:
        found.uploads = list(
            db.session.scalars(select(UploadSession).where(UploadSession.asset_id.in_(asset_ids)))
        )
    for asset in found.assets:
        for key in (asset.original_key, asset.processed_key, asset.poster_key):
            if key:
                found.keys.append(key)
        found.bytes += (asset.original_size or 0) + (asset.processed_size or 0)
    for upload in found.uploads:
        found.keys.extend(chunk.storage_key for chunk in upload.chunks)
        found.keys.extend(direct.open_chunk_keys(upload))  # sent straight to the store
    found.dossier = db.session.scalar(select(Dossier).where(Dossier.candidate_id == candidate.id))
    return found


def delete_material(material: Material) -> None:
    """Delete the objects from storage, then the rows (the caller commits)."""
    storage = get_storage()
    for key in material.keys:
        storage.delete(key)  # missing objects are fine: deleting is idempotent
    for row in material.rows:
        db.session.delete(row)
    db.session.flush()
    asset_ids = [asset.id for asset in material.assets]
    if asset_ids:
        take_ids = select(Take.id).where(Take.asset_id.in_(asset_ids))
        db.session.execute(
            update(Response)
            .where(Response.confirmed_take_id.in_(take_ids))
            .values(confirmed_take_id=None)
            .execution_options(synchronize_session="fetch")
        )
        db.session.execute(
            update(Assessment)
            .where(Assessment.device_check_asset_id.in_(asset_ids))
            .values(device_check_asset_id=None)
            .execution_options(synchronize_session="fetch")
        )
        for take in db.session.scalars(select(Take).where(Take.asset_id.in_(asset_ids))):
            db.session.delete(take)
        db.session.flush()
    for upload in material.uploads:
        db.session.delete(upload)  # its chunk rows go with it (cascade)
    db.session.flush()
    for asset in material.assets:
        db.session.delete(asset)
    if material.dossier is not None:
        db.session.delete(material.dossier)
    db.session.flush()
    log.info("deleted %s", material.summary())
