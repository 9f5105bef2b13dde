"""Starting a sitting draws from the whole bank; that must not cost a query per item."""

from __future__ import annotations

from tests.support.queries import counted_statements
from theory import bank


def test_the_draw_pool_loads_the_bank_in_two_queries(make, db) -> None:
    size = make.theory_bank()
    db.session.commit()
    db.session.expunge_all()  # nothing already loaded: what a new request meets
    with counted_statements() as sent:
        pool = bank.pool()
    assert len(pool) == size == 50
    assert len(sent) == 2, sent  # the items, then their versions (selectinload)
    assert all(p.toetsterm for p in pool)
