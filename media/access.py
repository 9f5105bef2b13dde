"""Who may view a media asset: admins and owners always, others through per-kind policies.

Domains register a policy for the kinds they own, e.g. the assessment domain lets an assessor
view the recordings assigned to them:

    register_view_policy(AssetKind.RECORDING, assessor_may_view_recording)
"""

from __future__ import annotations

from collections.abc import Callable

from ksf_b.accounts.models import Role, User
from media.models.asset import AssetKind, MediaAsset

ViewPolicy = Callable[[User, MediaAsset], bool]

_policies: dict[AssetKind, list[ViewPolicy]] = {}


def register_view_policy(kind: AssetKind, policy: ViewPolicy) -> None:
    """Add `policy(user, asset) -> bool`; any policy saying yes grants viewing."""
    registered = _policies.setdefault(kind, [])
    if policy not in registered:
        registered.append(policy)


def unregister_view_policy(kind: AssetKind, policy: ViewPolicy) -> None:
    """Remove a policy (tests)."""
    if policy in _policies.get(kind, []):
        _policies[kind].remove(policy)


def can_view(user: User | None, asset: MediaAsset) -> bool:
    """Tell whether `user` may see `asset` (default: admin and owner only)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role is Role.ADMIN or (asset.owner_id is not None and asset.owner_id == user.id):
        return True
    return any(policy(user, asset) for policy in _policies.get(asset.kind, []))
