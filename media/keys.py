"""Object keys, always made by the server from ids (never from user input)."""

from __future__ import annotations

from media.models.asset import MediaAsset


def chunk_key(upload_public_id: str, index: int, sha256: str | None = None) -> str:
    """Key of one received chunk; with its hash in the name, racing different bodies never mix."""
    base = f"uploads/{upload_public_id}/chunk-{index:06d}"
    return f"{base}-{sha256[:16]}" if sha256 else base


def original_key(asset: MediaAsset) -> str:
    return f"originals/{asset.public_id}"


def processed_key(asset: MediaAsset) -> str:
    from media.models.asset import AssetKind

    extension = "m4a" if asset.kind is AssetKind.AUDIO else "mp4"
    return f"processed/{asset.public_id}.{extension}"


def poster_key(asset: MediaAsset) -> str:
    return f"posters/{asset.public_id}.jpg"
