"""Form fields that several domains' forms declare alike (settings pages above all)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange


def count_field(label: object, low: int, high: int, required: object | None = None) -> IntegerField:
    """A required whole number from `low` to `high`; `required` is the message when empty."""
    return IntegerField(
        label,
        validators=[
            InputRequired(_l("Vul een aantal in.") if required is None else required),
            NumberRange(
                min=low, max=high, message=_l("Kies een waarde tussen %(min)s en %(max)s.")
            ),
        ],
    )
