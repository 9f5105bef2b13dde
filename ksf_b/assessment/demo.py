"""Ten demo scenarios with placeholder actor clips made by ffmpeg at seed time.

The situations are written for certificate B: an experienced agent who coaches colleagues, is
the go-to person and guards quality. Every competency is assessed in at least two scenarios and
oral language in all. The clips are short title cards with a tone (flagged `is_placeholder`, so
the exam says so); they go through the real media pipeline (stored original, processing job).
"""

from __future__ import annotations

import hashlib
import logging
import subprocess
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from ksf_b.accounts.models import Company, Role, User
from ksf_b.assessment import operations as ops
from ksf_b.assessment.models import Scenario, ScenarioCompetency
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate
from media import keys
from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.processing import request_processing
from media.storage import get_storage

log = logging.getLogger(__name__)

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
CLIP_SECONDS = 6
PLACEHOLDER_LABEL = "Tijdelijke placeholder-video"


@dataclass(frozen=True)
class DemoScenario:
    title: str
    situation: str
    instructions: str
    competencies: tuple[str, ...]


SCENARIOS = (
    DemoScenario(
        "Collega na een agressieve beller",
        "Je collega Sanne heeft net een beller gehad die haar uitschold en dreigde. Ze zit stil "
        "achter haar scherm en neemt de volgende oproep niet aan. De wachtrij loopt op.",
        "Loop naar Sanne toe. Zeg wat je tegen haar zegt, en hoe je verder gaat.",
        ("sensitivity", "reflection"),
    ),
    DemoScenario(
        "Kwaliteitscheck op verzoek van de teamleider",
        "Je teamleider vraagt je een kwaliteitscheck te doen bij Mark. Mark is een goede vriend "
        "van je buiten het werk. De teamleider wil vrijdag jouw oordeel over zijn gesprekken.",
        "Reageer op het verzoek van je teamleider.",
        ("analysis", "organisational_sensitivity"),
    ),
    DemoScenario(
        "Een nieuw script waar je het niet mee eens bent",
        "Vanaf maandag moet iedereen bij opzeggingen een nieuw script volgen met drie "
        "aanbiedingen. Jij denkt dat klanten zich daardoor niet gehoord voelen. De "
        "projectleider komt het script in jullie team toelichten.",
        "Geef de projectleider jouw reactie op het nieuwe script.",
        ("persuasiveness", "organisational_sensitivity", "flexibility"),
    ),
    DemoScenario(
        "Herhaalde privacyfouten van een nieuwe collega",
        "Je begeleidt Yusuf, die drie weken in dienst is. Voor de tweede keer deze week geeft "
        "hij adresgegevens door zonder de beller eerst te verifiëren. Hij is net klaar met een "
        "gesprek.",
        "Spreek Yusuf aan op wat je hebt gezien.",
        ("task_leadership", "sensitivity"),
    ),
    DemoScenario(
        "Een escalatie die een junior doorzet",
        "Junior collega Lisa zet een boze klant naar je door: al drie keer is een monteur niet "
        "gekomen en de klant eist een schadevergoeding. Lisa heeft de klant beloofd dat jij het "
        "oplost.",
        "Neem het gesprek met de klant over.",
        ("analysis", "flexibility"),
    ),
    DemoScenario(
        "Feedback aan een ervaren collega",
        "Petra werkt al vijftien jaar in het team en is erg geliefd bij klanten. Je hoort dat zij "
        "gesprekken afsluit zonder de vraag echt op te lossen, waardoor klanten terugbellen.",
        "Geef Petra feedback.",
        ("persuasiveness", "reflection"),
    ),
    DemoScenario(
        "KPI-druk tegenover kwaliteit",
        "De manager wil de gemiddelde gespreksduur deze maand met twintig procent omlaag. "
        "Collega's vragen jou of ze klanten dan maar sneller moeten afkappen. De manager vraagt "
        "jou hoe het team ervoor staat.",
        "Vertel de manager wat je ziet en wat je voorstelt.",
        ("organisational_sensitivity", "analysis"),
    ),
    DemoScenario(
        "Altijd maar de vraagbaak",
        "Collega's stellen je de hele dag vragen die in de kennisbank staan. Je eigen gesprekken "
        "blijven liggen en je merkt dat je geïrriteerd raakt. Ook nu staat er weer iemand naast "
        "je bureau.",
        "Reageer op de collega naast je bureau en op de situatie.",
        ("task_leadership", "flexibility"),
    ),
    DemoScenario(
        "Storing en een volle wachtrij",
        "Het klantsysteem ligt plat, de wachtrij staat op zestig bellers en je teamleider is in "
        "overleg. Twee nieuwe collega's vragen je wat ze tegen klanten moeten zeggen.",
        "Geef het team richting tot de teamleider terug is.",
        ("task_leadership", "persuasiveness"),
    ),
    DemoScenario(
        "Een klacht over jouw eigen advies",
        "Een klant klaagt dat hij een verkeerd tarief heeft gekregen. Het blijkt dat de collega "
        "die het gesprek voerde jouw advies had opgevolgd. Die collega vraagt je wat ze nu moet "
        "doen.",
        "Reageer op je collega en vertel wat je met deze ervaring doet.",
        ("reflection", "sensitivity"),
    ),
)


def seed_scenarios(users: dict[Role, User], company: Company) -> list[Scenario]:
    """Create the ten demo scenarios with placeholder clips, once per database."""
    if db.session.scalar(select(func.count()).select_from(Scenario)):
        return []
    admin = users[Role.ADMIN]
    scenarios = [_create(position, demo, admin) for position, demo in enumerate(SCENARIOS, 1)]
    _open_invited_assessments(admin)
    return scenarios


def _create(position: int, demo: DemoScenario, admin: User) -> Scenario:
    scenario = Scenario(
        position=position,
        title=demo.title,
        situation=demo.situation,
        instructions=demo.instructions,
        captions_vtt=captions_from_text(demo.situation, CLIP_SECONDS),
        thinking_seconds=60,
        max_answer_seconds=120,
        allowed_retakes=1,
        max_prompt_plays=2,
        is_placeholder=True,
        active=True,
    )
    scenario.competencies = [
        ScenarioCompetency(competency_code=code) for code in (*demo.competencies, "oral_language")
    ]
    scenario.video_asset = _placeholder_asset(position, demo.title, admin)
    db.session.add(scenario)
    db.session.flush()
    return scenario


def _open_invited_assessments(admin: User) -> None:
    """Invited demo candidates get their assessment with the programme's default window."""
    for candidate in db.session.scalars(
        select(Candidate).where(Candidate.state.in_(ops.ASSESSMENT_STATES))
    ):
        ops.ensure_assessment(candidate, admin)


def captions_from_text(text: str, seconds: float) -> str:
    """Spread the sentences of `text` evenly over the clip as WebVTT cues."""
    sentences = [s.strip() + "." for s in text.replace("\n", " ").split(". ") if s.strip()]
    sentences = [s[:-1] if s.endswith("..") else s for s in sentences]
    step = seconds / max(1, len(sentences))
    cues = ["WEBVTT", ""]
    for index, sentence in enumerate(sentences):
        cues += [f"{_vtt_time(index * step)} --> {_vtt_time((index + 1) * step)}", sentence, ""]
    return "\n".join(cues)


def _vtt_time(seconds: float) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:06.3f}"


def _placeholder_asset(position: int, title: str, admin: User) -> MediaAsset:
    """Make the clip, store it as the asset's original and queue its processing."""
    asset = MediaAsset(kind=AssetKind.SCENARIO, owner_id=admin.id, status=AssetStatus.UPLOADING)
    db.session.add(asset)
    db.session.flush()
    with tempfile.TemporaryDirectory(prefix="ksf-demo-") as folder:
        clip = render_placeholder(Path(folder), f"Scenario {position}", title)
        data = clip.read_bytes()
        key = keys.original_key(asset)
        with clip.open("rb") as source:
            stored = get_storage().save(key, source, hashlib.sha256(data).hexdigest())
    asset.original_key = key
    asset.original_mime = "video/mp4"
    asset.original_size = stored.size
    asset.original_sha256 = stored.sha256
    request_processing(asset)
    return asset


def render_placeholder(folder: Path, heading: str, title: str) -> Path:
    """Render a short title card with a tone as MP4 in one ffmpeg call."""
    title_file = folder / "title.txt"
    title_file.write_text(heading + "\n" + "\n".join(textwrap.wrap(title, 38)), encoding="utf-8")
    label_file = folder / "label.txt"
    label_file.write_text(PLACEHOLDER_LABEL, encoding="utf-8")
    output = folder / "placeholder.mp4"
    text = f"drawtext=fontfile={FONT}:fontcolor=white:x=(w-text_w)/2"
    video_filter = (
        f"{text}:textfile={title_file}:fontsize=26:line_spacing=10:y=(h-text_h)/2-30,"
        f"{text}:textfile={label_file}:fontsize=20:fontcolor=0xffd166:y=h-70"
    )
    command = [
        current_app.config["FFMPEG_BINARY"],
        "-hide_banner",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        f"color=c=0x1f3a5f:s=640x360:r=25:d={CLIP_SECONDS}",
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency=440:sample_rate=48000:duration={CLIP_SECONDS}",
        "-vf",
        video_filter,
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-b:a",
        "64k",
        "-shortest",
        "-movflags",
        "+faststart",
        str(output),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=60)  # noqa: S603
    return output
