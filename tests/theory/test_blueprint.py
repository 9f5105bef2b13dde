"""The blueprint draw: counts per toetsterm and eindterm, reproducible, shuffled options."""

from __future__ import annotations

from collections import Counter

import pytest

from theory import blueprint
from theory.bank import DEFAULT_BLUEPRINT
from theory.terms import TOETSTERM_CODES


def _pool(per_term: int = 3) -> list[blueprint.PoolItem]:
    items = []
    key = 0
    for term in TOETSTERM_CODES:
        for n in range(per_term):
            key += 1
            items.append(
                blueprint.PoolItem(
                    key, term, ("a", "b", "c", "d"), keep_order=(n == 0 and term == "3.5")
                )
            )
    return items


def test_default_blueprint_is_thirty_items() -> None:
    assert sum(DEFAULT_BLUEPRINT.values()) == 30
    assert all(DEFAULT_BLUEPRINT[t] == 1 for t in TOETSTERM_CODES)


def test_draw_honours_the_counts_per_toetsterm_and_eindterm() -> None:
    pool = _pool()
    form = blueprint.draw(pool, DEFAULT_BLUEPRINT, seed=7)
    assert len(form) == 30
    assert len({d.key for d in form}) == 30  # no item twice
    by_term = Counter(d.toetsterm for d in form)
    assert all(by_term[t] >= 1 for t in TOETSTERM_CODES)
    by_eindterm = Counter(d.toetsterm.split(".")[0] for d in form)
    assert by_eindterm == {"1": 5 + 3, "2": 4 + 2, "3": 7 + 3, "4": 5 + 1}
    slots = Counter(d.slot for d in form)
    assert slots["1"] == 3 and slots["2"] == 2 and slots["3"] == 3 and slots["4"] == 1


def test_same_seed_same_form_other_seed_other_form() -> None:
    pool = _pool()
    one = blueprint.draw(pool, DEFAULT_BLUEPRINT, seed=11)
    assert one == blueprint.draw(pool, DEFAULT_BLUEPRINT, seed=11)
    assert one != blueprint.draw(pool, DEFAULT_BLUEPRINT, seed=12)


def test_positions_belong_to_the_same_slot_in_every_draw() -> None:
    pool = _pool()
    slots = {tuple(d.slot for d in blueprint.draw(pool, DEFAULT_BLUEPRINT, s)) for s in range(20)}
    assert len(slots) == 1


def test_options_are_shuffled_unless_the_item_keeps_its_order() -> None:
    pool = _pool()
    orders = set()
    for seed in range(30):
        for drawn in blueprint.draw(pool, {"3.5": 3}, seed):
            if drawn.key == next(p.key for p in pool if p.keep_order):
                assert drawn.display_order == ("a", "b", "c", "d")
            else:
                orders.add(drawn.display_order)
    assert len(orders) > 5


def test_a_pool_too_small_is_refused_with_its_scope() -> None:
    pool = [p for p in _pool(1)]
    assert blueprint.shortfalls(pool, DEFAULT_BLUEPRINT)  # one per term leaves no extras
    with pytest.raises(blueprint.BlueprintShortfall) as error:
        blueprint.draw(pool, DEFAULT_BLUEPRINT, seed=1)
    assert error.value.scope == "1" and error.value.wanted == 3 and error.value.available == 0


def test_form_points_warns_about_unequal_weights() -> None:
    pool = _pool()
    assert blueprint.form_points(pool, DEFAULT_BLUEPRINT) == {30.0}
    heavy = [*pool, blueprint.PoolItem(999, "4.5", ("a", "b"), points=2.0)]
    assert len(blueprint.form_points(heavy, DEFAULT_BLUEPRINT)) > 1
