"""Drawing a test form by the blueprint, as a pure function: same pool and seed, same form.

The blueprint names counts per toetsterm ("3.5": 1) and per eindterm ("3": 2). Toetsterm
entries draw first, at random within that toetsterm; eindterm entries then draw from that
eindterm's items not drawn yet. The form is ordered by slot (each toetsterm, then its eindterm's
extra items), so each position of the form belongs to one blueprint slot, which the statistics
use, and the options of each item are
shuffled unless the item keeps its order.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PoolItem:
    key: int  # the item version id
    toetsterm: str
    choice_ids: tuple[str, ...]  # option ids (choice) or statement ids (categorisation)
    keep_order: bool = False
    points: float = 1.0


@dataclass(frozen=True)
class DrawnItem:
    key: int
    toetsterm: str
    slot: str  # the blueprint scope it was drawn for
    display_order: tuple[str, ...]


class BlueprintShortfall(ValueError):
    """The pool holds fewer active items for a scope than the blueprint asks for."""

    def __init__(self, scope: str, wanted: int, available: int) -> None:
        super().__init__(f"{scope}: {wanted} wanted, {available} available")
        self.scope = scope
        self.wanted = wanted
        self.available = available


def _sort_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split(".") if part.isdigit())


def _slot_key(scope: str) -> tuple[int, ...]:
    key = _sort_key(scope)
    return key if "." in scope else (key[0], 999)


def shortfalls(pool: Iterable[PoolItem], blueprint: Mapping[str, int]) -> list[BlueprintShortfall]:
    """Return every scope the pool cannot fill (an empty list: the blueprint can be drawn)."""
    items = list(pool)
    found = []
    for scope, count in blueprint.items():
        if "." in scope:
            available = sum(1 for i in items if i.toetsterm == scope)
            if available < count:
                found.append(BlueprintShortfall(scope, count, available))
    for scope, count in blueprint.items():
        if "." in scope:
            continue
        reserved = sum(c for s, c in blueprint.items() if "." in s and s.split(".")[0] == scope)
        available = sum(1 for i in items if i.toetsterm.split(".")[0] == scope) - reserved
        if available < count:
            found.append(BlueprintShortfall(scope, count, max(0, available)))
    return found


def draw(pool: Sequence[PoolItem], blueprint: Mapping[str, int], seed: int) -> list[DrawnItem]:
    """Draw a form: reproducible for the same pool, blueprint and seed."""
    problems = shortfalls(pool, blueprint)
    if problems:
        raise problems[0]
    rng = random.Random(seed)  # noqa: S311 (a reproducible draw, not a secret)
    ordered = sorted(pool, key=lambda i: (_sort_key(i.toetsterm), i.key))
    chosen: list[tuple[PoolItem, str]] = []
    taken: set[int] = set()
    scopes = sorted(blueprint, key=lambda s: ("." not in s, _sort_key(s)))
    for scope in scopes:
        count = blueprint[scope]
        if "." in scope:
            candidates = [i for i in ordered if i.toetsterm == scope and i.key not in taken]
        else:
            candidates = [
                i for i in ordered if i.toetsterm.split(".")[0] == scope and i.key not in taken
            ]
        for item in rng.sample(candidates, count):
            taken.add(item.key)
            chosen.append((item, scope))
    # ordered by slot: each toetsterm, then that eindterm's extra items; so a position of the
    # form always belongs to the same blueprint slot, whichever items were drawn
    chosen.sort(key=lambda pair: _slot_key(pair[1]))
    form = []
    for item, scope in chosen:
        order = list(item.choice_ids)
        if not item.keep_order:
            rng.shuffle(order)
        form.append(DrawnItem(item.key, item.toetsterm, scope, tuple(order)))
    return form


def form_points(pool: Iterable[PoolItem], blueprint: Mapping[str, int]) -> set[float]:
    """Return the possible totals of a form when every item of a scope weighs the same.

    One value means every draw has the same maximum; more values are a warning for the admin
    (an unequal pool makes one candidate's test heavier than another's).
    """
    items = list(pool)
    totals = {0.0}
    for scope, count in blueprint.items():
        if "." in scope:
            weights = {i.points for i in items if i.toetsterm == scope}
        else:
            weights = {i.points for i in items if i.toetsterm.split(".")[0] == scope}
        totals = {t + w * count for t in totals for w in (weights or {0.0})}
    return totals
