"""Processing of an uploaded original into a playable, verified MP4 and a poster frame."""

from __future__ import annotations

from ksf_b.extensions import db
from media.jobs import create_job
from media.models.asset import AssetStatus, MediaAsset
from media.models.job import Job

JOB_KIND = "process_media"


def request_processing(asset: MediaAsset) -> Job:
    """Queue processing of an asset's original; idempotent, dispatched after the commit."""
    if asset.id is None:
        db.session.flush()
    job = create_job(JOB_KIND, {"asset_id": asset.id}, f"{JOB_KIND}:{asset.id}")
    if asset.status in (AssetStatus.UPLOADING, AssetStatus.QUEUED):
        asset.status = AssetStatus.QUEUED
    db.session.flush()
    return job


def run_process_job(job: Job) -> None:
    """Run the processing of the asset named in the job's payload."""
    process_asset(int(job.payload["asset_id"]), job)


def process_job_failed(job: Job, error: str) -> None:
    """Placeholder until the pipeline lands: the job failed for good."""


def process_asset(asset_id: int, job: Job) -> None:
    """Turn the asset's original into a verified MP4 and poster (implemented below)."""
    raise NotImplementedError
