"""Object keys, always made by the server from ids (never from user input)."""

from __future__ import annotations

from media.models.asset import MediaAsset


def chunk_key(upload_public_id: str, index: int) -> str:
    return f"uploads/{upload_public_id}/chunk-{index:06d}"


def original_key(asset: MediaAsset) -> str:
    return f"originals/{asset.public_id}"


def processed_key(asset: MediaAsset) -> str:
    return f"processed/{asset.public_id}.mp4"


def poster_key(asset: MediaAsset) -> str:
    return f"posters/{asset.public_id}.jpg"
