"""The admin's scenario set: save a scenario, check the set's coverage, attach actor videos.

Like `ksf_b.assessment.operations`, these flush and never commit; they raise the
assessment's refusals (`ksf_b.assessment.errors`) with a Dutch message.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ksf_b.accounts.models import User
from ksf_b.assessment import rules
from ksf_b.assessment.errors import InvalidInput, UploadFailed, UploadNotVerified
from ksf_b.assessment.models import SCENARIO_COUNT, Scenario, ScenarioCompetency
from ksf_b.assessment.operations import VERIFIED_STATUSES, open_media_upload
from ksf_b.competencies import COMPETENCY_CODES, ORAL_LANGUAGE
from ksf_b.extensions import db
from media.models.asset import AssetKind, AssetStatus, MediaAsset

if TYPE_CHECKING:
    from media.models.upload import UploadSession

log = logging.getLogger(__name__)

SCENARIO_FIELDS = (
    "position",
    "title",
    "situation",
    "instructions",
    "captions_vtt",
    "thinking_seconds",
    "max_answer_seconds",
    "allowed_retakes",
    "max_prompt_plays",
    "is_placeholder",
    "active",
)


def save_scenario(
    scenario: Scenario | None, actor: User, *, competency_codes: list[str], **fields: object
) -> Scenario:
    """Create or change a scenario; oral language is always assessed, positions never clash."""
    unknown = set(fields) - set(SCENARIO_FIELDS)
    if unknown:
        raise InvalidInput(_l("Onbekend veld voor een scenario."))
    codes = [c for c in COMPETENCY_CODES if c in set(competency_codes)]
    if set(competency_codes) - set(COMPETENCY_CODES):
        raise InvalidInput(_l("Onbekende competentie."))
    if ORAL_LANGUAGE not in codes:
        raise InvalidInput(_l("Mondelinge taalvaardigheid wordt in elk scenario getoetst."))
    if scenario is None:
        scenario = Scenario()
        db.session.add(scenario)
    for name, value in fields.items():
        setattr(scenario, name, value)
    _check_position(scenario)
    current = {c.competency_code: c for c in scenario.competencies}
    scenario.competencies = [
        current.get(code) or ScenarioCompetency(competency_code=code) for code in codes
    ]
    db.session.flush()
    log.info("scenario %s saved by %s", scenario.id, actor.id)
    return scenario


def _check_position(scenario: Scenario) -> None:
    if not scenario.position or not 1 <= scenario.position <= SCENARIO_COUNT:
        raise InvalidInput(
            str(_l("De positie moet tussen 1 en %(n)d liggen.")) % {"n": SCENARIO_COUNT}
        )
    if not scenario.active:
        return
    query = select(Scenario).where(Scenario.active, Scenario.position == scenario.position)
    if scenario.id is not None:
        query = query.where(Scenario.id != scenario.id)
    with db.session.no_autoflush:  # the unsaved scenario must not hit the unique index first
        clash = db.session.scalar(query)
    if clash is not None:
        raise InvalidInput(
            str(_l("Positie %(p)d is al in gebruik door '%(title)s'."))
            % {"p": scenario.position, "title": clash.title}
        )


def coverage_warnings() -> list[str]:
    """Return the Dutch warnings about the active scenario set (see `rules.coverage_warnings`)."""
    scenarios = db.session.scalars(select(Scenario)).all()
    return rules.coverage_warnings(
        [
            rules.ScenarioCoverage(s.title, s.active, frozenset(s.competency_codes))
            for s in scenarios
        ],
        expected_count=SCENARIO_COUNT,
    )


def open_scenario_upload(actor: User) -> UploadSession:
    """Open an upload session for an actor video, owned by the admin who uploads it."""
    return open_media_upload(actor, AssetKind.SCENARIO, "SCENARIO_VIDEO_MAX_BYTES")


def attach_scenario_video(scenario: Scenario, asset: MediaAsset, actor: User) -> Scenario:
    """Make a finalized, verified scenario video the scenario's prompt video."""
    if asset.kind is not AssetKind.SCENARIO or asset.owner_id != actor.id:
        raise InvalidInput(_l("Dit bestand is geen scenariovideo die je hebt geüpload."))
    if asset.status is AssetStatus.FAILED:
        raise UploadFailed(
            str(_l("De video kon niet worden verwerkt."))
            + (f" ({asset.failure_reason})" if asset.failure_reason else "")
        )
    if asset.status not in VERIFIED_STATUSES:
        raise UploadNotVerified(_l("De video is nog niet volledig ontvangen en gecontroleerd."))
    scenario.video_asset = asset
    scenario.is_placeholder = False
    db.session.flush()
    log.info("scenario %s got video asset %s from %s", scenario.id, asset.id, actor.id)
    return scenario
