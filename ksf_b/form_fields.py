"""Form fields that several domains' forms declare alike (settings pages above all)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField
from wtforms.validators import InputRequired, NumberRange


def count_field(label: object, low: int, high: int) -> IntegerField:
    """A required whole number from `low` to `high`, with the Dutch messages of a count."""
    return IntegerField(
        label,
        validators=[
            InputRequired(_l("Vul een aantal in.")),
            NumberRange(
                min=low, max=high, message=_l("Kies een waarde tussen %(min)s en %(max)s.")
            ),
        ],
    )
