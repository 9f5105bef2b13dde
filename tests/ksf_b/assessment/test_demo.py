"""The demo scenarios: a complete, valid set with real placeholder clips in the pipeline."""

from __future__ import annotations

import hashlib
import subprocess

import pytest

from ksf_b.accounts.models import Role
from ksf_b.assessment import operations as ops
from ksf_b.assessment import scenario_admin
from ksf_b.assessment.demo import seed_scenarios
from ksf_b.journey.models import CandidateState
from media.models.asset import AssetKind, AssetStatus
from media.models.job import Job
from media.storage import get_storage


@pytest.mark.slow
def test_seed_scenarios_builds_a_valid_set_with_queued_placeholder_clips(app, db, make):
    admin = make.user(role=Role.ADMIN)
    company = make.company()
    invited = make.candidate(state=CandidateState.ASSESSMENT_INVITED)
    scenarios = seed_scenarios({Role.ADMIN: admin}, company)
    db.session.commit()
    assert [s.position for s in scenarios] == list(range(1, 11))
    assert scenario_admin.coverage_warnings() == []
    assert all(s.is_placeholder and s.captions_vtt.startswith("WEBVTT") for s in scenarios)
    assert len({s.video_asset_id for s in scenarios}) == 10
    asset = scenarios[0].video_asset
    assert asset.kind is AssetKind.SCENARIO and asset.status is AssetStatus.QUEUED
    with get_storage().local_path(asset.original_key) as path:
        data = path.read_bytes()
        probe = subprocess.run(
            [
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "stream=codec_type",
                "-of",
                "csv=p=0",
                str(path),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
    assert hashlib.sha256(data).hexdigest() == asset.original_sha256
    assert sorted(probe.stdout.split()) == ["audio", "video"]
    assert db.session.query(Job).count() == 10
    assert ops.get_assessment_for(invited) is not None
    assert seed_scenarios({Role.ADMIN: admin}, company) == []  # once per database
