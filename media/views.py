"""Upload and playback endpoints of the media pipeline (contract: docs/upload-protocol.md).

JSON everywhere. Sessions and assets of others answer 404, so their existence is not revealed.
Chunk bodies are streamed from `request.stream` to storage, never read into memory whole.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.exceptions import HTTPException, RequestedRangeNotSatisfiable, default_exceptions
from werkzeug.wrappers import Response

from ksf_b.accounts.models import User
from ksf_b.extensions import db
from media import direct, uploads
from media import finalize as finalizing
from media.access import can_view
from media.models.asset import AssetKind, MediaAsset
from media.models.upload import UploadSession
from media.storage import ObjectNotFound, StorageError, get_storage

bp = Blueprint("media", __name__, url_prefix="/media")

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _messages() -> dict[str, str]:
    mb = current_app.config["UPLOAD_CHUNK_MAX_BYTES"] // (1024 * 1024)
    return {
        "bad_index": _("Ongeldig volgnummer van het deel."),
        "bad_chunk_hash": _("De kop X-Chunk-Sha256 ontbreekt of is geen geldige SHA-256."),
        "finalized": _("Deze upload is al afgerond; er kunnen geen delen meer bij."),
        "chunk_too_large": _("Dit deel is groter dan toegestaan (maximaal %(mb)s MB).", mb=mb),
        "upload_too_large": _("De opname is groter dan toegestaan."),
        "chunk_conflict": _("Voor dit volgnummer is al een ander deel ontvangen."),
        "chunk_checksum": _(
            "Het deel kwam beschadigd aan: de controlewaarde klopt niet. Stuur het opnieuw."
        ),
        "short_body": _("Het deel is onvolledig aangekomen. Stuur het opnieuw."),
        "bad_count": _("Ongeldig aantal delen."),
        "bad_hash": _("Ongeldige SHA-256 van het hele bestand."),
        "bad_mime": _("Ongeldig bestandstype."),
        "chunks_missing": _("Niet alle delen zijn ontvangen. Stuur de ontbrekende delen eerst."),
        "finalize_conflict": _(
            "Deze upload is al afgerond met een ander aantal delen of een andere controlewaarde."
        ),
        "file_checksum": _(
            "Het samengevoegde bestand klopt niet met de controlewaarde. De delen zijn bewaard."
        ),
        "bad_indexes": _("Vraag om 1 tot 64 geldige volgnummers van delen."),
        "bad_chunk_list": _("De lijst met controlewaarden van de delen klopt niet."),
        "chunks_damaged": _(
            "Een paar delen kwamen beschadigd aan. Stuur die delen opnieuw en rond dan af."
        ),
    }


def _fail(status: int, message: str) -> HTTPException:
    """An HTTP error carrying a specific Dutch message (rendered as JSON by ksf_b.errors)."""
    error = default_exceptions[status]()
    error.ksf_message = message  # type: ignore[attr-defined]
    return error


def _upload_error(error: uploads.UploadError) -> tuple[Response, int]:
    if error.keep_changes:
        db.session.commit()
    else:
        db.session.rollback()
    body: dict = {"error": _messages()[error.code], "status": error.status, "code": error.code}
    if error.code == "chunks_missing":
        body.update(missing=error.missing, unexpected=error.unexpected)
    if error.code == "chunks_damaged":
        body.update(damaged=error.damaged)
    return jsonify(body), error.status


def _storage_unavailable(error: StorageError) -> HTTPException:
    current_app.logger.error("storage failure on %s: %s", request.path, error)
    db.session.rollback()
    return _fail(503, _("De opslag is tijdelijk niet beschikbaar. Probeer het zo opnieuw."))


def _user() -> User:
    """The logged-in user; anonymous callers get 401 JSON (never a redirect to a form)."""
    if not current_user.is_authenticated:
        abort(401)
    return current_user._get_current_object()  # type: ignore[attr-defined]


def _own_upload(public_id: str) -> UploadSession:
    upload = uploads.find_upload(public_id, _user())
    if upload is None:
        abort(404)
    return upload


@bp.get("/uploads/<public_id>")
def upload_status(public_id: str) -> Response:
    """What the server holds, so a client can resume after a reload or a crash."""
    upload = _own_upload(public_id)
    try:
        return jsonify(uploads.describe(upload))
    except StorageError as error:  # direct mode lists the chunks in the store
        raise _storage_unavailable(error) from error


@bp.post("/uploads/<public_id>/chunk-targets")
def chunk_targets(public_id: str) -> Response | tuple[Response, int]:
    """Presigned URLs to PUT chunks straight to the object store (direct mode only)."""
    upload = _own_upload(public_id)
    if not direct.direct_mode():
        raise _fail(404, _("Deze upload gaat via de site, niet rechtstreeks naar de opslag."))
    payload = request.get_json(silent=True)
    indexes = payload.get("indexes") if isinstance(payload, dict) else None
    try:
        return jsonify(direct.chunk_targets(upload, indexes))  # type: ignore[arg-type]
    except uploads.UploadError as error:
        return _upload_error(error)


@bp.put("/uploads/<public_id>/chunks/<index>")
def put_chunk(public_id: str, index: str) -> tuple[Response, int]:
    """Store one numbered, checksummed chunk (a repeat of the same bytes answers 200)."""
    upload = _own_upload(public_id)
    if not index.isdigit() or len(index) > 6:
        return _upload_error(uploads.InvalidUpload("bad_index"))
    if request.mimetype in FORM_TYPES:
        raise _fail(415, _("Stuur het deel als application/octet-stream."))
    length = request.content_length
    if length is None:
        raise _fail(411, _("De kop Content-Length ontbreekt."))
    sha256_hex = request.headers.get("X-Chunk-Sha256", "").strip()
    try:
        created, chunk = uploads.put_chunk(upload, int(index), request.stream, sha256_hex, length)
    except uploads.UploadError as error:
        return _upload_error(error)
    except StorageError as error:
        raise _storage_unavailable(error) from error
    db.session.commit()
    body = {"index": chunk.index, "size": chunk.size, "sha256": chunk.sha256, "created": created}
    return jsonify(body), 201 if created else 200


@bp.post("/uploads/<public_id>/finalize")
def finalize(public_id: str) -> tuple[Response, int]:
    """Assemble and verify the original; repeating the same call answers 200 again."""
    upload = _own_upload(public_id)
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise _fail(400, _("Stuur chunk_count, sha256 en mime als JSON."))
    try:
        finalizing.finalize(
            upload,
            payload.get("chunk_count"),  # type: ignore[arg-type]
            str(payload.get("sha256", "")),
            payload.get("mime"),  # type: ignore[arg-type]
            payload.get("chunks"),  # type: ignore[arg-type]
            payload.get("chunk_md5"),  # type: ignore[arg-type]
        )
    except uploads.UploadError as error:
        return _upload_error(error)
    except StorageError as error:
        raise _storage_unavailable(error) from error
    discard = finalizing.chunk_object_discarder(upload)
    body = {  # before the commit, which expires both objects (2 queries to load them again)
        "state": upload.state.value,
        "size": upload.size,
        "sha256": upload.sha256,
        # False: checked against the store's ETags, the processing job assembles the original
        "assembled": bool(upload.asset.original_key),
        "asset": uploads.describe_asset(upload.asset),
    }
    db.session.commit()
    response = jsonify(body)
    # after the answer is sent: deleting 90 chunk objects must not delay "saved"
    response.call_on_close(discard)
    return response, 200


def _viewable_asset(public_id: str) -> MediaAsset:
    user = _user()
    asset = db.session.scalar(select(MediaAsset).where(MediaAsset.public_id == public_id))
    if asset is None or not can_view(user, asset):
        abort(404)
    return asset


@bp.get("/assets/<public_id>")
def asset_status(public_id: str) -> Response:
    """The asset's processing status and, once ready, where to play it."""
    asset = _viewable_asset(public_id)
    body = uploads.describe_asset(asset)
    body.update(
        kind=asset.kind.value,
        duration_seconds=asset.duration_seconds,
        width=asset.width,
        height=asset.height,
        video_url=url_for(".asset_video", public_id=asset.public_id)
        if asset.is_ready and asset.processed_key and asset.kind is not AssetKind.AUDIO
        else None,
        audio_url=url_for(".asset_audio", public_id=asset.public_id)
        if asset.is_ready and asset.processed_key and asset.kind is AssetKind.AUDIO
        else None,
        poster_url=url_for(".asset_poster", public_id=asset.public_id)
        if asset.poster_key
        else None,
    )
    return jsonify(body)


def _serve(key: str | None, mimetype: str, filename: str) -> Response:
    """Redirect to a short-lived presigned URL, or serve the local file with Range support."""
    if not key:
        raise _fail(404, _("Deze video is nog niet beschikbaar."))
    storage = get_storage()
    seconds = current_app.config["S3_PRESIGN_SECONDS"]
    try:
        url = storage.url(key, expires=seconds, filename=filename)
        if url:
            response = redirect(url, 302)
            response.headers["Cache-Control"] = "private, no-store"
            return response
        with storage.local_path(key) as path:
            response = send_file(path, mimetype=mimetype, conditional=True, max_age=0)
    except RequestedRangeNotSatisfiable as error:
        return _range_not_satisfiable(error)
    except ObjectNotFound as error:
        current_app.logger.error("stored object missing: %s", key)
        raise _fail(404, _("Dit bestand is niet gevonden.")) from error
    except StorageError as error:
        raise _storage_unavailable(error) from error
    response.headers["Cache-Control"] = "private, max-age=0"
    return response


def _range_not_satisfiable(error: RequestedRangeNotSatisfiable) -> Response:
    """416 that keeps the Content-Range header telling the player the real length."""
    response = jsonify(error=_("Dit deel van het bestand bestaat niet."), status=416)
    response.status_code = 416
    response.headers["Content-Range"] = f"bytes */{error.length}"
    return response


@bp.get("/assets/<public_id>/video")
def asset_video(public_id: str) -> Response:
    """The processed MP4 (seekable: HTTP Range locally, presigned URL on S3)."""
    asset = _viewable_asset(public_id)
    if not asset.is_ready or asset.kind is AssetKind.AUDIO:
        raise _fail(404, _("Deze video is nog niet beschikbaar."))
    return _serve(asset.processed_key, "video/mp4", f"{asset.public_id}.mp4")


@bp.get("/assets/<public_id>/audio")
def asset_audio(public_id: str) -> Response:
    """The processed sound recording, AAC in M4A (HTTP Range locally, presigned URL on S3)."""
    asset = _viewable_asset(public_id)
    if not asset.is_ready or asset.kind is not AssetKind.AUDIO:
        raise _fail(404, _("Deze geluidsopname is nog niet beschikbaar."))
    return _serve(asset.processed_key, "audio/mp4", f"{asset.public_id}.m4a")


@bp.get("/assets/<public_id>/poster")
def asset_poster(public_id: str) -> Response:
    """The poster frame (JPEG) taken from the processed video."""
    asset = _viewable_asset(public_id)
    return _serve(asset.poster_key, "image/jpeg", f"{asset.public_id}.jpg")
