"""Media factories: upload sessions opened by the real operation, and stored, playable assets."""

from __future__ import annotations

import io

from ksf_b.accounts.models import Role, User
from media import keys
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.models.upload import UploadSession
from media.storage import get_storage
from media.uploads import open_upload
from tests.factories.base import BaseFactory


class MediaFactory(BaseFactory):
    """Rows of the media domain."""

    def upload(
        self,
        owner: User | None = None,
        kind: AssetKind = AssetKind.RECORDING,
        max_bytes: int = 50 * 1024 * 1024,
    ) -> UploadSession:
        """An open upload session (and its asset in UPLOADING), as a domain action makes it."""
        owner = owner or self.user(Role.CANDIDATE)  # type: ignore[attr-defined]
        upload = open_upload(owner, kind, max_bytes)
        self.db.session.commit()
        return upload

    def media_asset(
        self,
        owner: User | None = None,
        kind: AssetKind = AssetKind.RECORDING,
        status: AssetStatus = AssetStatus.QUEUED,
        **fields: object,
    ) -> MediaAsset:
        """An asset row with the given fields (nothing stored)."""
        owner = owner or self.user(Role.CANDIDATE)  # type: ignore[attr-defined]
        return self._save(MediaAsset(kind=kind, status=status, owner_id=owner.id, **fields))

    def ready_asset(
        self,
        video: bytes,
        poster: bytes | None = None,
        owner: User | None = None,
        kind: AssetKind = AssetKind.RECORDING,
    ) -> MediaAsset:
        """A READY asset whose processed MP4 (and poster) are really in the app's storage."""
        asset = self.media_asset(owner=owner, kind=kind, status=AssetStatus.READY)
        storage = get_storage()
        stored = storage.save(keys.processed_key(asset), io.BytesIO(video))
        asset.processed_key = keys.processed_key(asset)
        asset.processed_size, asset.processed_sha256 = stored.size, stored.sha256
        if poster is not None:
            storage.save(keys.poster_key(asset), io.BytesIO(poster))
            asset.poster_key = keys.poster_key(asset)
        return self._save(asset)
