"""Released candidates (the release moment is their `release_result` journey event) with
real recordings in storage, for the retention, export and erasure tests."""

from __future__ import annotations

import hashlib
import io
from datetime import datetime

from ksf_b.assessment.models import Assessment, Response, Scenario, Take
from ksf_b.journey.models import Candidate, CandidateState, JourneyEvent
from media import keys
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.models.upload import UploadSession, UploadState
from media.storage import get_storage
from media.uploads import open_upload, put_chunk
from tests.factories.base import BaseFactory


class PrivacyFactory(BaseFactory):
    """Candidates whose result was released at a given moment, and their stored takes."""

    def released_candidate(self, released_at: datetime) -> Candidate:
        """A candidate in `result_released`, released at `released_at` (by journey event)."""
        candidate = self.candidate(state=CandidateState.RESULT_RELEASED, holds_a=True)  # type: ignore[attr-defined]
        event = JourneyEvent(
            candidate=candidate,
            transition="release_result",
            from_state="verdict_confirmed",
            to_state="result_released",
            created_at=released_at,
        )
        return self._save(event).candidate

    def stored_take(self, candidate: Candidate, video: bytes, position: int = 1) -> Take:
        """A take whose original, processed MP4 and poster are really in storage, uploaded
        through the real chunk protocol (so its finalized upload's chunk rows exist too)."""
        assessment = self.db.session.query(Assessment).filter_by(candidate=candidate).first()
        if assessment is None:
            assessment = self.assessment(candidate)  # type: ignore[attr-defined]
        scenario = self.db.session.query(Scenario).filter_by(position=position, active=True).first()
        scenario = scenario or self.scenario(position=position)  # type: ignore[attr-defined]
        response = self._save(Response(assessment=assessment, scenario=scenario))
        upload = self.chunked_upload(candidate, video)
        asset = upload.asset
        storage = get_storage()
        for key, body in (
            (keys.original_key(asset), video),
            (keys.processed_key(asset), video),
            (keys.poster_key(asset), b"poster"),
        ):
            storage.save(key, io.BytesIO(body))
        asset.original_key = keys.original_key(asset)
        asset.original_mime = "video/webm"
        asset.original_size = len(video)
        asset.processed_key = keys.processed_key(asset)
        asset.processed_size = len(video)
        asset.poster_key = keys.poster_key(asset)
        asset.status = AssetStatus.READY
        upload.state = UploadState.FINALIZED
        upload.finalized_at = upload.created_at
        take = self._save(Take(response=response, number=1, asset=asset))
        response.confirmed_take_id = take.id
        response.confirmed_at = take.created_at
        self._save(response)
        return take

    def chunked_upload(self, candidate: Candidate, body: bytes) -> UploadSession:
        """An open upload of the candidate holding one real chunk in storage."""
        upload = open_upload(candidate.user, AssetKind.RECORDING, 50 * 1024 * 1024)
        digest = hashlib.sha256(body).hexdigest()
        put_chunk(upload, 0, io.BytesIO(body), digest, len(body))
        self.db.session.commit()
        return upload

    def asset_keys(self, asset: MediaAsset) -> list[str]:
        return [k for k in (asset.original_key, asset.processed_key, asset.poster_key) if k]
