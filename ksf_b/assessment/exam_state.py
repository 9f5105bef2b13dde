"""What the exam pages and their JSON API show: the run state, the steps, the exam texts.

Plain functions from the assessment's rows to dicts and strings (no request handling);
`candidate_views.py` renders them into pages and JSON answers for static/js/exam.js.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import url_for
from flask_babel import gettext as _

from ksf_b.assessment import operations as ops
from ksf_b.assessment import rules, timing
from ksf_b.assessment.models import Assessment, Scenario, Take
from ksf_b.db_types import utcnow
from ksf_b.display import contact_text
from media.models.asset import AssetStatus, MediaAsset


def seconds_until(moment: datetime | None, now: datetime) -> float | None:
    if moment is None:
        return None
    return max(0.0, (ops.aware(moment) - now).total_seconds())


def upload_url(upload_id: str | None) -> str | None:
    return url_for("media.upload_status", public_id=upload_id) if upload_id else None


def asset_json(asset: MediaAsset) -> dict[str, Any]:
    ready = asset.status is AssetStatus.READY and asset.processed_key
    return {
        "id": asset.public_id,
        "status": asset.status.value,
        "saved": asset.status in ops.VERIFIED_STATUSES,
        "failure_reason": asset.failure_reason,
        "video_url": url_for("media.asset_video", public_id=asset.public_id) if ready else None,
    }


def take_json(take: Take) -> dict[str, Any]:
    return {
        "id": take.public_id,
        "number": take.number,
        "upload_url": upload_url(take.upload_id),
        "interrupted": take.interrupted_at is not None,
        "automatic": take.started_automatically,
        # the server's maximum for this recording (shorter for a first take opened late)
        "max_seconds": timing.allowed_seconds(take),
        "late_seconds": take.late_seconds,
        "asset": asset_json(take.asset),
        "status_url": url_for("exam.api_take", public_id=take.public_id),
        "confirm_url": url_for("exam.api_confirm", public_id=take.public_id),
    }


def scenario_json(scenario: Scenario) -> dict[str, Any]:
    asset = scenario.video_asset
    playable = asset is not None and asset.status is AssetStatus.READY
    return {
        "title": scenario.title,
        "situation": scenario.situation,
        "instructions": scenario.instructions,
        "is_placeholder": scenario.is_placeholder,
        "video_url": url_for("media.asset_video", public_id=asset.public_id) if playable else None,
        "captions_url": url_for("exam.captions", public_id=scenario.public_id)
        if scenario.captions_vtt.strip()
        else None,
    }


def run_state(assessment: Assessment) -> dict[str, Any]:
    """Describe where the candidate is, so the page can continue exactly there."""
    if assessment.is_submitted:
        return {"done": True, "next_url": url_for("exam.done")}
    response = ops.current_response(assessment)
    progress = ops.progress(assessment)
    if response is None:
        return {"done": True, "next_url": url_for("exam.submit")}
    now = utcnow()
    limits = ops.limits_for(response)
    takes = list(response.takes)
    thinking_left = seconds_until(ops.thinking_deadline(response), now)
    # past the thinking deadline without a take: what the first take may still record
    first_take = (
        ops.window_for(response, now)
        if thinking_left == 0 and not takes and response.first_take_missed_at is None
        else None
    )
    return {
        "done": False,
        "response_id": response.public_id,
        "position": progress.position,
        "total": progress.total,
        "confirmed": progress.confirmed,
        "scenario": scenario_json(response.scenario),
        "plays": {
            "used": response.prompt_plays,
            "allowed": limits.prompt_plays,
            "remaining": ops.plays_remaining(response),
        },
        "thinking": {
            "seconds": limits.thinking_seconds,
            "started": response.thinking_started_at is not None,
            "remaining_seconds": thinking_left,
            # after a reload past the deadline the first take starts at once with this much
            "answer_seconds_left": first_take.allowed_seconds if first_take else None,
            "first_take_missed": response.first_take_missed_at is not None,
        },
        "answer_seconds": limits.max_answer_seconds,
        "takes": {
            "used": len(takes),
            "allowed": limits.takes_allowed,
            "remaining": ops.takes_remaining(response),
            # the latest take was cut off and is the one free take of this scenario
            "free_retake": bool(takes)
            and takes[-1].interrupted_at is not None
            and sum(1 for t in takes if t.interrupted_at is not None)
            <= rules.FREE_INTERRUPTED_TAKES,
        },
        "latest_take": take_json(takes[-1]) if takes else None,
        "deadline_seconds": seconds_until(assessment.closes_at, now),
        "urls": {
            "play": url_for("exam.api_play", public_id=response.public_id),
            "thinking": url_for("exam.api_thinking", public_id=response.public_id),
            "takes": url_for("exam.api_open_take", public_id=response.public_id),
        },
    }


def steps(assessment: Assessment) -> list[dict[str, Any]]:
    progress = ops.progress(assessment)
    return [
        {
            "label": _("Toestemming"),
            "done": assessment.consent_at is not None,
            "url": url_for("exam.consent"),
        },
        {
            "label": _("Camera en microfoon controleren"),
            "done": assessment.device_check_at is not None,
            "url": url_for("exam.device_check"),
        },
        {
            "label": _("Oefenvraag (telt niet mee)"),
            "done": assessment.practice_done_at is not None,
            "url": url_for("exam.practice"),
        },
        {
            "label": _(
                "Tien scenario's: %(done)d van %(total)d bevestigd",
                done=progress.confirmed,
                total=progress.total,
            ),
            "done": progress.position is None and progress.total > 0,
            "url": url_for("exam.scenario"),
        },
        {"label": _("Indienen"), "done": assessment.is_submitted, "url": url_for("exam.submit")},
    ]


def next_url(assessment: Assessment) -> str:
    """Return the page where the candidate continues."""
    if assessment.is_submitted:
        return url_for("exam.done")
    if assessment.consent_at is None:
        return url_for("exam.consent")
    if assessment.device_check_at is None:
        return url_for("exam.device_check")
    if assessment.practice_done_at is None and assessment.started_at is None:
        return url_for("exam.practice")
    if ops.progress(assessment).position is None:
        return url_for("exam.submit")
    return url_for("exam.scenario")


def answers(assessment: Assessment) -> list[dict[str, Any]]:
    """The confirmed answers in exam order, for the submit and done pages."""
    confirmed = [r for r in assessment.responses if r.confirmed_take is not None]
    return [
        {
            "position": r.scenario.position,
            "title": r.scenario.title,
            "take": r.confirmed_take.number,  # type: ignore[union-attr]
            "confirmed_at": r.confirmed_at,
        }
        for r in sorted(confirmed, key=lambda r: r.scenario.position)
    ]


def js_strings() -> dict[str, str]:
    """Every text the exam scripts show, translated here (no Dutch in .js files)."""
    return {
        "plays_remaining": _("Je kunt de video nog %(n)s keer afspelen."),
        "no_plays_left": _("Je hebt de video zo vaak bekeken als is toegestaan."),
        "video_locked": _("De video is niet meer te bekijken nu je een opname hebt gemaakt."),
        "thinking_remaining": _("Bedenktijd: nog %(time)s"),
        "thinking_over": _("De bedenktijd is voorbij. Start je opname wanneer je klaar bent."),
        "thinking_over_auto": _("De bedenktijd is voorbij; de opname start."),
        "auto_started": _("De bedenktijd was voorbij, dus de opname is vanzelf gestart."),
        "late_started": _(
            "Je bedenktijd was al voorbij toen je deze pagina opende. Je antwoordtijd loopt "
            "sinds het einde van de bedenktijd, dus de opname is meteen gestart: je hebt nog "
            "%(time)s."
        ),
        "first_take_missed": _(
            "Je bedenktijd en antwoordtijd voor dit scenario waren al voorbij toen je deze "
            "pagina opende. Je eerste opname is daarom vervallen; dat telt als een opname. "
            "Je kunt nog %(n)s keer opnieuw opnemen: druk op Start opname wanneer je klaar bent."
        ),
        "first_take_missed_none": _(
            "Je bedenktijd en antwoordtijd voor dit scenario zijn voorbij en je hebt geen "
            "opnames meer over. Neem contact op met de KSF: %(contact)s.",
            contact=contact_text(),
        ),
        "countdown": _("De opname begint over %(n)s"),
        "elapsed": _("Opgenomen: %(elapsed)s · nog %(remaining)s"),
        "auto_stopped": _("De maximale tijd is bereikt; de opname is gestopt."),
        "not_saved": _("De opname is nog niet opgeslagen. Laat deze pagina open."),
        "offline": _(
            "Geen internetverbinding. Je opname wordt op dit apparaat bewaard en verzonden "
            "zodra de verbinding terug is."
        ),
        "online": _("De verbinding is terug; de opname wordt verder verzonden."),
        "recovering": _("Een eerdere opname die nog niet verzonden was, wordt nu verzonden…"),
        "recovered": _("De eerdere opname is alsnog opgeslagen."),
        "takes_remaining": _("Je kunt nog %(n)s keer opnieuw opnemen."),
        "retake_discards": _(
            "De opname die je nu ziet, vervalt dan: alleen de nieuwe opname kun je bevestigen."
        ),
        "retakes_after": _("Na deze keer kun je nog %(n)s keer opnieuw opnemen."),
        "retake_last": _("Dit is je laatste keer opnieuw opnemen."),
        "retake_free": _("Je vorige opname werd onderbroken; deze keer telt niet mee."),
        "interrupted": _(
            "Je opname werd onderbroken (de pagina werd herladen of gesloten). De laatste "
            "seconden kunnen ontbreken; bekijk hem voordat je hem bevestigt."
        ),
        "interrupted_free": _(
            "Je opname werd onderbroken (de pagina werd herladen of gesloten). De laatste "
            "seconden kunnen ontbreken; bekijk hem. Wil je opnieuw opnemen, dan telt dat niet "
            "als extra opname."
        ),
        "interrupted_lost": _(
            "Je vorige opname werd onderbroken voordat er iets van was opgeslagen. Neem opnieuw "
            "op; dat telt niet als extra opname."
        ),
        "sent_share": _("%(percent)s%% verzonden"),
        "sent_waiting": _("%(percent)s%% verzonden; de rest wacht op de verbinding"),
        "no_takes_left": _("Je kunt niet meer opnieuw opnemen; bevestig deze opname."),
        "processing": _("De opname wordt verwerkt; je kunt hem zo terugkijken."),
        "upload_failed": _("Het verzenden is mislukt: %(reason)s"),
        "logged_out": _(
            "Je bent uitgelogd. Log opnieuw in: je opname staat veilig op dit apparaat en "
            "wordt daarna alsnog verzonden."
        ),
        "camera_error": _("De camera of microfoon kon niet worden gestart."),
        "camera_n": _("Camera %(n)s"),
        "microphone_n": _("Microfoon %(n)s"),
        "test_ready": _("Bekijk je testopname hieronder."),
        "test_recording": _("Testopname loopt… (%(n)s s)"),
        "error": _("Er ging iets mis. Probeer het opnieuw."),
    }
