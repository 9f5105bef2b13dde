"""Checklist definitions as data: read (and check) the JSON tree of one version.

A definition is eindterm → section (phone: the line in the "Eindterm" column; chat: the
toetsterm) → item (phone: a process with its "Gecheckt" box and beoordelingscriteria as
details; chat: one of the 20 scored criteria). Item codes are unique within a definition and
are what marks refer to, so a published version never changes (admins publish a new one).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext as _

KINDS = ("phone", "chat")
MAX_TEXT = 1000
MAX_ITEMS = 100
CODE_RE = re.compile(r"^[A-Za-z0-9.]{1,16}$")


class DefinitionError(ValueError):
    """The definition's data is not a valid checklist; `messages` says why, in Dutch."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    details: tuple[str, ...]
    eindterm: str
    section: str


@dataclass(frozen=True)
class Section:
    code: str
    text: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Eindterm:
    code: str
    title: str
    sections: tuple[Section, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)


@dataclass(frozen=True)
class Checklist:
    kind: str
    title: str
    eindtermen: tuple[Eindterm, ...]

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for eindterm in self.eindtermen for item in eindterm.items)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(item.code for item in self.items)

    def item(self, code: str) -> Item | None:
        return next((item for item in self.items if item.code == code), None)

    def eindterm(self, code: str) -> Eindterm | None:
        return next((e for e in self.eindtermen if e.code == code), None)

    def walk(self) -> Iterator[tuple[Eindterm, Section, Item]]:
        for eindterm in self.eindtermen:
            for section in eindterm.sections:
                for item in section.items:
                    yield eindterm, section, item


def _text(value: object, where: str, errors: list[str], required: bool = True) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        errors.append(_("%(where)s: tekst ontbreekt.", where=where))
        return ""
    if len(value) > MAX_TEXT:
        errors.append(
            _("%(where)s: tekst is te lang (max. %(n)d tekens).", where=where, n=MAX_TEXT)
        )
    return value.strip()


def _list(value: object, where: str, errors: list[str]) -> list:
    if not isinstance(value, list) or not value:
        errors.append(_("%(where)s: lijst ontbreekt of is leeg.", where=where))
        return []
    return value


def _parse_item(raw: object, eindterm: str, section: str, errors: list[str]) -> Item | None:
    if not isinstance(raw, dict):
        errors.append(_("Een onderdeel van %(s)s is geen object.", s=section))
        return None
    code = _text(raw.get("code"), _("code in %(s)s", s=section), errors)
    if code and not CODE_RE.match(code):
        errors.append(_("Code %(c)s: gebruik alleen letters, cijfers en punten.", c=code))
    text = _text(raw.get("text"), _("onderdeel %(c)s", c=code), errors)
    details = raw.get("details", [])
    if not isinstance(details, list) or not all(isinstance(d, str) for d in details):
        errors.append(_("Onderdeel %(c)s: de criteria moeten een lijst teksten zijn.", c=code))
        details = []
    return Item(code, text, tuple(d.strip() for d in details if d.strip()), eindterm, section)


def _parse_section(raw: object, eindterm: str, errors: list[str]) -> Section | None:
    if not isinstance(raw, dict):
        errors.append(_("Een deel van eindterm %(e)s is geen object.", e=eindterm))
        return None
    code = _text(raw.get("code"), _("code in eindterm %(e)s", e=eindterm), errors)
    text = _text(raw.get("text"), _("eindterm %(e)s, deel %(c)s", e=eindterm, c=code), errors)
    items = [_parse_item(i, eindterm, code, errors) for i in _list(raw.get("items"), code, errors)]
    return Section(code, text, tuple(i for i in items if i))


def parse(data: object, kind: str | None = None) -> Checklist:
    """Turn a definition's JSON into a Checklist, or raise DefinitionError with every problem."""
    errors: list[str] = []
    if not isinstance(data, dict):
        raise DefinitionError([_("De definitie moet een JSON-object zijn.")])
    found_kind = data.get("kind")
    if found_kind not in KINDS or (kind is not None and found_kind != kind):
        errors.append(_("Het soort checklist ('kind') klopt niet."))
    title = _text(data.get("title"), _("titel"), errors)
    eindtermen = []
    for raw in _list(data.get("eindtermen"), _("eindtermen"), errors):
        if not isinstance(raw, dict):
            errors.append(_("Een eindterm is geen object."))
            continue
        code = _text(raw.get("code"), _("code van een eindterm"), errors)
        etitle = _text(raw.get("title"), _("eindterm %(e)s", e=code), errors)
        sections = [
            _parse_section(s, code, errors) for s in _list(raw.get("sections"), code, errors)
        ]
        eindtermen.append(Eindterm(code, etitle, tuple(s for s in sections if s)))
    checklist = Checklist(str(found_kind), title, tuple(eindtermen))
    _check_codes(checklist, errors)
    if errors:
        raise DefinitionError(errors)
    return checklist


def _check_codes(checklist: Checklist, errors: list[str]) -> None:
    codes = checklist.codes
    doubles = sorted({code for code in codes if codes.count(code) > 1})
    if doubles:
        errors.append(_("Deze codes komen dubbel voor: %(codes)s.", codes=", ".join(doubles)))
    ecodes = [e.code for e in checklist.eindtermen]
    if len(set(ecodes)) != len(ecodes):
        errors.append(_("Elke eindterm moet een eigen code hebben."))
    if len(codes) > MAX_ITEMS:
        errors.append(_("Te veel onderdelen (max. %(n)d).", n=MAX_ITEMS))
