"""The retention sweep deletes expired material from storage and database, and nothing else.

Runs on each backend: the local folder and an S3 bucket on moto's server.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from ksf_b.assessment.models import Response, Take
from ksf_b.audit.models import AuditEntry
from ksf_b.db_types import utcnow
from ksf_b.dossier.models import Dossier
from ksf_b.journey.models import Candidate, CandidateState, JourneyEvent
from ksf_b.privacy.operations import retention_plan, run_retention, stale_uploads
from media.models.asset import MediaAsset
from media.models.upload import UploadChunk, UploadSession

VIDEO = b"\x1aE\xdf\xa3 a real enough take " * 100


def _objects(make, take) -> list[str]:  # type: ignore[no-untyped-def]
    upload = take.asset and make.db.session.scalar(
        select(UploadSession).where(UploadSession.asset_id == take.asset_id)
    )
    return make.asset_keys(take.asset) + [chunk.storage_key for chunk in upload.chunks]


def _case(make, released_days_ago: int):  # type: ignore[no-untyped-def]
    candidate = make.released_candidate(utcnow() - timedelta(days=released_days_ago))
    make.dossier(candidate, submitted=True)
    take = make.stored_take(candidate, VIDEO)
    return candidate, take, _objects(make, take)


def test_expired_material_is_deleted_for_real_and_the_rest_stays(app_storage, make, db) -> None:
    expired, expired_take, expired_keys = _case(make, released_days_ago=400)
    kept, kept_take, kept_keys = _case(make, released_days_ago=300)
    rating = make.candidate(state=CandidateState.RATING)  # reopened on appeal: not released
    make.db.session.add(
        JourneyEvent(
            candidate=rating,
            transition="release_result",
            from_state="verdict_confirmed",
            to_state="result_released",
            created_at=utcnow() - timedelta(days=800),
        )
    )
    rating_take = make.stored_take(rating, VIDEO)
    rating_keys = _objects(make, rating_take)
    assert len(expired_keys) == 4  # original, processed, poster, one upload chunk
    assert all(app_storage.exists(key) for key in expired_keys + kept_keys + rating_keys)

    result = run_retention()
    db.session.expire_all()

    assert result.candidates == 1
    assert not any(app_storage.exists(key) for key in expired_keys)
    assert all(app_storage.exists(key) for key in kept_keys + rating_keys)
    owners = db.session.scalars(select(MediaAsset.owner_id)).all()
    assert expired.user_id not in owners
    assert {kept.user_id, rating.user_id} <= set(owners)
    assert db.session.get(Take, expired_take.id) is None
    assert db.session.get(Take, kept_take.id) is not None
    assert db.session.scalar(select(Dossier).where(Dossier.candidate_id == expired.id)) is None
    assert db.session.scalar(select(Dossier).where(Dossier.candidate_id == kept.id)) is not None
    # the case, its journey and the response rows (scores hang on them) stay
    case = db.session.get(Candidate, expired.id)
    assert case.state is CandidateState.RESULT_RELEASED and case.events
    response = db.session.get(Response, expired_take.response_id)
    assert response is not None and response.confirmed_take_id is None
    entry = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "privacy.retention_deleted")
    ).one()
    assert entry.subject == f"candidate:{expired.public_id}"
    assert entry.details["objects"] == 4 and entry.details["dossier"] == 1
    # a second run finds nothing more to do
    assert run_retention().candidates == 0
    assert [p.candidate.id for p in retention_plan()] == [kept.id]


def test_abandoned_upload_chunks_are_removed_fresh_ones_kept(app_storage, make, db) -> None:
    candidate = make.candidate(state=CandidateState.RECORDING)
    old = make.chunked_upload(candidate, b"old chunk bytes")
    fresh = make.chunked_upload(candidate, b"fresh chunk bytes")
    old_key = old.chunks[0].storage_key
    fresh_key = fresh.chunks[0].storage_key
    long_ago = utcnow() - timedelta(days=8)
    old.created_at = long_ago
    old.chunks[0].created_at = long_ago
    db.session.commit()
    assert [u.id for u in stale_uploads(utcnow())] == [old.id]

    result = run_retention()
    db.session.expire_all()

    assert result.uploads == 1
    assert not app_storage.exists(old_key)
    assert app_storage.exists(fresh_key)
    counts = dict(
        db.session.execute(
            select(UploadChunk.upload_id, func.count()).group_by(UploadChunk.upload_id)
        ).all()
    )
    assert counts == {fresh.id: 1}
    assert db.session.get(UploadSession, old.id).is_open  # the browser may send it again
