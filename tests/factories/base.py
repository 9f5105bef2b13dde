from __future__ import annotations

import itertools

from flask_sqlalchemy import SQLAlchemy

seq = itertools.count(1)


class BaseFactory:
    db: SQLAlchemy

    def _save(self, obj):  # type: ignore[no-untyped-def]
        self.db.session.add(obj)
        self.db.session.commit()
        return obj
