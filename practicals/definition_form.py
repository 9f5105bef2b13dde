"""The structured editor of a draft checklist version: form fields ⇄ the definition's JSON.

The form is flat and works without JavaScript. Every row has a code, a text, an order number
(rows are sorted by it) and a "verwijderen" box; one blank row is offered at every level, and
a blank row (nothing filled in) is ignored. Field names:

    title
    e-<i>-code, e-<i>-title, e-<i>-order, e-<i>-delete                      eindterm i
    s-<i>-<j>-code, s-<i>-<j>-text, -order, -delete                         section j of it
    i-<i>-<j>-<k>-code, i-<i>-<j>-<k>-text, -details, -order, -delete       item k of that

`content_from_form` only builds the JSON; `checklists.parse` (through `versions.update_draft`)
checks it and gives the Dutch messages, exactly as for the JSON editor.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask_babel import gettext as _

MAX_INDEX = 200  # rows per level accepted from a form (a definition holds at most 100 items)
FIELD_RE = re.compile(r"^([esi])-(\d{1,3})(?:-(\d{1,3}))?(?:-(\d{1,3}))?-code$")


def _order(form: Mapping[str, str], prefix: str, index: int, what: str, errors: list[str]) -> int:
    raw = (form.get(f"{prefix}-order") or "").strip()
    if not raw:
        return (index + 1) * 10
    if not re.fullmatch(r"-?\d{1,4}", raw):
        errors.append(_("Volgorde bij %(what)s moet een geheel getal zijn.", what=what))
        return (index + 1) * 10
    return int(raw)


def _indexes(form: Mapping[str, str], level: str, parent: tuple[int, ...]) -> list[int]:
    found = set()
    for key in form:
        match = FIELD_RE.match(key)
        if not match or match.group(1) != level:
            continue
        numbers = tuple(int(n) for n in match.groups()[1:] if n is not None)
        if numbers[:-1] == parent and numbers[-1] < MAX_INDEX:
            found.add(numbers[-1])
    return sorted(found)


def _value(form: Mapping[str, str], key: str) -> str:
    return (form.get(key) or "").strip()


def _deleted(form: Mapping[str, str], prefix: str) -> bool:
    return form.get(f"{prefix}-delete") in ("y", "on", "1")


def content_from_form(form: Mapping[str, str], kind: str) -> tuple[dict, list[str]]:
    """Build the definition's JSON from the editor's fields; errors are about the form itself."""
    errors: list[str] = []
    eindtermen = []
    for i in _indexes(form, "e", ()):
        prefix = f"e-{i}"
        code, title = _value(form, f"{prefix}-code"), _value(form, f"{prefix}-title")
        sections = _sections(form, i, errors)
        if _deleted(form, prefix) or (not code and not title and not sections):
            continue
        what = _("eindterm %(c)s", c=code or i + 1)
        order = _order(form, prefix, i, what, errors)
        eindtermen.append((order, i, {"code": code, "title": title, "sections": sections}))
    content = {
        "kind": kind,
        "title": _value(form, "title"),
        "eindtermen": [row for _o, _i, row in sorted(eindtermen, key=lambda r: (r[0], r[1]))],
    }
    return content, errors


def _sections(form: Mapping[str, str], i: int, errors: list[str]) -> list[dict]:
    rows = []
    for j in _indexes(form, "s", (i,)):
        prefix = f"s-{i}-{j}"
        code, text = _value(form, f"{prefix}-code"), _value(form, f"{prefix}-text")
        items = _items(form, i, j, errors)
        if _deleted(form, prefix) or (not code and not text and not items):
            continue
        order = _order(form, prefix, j, _("deel %(c)s", c=code or j + 1), errors)
        rows.append((order, j, {"code": code, "text": text, "items": items}))
    return [row for _o, _j, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def _items(form: Mapping[str, str], i: int, j: int, errors: list[str]) -> list[dict]:
    rows = []
    for k in _indexes(form, "i", (i, j)):
        prefix = f"i-{i}-{j}-{k}"
        code, text = _value(form, f"{prefix}-code"), _value(form, f"{prefix}-text")
        details = [line.strip() for line in (form.get(f"{prefix}-details") or "").splitlines()]
        details = [line for line in details if line]
        if _deleted(form, prefix) or (not code and not text and not details):
            continue
        order = _order(form, prefix, k, _("onderdeel %(c)s", c=code or k + 1), errors)
        rows.append((order, k, {"code": code, "text": text, "details": details}))
    return [row for _o, _k, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def editor_rows(content: object) -> dict:
    """The definition's JSON (possibly partial or invalid) in the shape the editor renders."""
    data = content if isinstance(content, dict) else {}

    def texts(raw: object, *keys: str) -> dict:
        row = raw if isinstance(raw, dict) else {}
        return {key: str(row.get(key) or "") for key in keys}

    def as_list(raw: object) -> list:
        return raw if isinstance(raw, list) else []

    eindtermen = []
    for e in as_list(data.get("eindtermen")):
        sections = []
        for s in as_list(e.get("sections") if isinstance(e, dict) else None):
            items = []
            for it in as_list(s.get("items") if isinstance(s, dict) else None):
                row = texts(it, "code", "text")
                details = it.get("details") if isinstance(it, dict) else None
                row["details"] = "\n".join(str(d) for d in as_list(details))
                items.append(row)
            sections.append({**texts(s, "code", "text"), "items": items})
        eindtermen.append({**texts(e, "code", "title"), "sections": sections})
    return {"title": str(data.get("title") or ""), "eindtermen": eindtermen}
