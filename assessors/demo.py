"""Demo data of the rating for `make run`: assessors, and candidates at each step of rating.

- a second assessor, a lead assessor and an assessor from the demo candidates' own company
  (calibrated, yet never assigned to them: the conflict rule);
- "Rana Rating": assigned to the demo assessor, half rated (five of ten responses, with notes);
- "Mo Moderatie": both ratings submitted and two points apart on flexibility: in moderation,
  visible to the lead;
- "Ruben Rated": both ratings submitted and in agreement: rated, with the outcome.

The recordings are one small real MP4 made by ffmpeg at seed time (a test picture with a tone
and the scenario number), stored through the media storage as processed, ready assets.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

from flask import current_app

from assessors import assignment as assign_ops
from assessors import operations as ops
from assessors import rubrics
from assessors.models import AssignmentKind
from ksf_b.accounts.models import Company, Role, User
from ksf_b.assessment import operations as exam_ops
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.journey import states
from ksf_b.journey.models import Candidate, CandidateState
from media import keys
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.storage import get_storage

CLIP_SECONDS = 4
ASSESSORS = [
    ("beoordelaar2@ksf.example", "Bea Beoordelaar (KSF)", False, "ksf"),
    ("lead@ksf.example", "Lotte Lead (KSF)", True, "ksf"),
    ("beoordelaar@klantbedrijf.example", "Cor Collega (Klantbedrijf)", False, "demo"),
]
CANDIDATES = [
    ("rating@klantbedrijf.example", "Rana Rating", "half"),
    ("moderatie@klantbedrijf.example", "Mo Moderatie", "moderation"),
    ("beoordeeld@klantbedrijf.example", "Ruben Rated", "rated"),
]
NOTES = [
    "[00:01] Benoemt meteen wat ze ziet bij de collega.",
    "[00:02] Vraagt door naar wat er speelt; laat stilte vallen.",
    "[00:03] Sluit af met een concrete afspraak.",
]


def seed_rating(users: dict[Role, User], company: Company) -> None:
    """Create the assessors and the three candidates in rating, once per database."""
    if (
        db.session.query(Candidate)
        .join(Candidate.user)
        .filter(User.email == CANDIDATES[0][0])
        .first()
        or not exam_ops.active_scenarios()
    ):
        return
    from ksf_b.demo import demo_password

    rubrics.current()
    demo = users[Role.ASSESSOR]
    assign_ops.ensure_profile(demo).is_calibrated = True
    made = {"demo": demo}
    for email, name, lead, where in ASSESSORS:
        user = User(
            email=email,
            full_name=name,
            role=Role.ASSESSOR,
            company=company if where == "demo" else demo.company,
        )
        user.set_password(demo_password())
        db.session.add(user)
        db.session.flush()
        profile = assign_ops.ensure_profile(user)
        profile.is_calibrated = True
        profile.is_lead = lead
        made[email] = user
    second = made["beoordelaar2@ksf.example"]
    with tempfile.TemporaryDirectory(prefix="ksf-rating-demo-") as folder:
        clip, poster = _render_clip(Path(folder))
        for email, name, step in CANDIDATES:
            candidate = _submitted_candidate(email, name, users, company, clip, poster)
            first = assign_ops.assign(candidate, demo, AssignmentKind.FIRST)
            other = assign_ops.assign(candidate, second, AssignmentKind.SECOND)
            _rate(candidate, first, other, step)
    db.session.flush()


def _submitted_candidate(email, name, users, company, clip: bytes, poster: bytes) -> Candidate:  # type: ignore[no-untyped-def]
    """A candidate with part 1 done and ten confirmed, ready responses, handed in."""
    from ksf_b.assessment.models import Response, Take
    from ksf_b.journey.demo import demo_case

    candidate = demo_case(email, name, users, company, CandidateState.ASSESSMENT_INVITED)
    user = candidate.user
    assessment = exam_ops.ensure_assessment(candidate, users[Role.ADMIN])
    now = utcnow()
    assessment.consent_at = assessment.device_check_at = assessment.started_at = now
    states.start_recording(candidate, user)
    for offset, scenario in enumerate(exam_ops.active_scenarios()):
        started = now - timedelta(minutes=60 - offset * 5)
        response = Response(
            assessment=assessment,
            scenario=scenario,
            prompt_plays=1 + offset % 2,
            last_played_at=started,
            thinking_started_at=started,
        )
        db.session.add(response)
        take = Take(
            response=response,
            number=1,
            asset=_ready_asset(user, clip, poster),
            created_at=started + timedelta(seconds=35 + offset * 3),
        )
        db.session.add(take)
        db.session.flush()
        response.confirmed_take = take
        response.confirmed_at = take.created_at
    assessment.submitted_at = now
    states.submit_part2(candidate, user)
    states.start_rating(candidate, None)
    db.session.flush()
    return candidate


def _ready_asset(owner: User, clip: bytes, poster: bytes) -> MediaAsset:
    asset = MediaAsset(kind=AssetKind.RECORDING, owner_id=owner.id, status=AssetStatus.READY)
    db.session.add(asset)
    db.session.flush()
    storage = get_storage()
    stored = storage.save(
        keys.processed_key(asset), io.BytesIO(clip), hashlib.sha256(clip).hexdigest()
    )
    storage.save(keys.poster_key(asset), io.BytesIO(poster))
    asset.processed_key, asset.poster_key = keys.processed_key(asset), keys.poster_key(asset)
    asset.processed_size, asset.processed_sha256 = stored.size, stored.sha256
    asset.duration_seconds, asset.width, asset.height = float(CLIP_SECONDS), 320, 180
    asset.video_codec, asset.audio_codec, asset.ready_at = "h264", "aac", utcnow()
    return asset


def _rate(candidate: Candidate, first, second, step: str) -> None:  # type: ignore[no-untyped-def]
    responses = ops.responses_of(candidate)
    if step == "half":
        for response in responses[:5]:
            fields = {f"score-{c}": "3" for c in response.scenario.competency_codes}
            fields["notes"] = "\n".join(NOTES[: 1 + response.scenario.position % 3])
            ops.save_draft(first, response, fields, None)
        return
    for assignment, low in ((first, False), (second, step == "moderation")):
        for response in responses:
            fields = {
                f"score-{c}": (
                    "1" if low and c == "flexibility" else "4" if c == "oral_language" else "3"
                )
                for c in response.scenario.competency_codes
            }
            fields["notes"] = NOTES[response.scenario.position % 3]
            ops.save_draft(assignment, response, fields, None)
        ops.submit(assignment, assignment.assessor)


def _render_clip(folder: Path) -> tuple[bytes, bytes]:
    """A 4-second 320×180 H.264/AAC MP4 and a JPEG poster, in two quick ffmpeg calls."""
    ffmpeg = current_app.config["FFMPEG_BINARY"]
    video = folder / "clip.mp4"
    poster = folder / "poster.jpg"
    common = [ffmpeg, "-hide_banner", "-loglevel", "error", "-y"]
    subprocess.run(  # noqa: S603
        [
            *common,
            "-f", "lavfi", "-i", f"testsrc2=s=320x180:r=15:d={CLIP_SECONDS}",
            "-f", "lavfi", "-i", f"sine=frequency=330:sample_rate=48000:duration={CLIP_SECONDS}",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-b:a", "48k", "-shortest", "-movflags", "+faststart", str(video),
        ],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    subprocess.run(  # noqa: S603
        [*common, "-i", str(video), "-frames:v", "1", "-q:v", "5", str(poster)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return video.read_bytes(), poster.read_bytes()


def demo_logins() -> list[tuple[str, str]]:
    """Return (e-mail, what it shows) of the rating's demo logins, for `print_accounts`."""
    return [
        ("beoordelaar2@ksf.example", "tweede beoordelaar"),
        ("lead@ksf.example", "lead-beoordelaar, modereert"),
        ("beoordelaar@klantbedrijf.example", "beoordelaar van het bedrijf van de kandidaten"),
    ]


def candidate_logins() -> list[tuple[str, str]]:
    """Return (e-mail, what it shows) of the candidates the rating demo put in rating."""
    shows = {
        "half": "deel 2 wordt beoordeeld",
        "moderation": "deel 2 in moderatie",
        "rated": "beoordeeld, wacht op de uitslag",
    }
    return [(email, shows[stage]) for email, _name, stage in CANDIDATES]
