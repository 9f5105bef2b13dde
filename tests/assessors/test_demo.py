"""The rating's demo world: candidates half rated, in moderation and rated, with real MP4s."""

from __future__ import annotations

import subprocess

from sqlalchemy import select

from assessors import assignment as assign_ops
from assessors import operations as ops
from ksf_b.accounts.models import User
from ksf_b.demo import seed_demo
from ksf_b.journey.models import Candidate, CandidateState
from media.storage import get_storage


def by_email(db, email: str) -> Candidate:  # type: ignore[no-untyped-def]
    return db.session.scalar(select(Candidate).join(Candidate.user).where(User.email == email))


def test_demo_candidates_at_every_step_of_rating(app, db) -> None:
    seed_demo()
    db.session.commit()
    demo_assessor = db.session.scalar(select(User).where(User.email == "beoordelaar@ksf.example"))
    half = by_email(db, "rating@klantbedrijf.example")
    assert half.state is CandidateState.RATING
    mine = next(a for a in assign_ops.active_assignments(half) if a.assessor_id == demo_assessor.id)
    assert ops.progress(mine).done == 5 and mine.notes
    moderated = by_email(db, "moderatie@klantbedrijf.example")
    assert moderated.state is CandidateState.MODERATION
    assert ops.case_of(moderated).disputed == ["flexibility"]
    rated = by_email(db, "beoordeeld@klantbedrijf.example")
    outcome = ops.part2_outcome(rated)
    assert rated.state is CandidateState.RATED and outcome.passed
    # the assessor from the candidates' company is calibrated but never assigned to them
    colleague = db.session.scalar(
        select(User).where(User.email == "beoordelaar@klantbedrijf.example")
    )
    assert assign_ops.profile_of(colleague).is_calibrated
    assert all(
        a.assessor_id != colleague.id
        for c in (half, moderated, rated)
        for a in assign_ops.active_assignments(c)
    )
    assert assign_ops.has_conflict(assign_ops.profile_of(colleague), half)
    # the recordings are real, stored MP4s that ffprobe reads
    asset = ops.responses_of(half)[0].confirmed_take.asset
    with get_storage().local_path(asset.processed_key) as path:
        probe = subprocess.run(
            [app.config["FFPROBE_BINARY"], "-v", "error", "-show_entries", "stream=codec_name",
             "-of", "csv=p=0", str(path)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    assert set(probe.stdout.split()) == {"h264", "aac"}
    # `make run` names the three candidates in rating among the logins it prints
    from click import command
    from click.testing import CliRunner

    from ksf_b.demo import print_accounts

    printed = CliRunner().invoke(command()(print_accounts)).output
    for email in (
        "rating@klantbedrijf.example",
        "moderatie@klantbedrijf.example",
        "beoordeeld@klantbedrijf.example",
    ):
        assert f"candidate  {email}  (" in printed
