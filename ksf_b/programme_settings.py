"""The one-row settings tables of the programme (rating, verdict, theory, practicals, …).

Each domain keeps its own table, columns and defaults; what they share is here: the row is id 1
(a CHECK constraint holds it to that) and is created with its defaults the first time it is read;
an admin page whose form is the row's columns stores and shows it through `settings_page`; the
pure rules read their values from a row through `SettingsRules.of`.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any, Self

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from sqlalchemy import CheckConstraint
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from ksf_b.db_types import TimestampMixin
from ksf_b.extensions import db


def single_row_check(name: str = "single_row") -> CheckConstraint:
    """Return the CHECK constraint that keeps a settings table to its one row."""
    return CheckConstraint("id = 1", name=name)


class ProgrammeSettingsMixin(TimestampMixin):
    """One row of programme settings; put `single_row_check()` in the `__table_args__`."""

    # sort_order keeps id the first column, as it was when every table declared it itself
    id: Mapped[int] = mapped_column(primary_key=True, default=1, sort_order=-1)

    @classmethod
    def load(cls, **defaults: Any) -> Self:
        """Return the row, created (and flushed) on first use with `defaults` over the columns'.

        Two first requests at once may both try to create it: the loser's insert fails in its
        savepoint and it reads the winner's row (every take opening reads a settings row).
        """
        row = db.session.get(cls, 1)
        if row is None:
            row = cls(id=1, **defaults)
            try:
                with db.session.begin_nested():
                    db.session.add(row)
            except IntegrityError:
                row = db.session.get(cls, 1)
                assert row is not None
        return row


class SettingsRules:
    """Base of a frozen dataclass of rules whose fields a settings row has under the same names."""

    @classmethod
    def of(cls, settings: object) -> Self:
        """Read the rules from any object with these attribute names (a settings row)."""
        names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
        return cls(**{name: getattr(settings, name) for name in names})


def settings_page(
    row: ProgrammeSettingsMixin, form: FlaskForm, template: str, *, invalid_status: int = 422
) -> ResponseReturnValue:
    """Store a valid settings form on `row` and reload the page, or show the form again.

    For the settings pages whose form fields are the row's columns one to one; a page with
    its own checks or an audit entry keeps its own view.
    """
    if form.validate_on_submit():
        for name, value in form.data.items():
            if name != "csrf_token":
                setattr(row, name, float(value) if isinstance(value, Decimal) else value)
        db.session.commit()
        flash(_("De instellingen zijn opgeslagen."), "success")
        return redirect(url_for(request.endpoint or ""))
    db.session.commit()  # the row may just have been created with its defaults
    return render_template(template, form=form), (invalid_status if form.errors else 200)
