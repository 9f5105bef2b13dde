"""The checklist form built from a definition: field names, and per-field checks (pure).

Flat names shared by the HTML form, the autosave JSON and the operations:
`company_name`, `candidate_name`, `observed_on`, `date_of_birth` (the paper header);
`mark-<n>-<code>` the mark of criterion/process `code` in chat or call n (chat: good /
not_good / na / ""; phone: a checkbox, `["y"]` or `[]`); `remark-<n>-<code>` a remark on a
process (phone); `note-<n>` the notes or pasted transcript of chat or call n.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _

from practicals.checklists import Checklist
from practicals.rules import CHAT_MARKS

HEADER_TEXT = {"company_name": 200, "candidate_name": 200}
HEADER_DATES = ("observed_on", "date_of_birth")
REMARK_MAX = 2000
NOTE_MAX = 20000
CHECKED = "checked"


@dataclass
class FieldCheck:
    clean: dict[str, object] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def mark_name(position: int, code: str) -> str:
    return f"mark-{position}-{code}"


def remark_name(position: int, code: str) -> str:
    return f"remark-{position}-{code}"


def note_name(position: int) -> str:
    return f"note-{position}"


def dom_id(name: str) -> str:
    """An HTML id for a field name (dots in codes would need escaping in CSS selectors)."""
    return name.replace(".", "_")


def _date(value: object) -> tuple[bool, date | None]:
    if value is None or value == "":
        return True, None
    if not isinstance(value, str):
        return False, None
    try:
        return True, date.fromisoformat(value.strip())
    except ValueError:
        return False, None


def _text(value: object, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value if len(value) <= limit else None


def _mark(kind: str, value: object) -> tuple[bool, str]:
    if kind == "chat":
        if value is None or value == "":
            return True, ""
        return (value in CHAT_MARKS), str(value)
    if isinstance(value, list):
        if not all(v == "y" for v in value):
            return False, ""
        return True, CHECKED if value else ""
    if value in ("y", "", None):
        return True, CHECKED if value == "y" else ""
    return False, ""


def _check_one(
    kind: str, codes: set[str], positions: set[int], name: str, value: object
) -> tuple[object, str | None]:
    """Return (clean value, None) or (None, Dutch error) for one field."""
    if name in HEADER_TEXT:
        text = _text(value, HEADER_TEXT[name])
        if text is None:
            return None, _("Te lang of ongeldig (max. %(n)d tekens).", n=HEADER_TEXT[name])
        return text.strip(), None
    if name in HEADER_DATES:
        ok, day = _date(value)
        return (day, None) if ok else (None, _("Geen geldige datum (jjjj-mm-dd)."))
    part, _sep, rest = name.partition("-")
    number, _sep, code = rest.partition("-")
    if not number.isdecimal() or int(number) not in positions:
        return None, _("Onbekend veld.")
    if part == "note" and not code:
        text = _text(value, NOTE_MAX)
        return (
            (text, None)
            if text is not None
            else (None, _("Te lang (max. %(n)d tekens).", n=NOTE_MAX))
        )
    if code not in codes:
        return None, _("Onbekend veld.")
    if part == "mark":
        ok, mark = _mark(kind, value)
        return (mark, None) if ok else (None, _("Kies goed, niet goed of n.v.t."))
    if part == "remark" and kind == "phone":
        text = _text(value, REMARK_MAX)
        return (
            (text, None)
            if text is not None
            else (None, _("Te lang (max. %(n)d tekens).", n=REMARK_MAX))
        )
    return None, _("Onbekend veld.")


def check_fields(
    checklist: Checklist, positions: Iterable[int], fields: Mapping[str, object]
) -> FieldCheck:
    """Check each submitted field on its own; the good ones may be stored even if others fail."""
    result = FieldCheck()
    codes, numbers = set(checklist.codes), set(positions)
    for name, value in fields.items():
        if not isinstance(name, str):
            continue
        clean, error = _check_one(checklist.kind, codes, numbers, name, value)
        if error is None:
            result.clean[name] = clean
        else:
            result.errors[name] = error
    return result
