"""Media models, one module each, re-exported so Alembic sees them all."""

from media.models.asset import AssetKind, AssetStatus, MediaAsset
from media.models.job import *  # noqa: F403
from media.models.upload import *  # noqa: F403

__all__ = ["AssetKind", "AssetStatus", "MediaAsset"]
