"""Building blocks of the access matrix, shared by every domain's `access_entries.py`.

A domain package adds its routes to the matrix in `tests/<domain>/access_entries.py` with
`ENTRIES` (endpoint -> (URL arguments by world name, expected code per principal)), optionally
`BODIES` (JSON bodies for POSTs) and `extend_world(make, world)` to create the objects its
routes need (store their ids in `world.ids`, extra users in `world.users`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

PRINCIPALS = ("anon", "cand", "cand2", "mgr", "mgr2", "assessor", "admin")


def only(*roles: str, owner: str | None = None, **overrides: str) -> dict[str, str]:
    """Expected codes when only `roles` may use the route (owner-only for `owner`)."""
    expected = {"anon": "L"}
    for principal, role in [
        ("cand", "candidate"),
        ("cand2", "candidate"),
        ("mgr", "manager"),
        ("mgr2", "manager"),
        ("assessor", "assessor"),
        ("admin", "admin"),
    ]:
        expected[principal] = "A" if role in roles else "F"
    if owner == "candidate":
        expected["cand2"] = "N"
    if owner == "manager":
        expected["mgr2"] = "N"
    return {**expected, **overrides}


def everyone(code: str = "A") -> dict[str, str]:
    return dict.fromkeys(PRINCIPALS, code)


def logged_in(**overrides: str) -> dict[str, str]:
    return {**dict.fromkeys(PRINCIPALS, "A"), "anon": "L", **overrides}


ADMIN = only("admin")
CANDIDATE = only("candidate")
CANDIDATE_OWNED = only("candidate", owner="candidate")
# media: the owner and admins; everyone else gets a 404 (no role check, so no 403)
MEDIA_OWNED = logged_in(cand2="N", mgr="N", mgr2="N", assessor="N")


@dataclass
class World:
    """Two companies, each with a manager and an invited candidate, plus assessor and admin."""

    users: dict = field(default_factory=dict)
    ids: dict = field(default_factory=dict)
