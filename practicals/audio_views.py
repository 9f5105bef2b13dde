"""The examiner's JSON endpoints for a sound recording per chat or call (see practicals/audio.py).

1. `POST /praktijk/<id>/onderdeel/<n>/geluid` {filename, size} opens an upload session
   ({filename, live: true} for a recording about to start in the browser: no size yet);
2. the browser sends the file to `/media/uploads/<upload>` (docs/upload-protocol.md);
3. `POST /praktijk/<id>/onderdeel/<n>/geluid/koppelen` {upload_id, filename} attaches it.
Playback and status are the media pipeline's (`/media/assets/<asset>` and `/audio`).
"""

from __future__ import annotations

from flask import current_app, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ksf_b.accounts.models import Role
from ksf_b.autosave import json_error, json_role_required
from ksf_b.extensions import db
from practicals import audio
from practicals import operations as ops
from practicals.access import assigned_observation
from practicals.examiner_views import bp
from practicals.models import ObservationEntry

bp.record_once(lambda state: audio.register_policies())


@bp.app_template_global("audio_status")
def audio_status(asset) -> str:  # type: ignore[no-untyped-def]
    return audio.status_text(asset)


def _entry(public_id: str, position: int) -> ObservationEntry | None:
    observation = assigned_observation(public_id)
    return next((e for e in observation.entries if e.position == position), None)


def _refused(error: ops.PracticalError):  # type: ignore[no-untyped-def]
    db.session.rollback()
    if isinstance(error, ops.Locked):
        return json_error(error.status, error.message, code=error.code)
    return json_error(422, error.message, code="invalid")


@bp.post("/<public_id>/onderdeel/<int:position>/geluid")
@json_role_required(Role.ASSESSOR)
def open_audio(public_id: str, position: int):  # type: ignore[no-untyped-def]
    """Open an upload session for a recording of this chat or call."""
    entry = _entry(public_id, position)
    if entry is None:
        return json_error(404, _("Dit onderdeel bestaat niet."), code="not_found")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return json_error(400, _("Stuur filename en size als JSON."), code="bad_request")
    try:
        upload = audio.open_audio_upload(
            entry, current_user, body.get("filename"), body.get("size"), body.get("live") is True
        )
    except ops.PracticalError as error:
        return _refused(error)
    db.session.commit()
    return jsonify(
        upload_id=upload.public_id,
        upload_url=url_for("media.upload_status", public_id=upload.public_id),
        attach_url=url_for(".attach_audio", public_id=public_id, position=position),
        max_bytes=upload.max_bytes,
        chunk_max_bytes=current_app.config["UPLOAD_CHUNK_MAX_BYTES"],
    ), 201


@bp.post("/<public_id>/onderdeel/<int:position>/geluid/koppelen")
@json_role_required(Role.ASSESSOR)
def attach_audio(public_id: str, position: int):  # type: ignore[no-untyped-def]
    """Attach a finalized upload to the chat or call; processing goes on in the worker."""
    from media.uploads import find_upload

    entry = _entry(public_id, position)
    if entry is None:
        return json_error(404, _("Dit onderdeel bestaat niet."), code="not_found")
    body = request.get_json(silent=True)
    upload_id = body.get("upload_id") if isinstance(body, dict) else None
    if not isinstance(body, dict) or not isinstance(upload_id, str):
        return json_error(400, _("Stuur upload_id als JSON."), code="bad_request")
    upload = find_upload(upload_id, current_user)
    if upload is None:
        return json_error(404, _("Deze upload bestaat niet (meer)."), code="not_found")
    try:
        evidence = audio.attach_audio(entry, current_user, upload, body.get("filename"))
    except ops.PracticalError as error:
        return _refused(error)
    db.session.commit()
    asset = evidence.asset
    return jsonify(
        evidence=evidence.public_id,
        asset={"id": asset.public_id, "status": asset.status.value},
        status_url=url_for("media.asset_status", public_id=asset.public_id),
        message=_("De opname is bewaard en wordt nu verwerkt."),
    ), 200
