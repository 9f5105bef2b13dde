"""The item bank as CSV (import and export, the master format) and QTI 2.1 (choice items).

CSV columns (UTF-8, comma-separated, one item per row, header required):
code, toetsterm, werkproces, type (enkelvoudig | meervoudig | categoriseren), vraag,
opties (" | " between options, or between statements when categorising), categorieen
(" | " between categories), sleutel (letters of the right options, "b" or "a,c"; when
categorising the category number of each statement, "1,2,2,1"), punten, deelscore (ja/nee),
volgorde_vast (ja/nee), feedback, demo (ja/nee).
Parsing is pure: it returns the items and a list of Dutch errors with their line numbers.
"""

from __future__ import annotations

import csv
import io
import string
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from xml.etree import ElementTree as ET

from flask_babel import lazy_gettext as _l

from theory.terms import TOETSTERM_CODES, WORK_PROCESS_CODES

COLUMNS = (
    "code",
    "toetsterm",
    "werkproces",
    "type",
    "vraag",
    "opties",
    "categorieen",
    "sleutel",
    "punten",
    "deelscore",
    "volgorde_vast",
    "feedback",
    "demo",
)
TYPE_WORDS = {"enkelvoudig": "single", "meervoudig": "multiple", "categoriseren": "categorise"}
TYPE_NAMES = {v: k for k, v in TYPE_WORDS.items()}
SEPARATOR = " | "
MAX_ROWS = 2000
LETTERS = string.ascii_lowercase


@dataclass
class ItemData:
    """One item as the bank's edit form, the CSV and the demo bank describe it."""

    code: str
    toetsterm: str
    type: str
    stem: str
    content: dict[str, Any]
    points: float = 1.0
    work_process: str | None = None
    partial_credit: bool = False
    keep_order: bool = False
    feedback: str = ""
    is_demo: bool = False

    def same_content(self, other: ItemData) -> bool:
        """True when the versioned part (what a candidate sees and the key) is equal."""
        return (
            self.type,
            self.stem,
            self.content,
            float(self.points),
            self.partial_credit,
            self.keep_order,
            self.feedback,
        ) == (
            other.type,
            other.stem,
            other.content,
            float(other.points),
            other.partial_credit,
            other.keep_order,
            other.feedback,
        )


@dataclass
class ParseResult:
    items: list[ItemData] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split("|") if part.strip()]


def _yes(text: str) -> bool:
    return text.strip().lower() in ("ja", "j", "yes", "1", "true")


def build_content(item_type: str, options: list[str], categories: list[str], key: str) -> dict:
    """Turn the textual form (options, categories, key) into an item's content; ValueError."""
    keys = [k.strip().lower() for k in key.replace(";", ",").split(",") if k.strip()]
    if item_type in ("single", "multiple"):
        if len(options) < 2:
            raise ValueError(_l("geef minstens twee opties"))
        if len(options) > len(LETTERS):
            raise ValueError(_l("te veel opties"))
        ids = list(LETTERS[: len(options)])
        wrong = [k for k in keys if k not in ids]
        if wrong or not keys:
            raise ValueError(_l("de sleutel noemt geen bestaande optieletter"))
        if item_type == "single" and len(keys) != 1:
            raise ValueError(_l("een enkelvoudige vraag heeft precies één goede optie"))
        return {
            "options": [
                {"id": i, "text": text, "correct": i in keys}
                for i, text in zip(ids, options, strict=True)
            ]
        }
    if len(categories) < 2:
        raise ValueError(_l("geef minstens twee categorieën"))
    if len(options) < 2:
        raise ValueError(_l("geef minstens twee uitspraken"))
    if len(keys) != len(options) or not all(
        k.isdigit() and 1 <= int(k) <= len(categories) for k in keys
    ):
        raise ValueError(_l("de sleutel geeft per uitspraak het nummer van een categorie"))
    return {
        "categories": [{"id": f"c{n}", "label": label} for n, label in enumerate(categories, 1)],
        "statements": [
            {"id": f"s{n}", "text": text, "category": f"c{keys[n - 1]}"}
            for n, text in enumerate(options, 1)
        ],
    }


def content_fields(item_type: str, content: dict) -> tuple[list[str], list[str], str]:
    """The inverse of `build_content`: (options or statements, categories, key)."""
    if item_type in ("single", "multiple"):
        options = content["options"]
        return (
            [o["text"] for o in options],
            [],
            ",".join(o["id"] for o in options if o.get("correct")),
        )
    categories = content["categories"]
    number = {c["id"]: str(n) for n, c in enumerate(categories, 1)}
    return (
        [s["text"] for s in content["statements"]],
        [c["label"] for c in categories],
        ",".join(number[s["category"]] for s in content["statements"]),
    )


def _parse_points(text: str) -> float:
    value = float(text.replace(",", ".")) if text.strip() else 1.0
    if not 0 < value <= 100:
        raise ValueError(_l("punten moeten groter dan 0 en hoogstens 100 zijn"))
    return value


def parse_row(row: dict[str, str]) -> ItemData:
    """Parse one CSV row; ValueError with a Dutch reason."""
    get = {k: (row.get(k) or "").strip() for k in COLUMNS}
    if not get["code"]:
        raise ValueError(_l("de code ontbreekt"))
    if get["toetsterm"] not in TOETSTERM_CODES:
        raise ValueError(_l("onbekende toetsterm %(code)s", code=get["toetsterm"] or "—"))
    if get["werkproces"] and get["werkproces"] not in WORK_PROCESS_CODES:
        raise ValueError(_l("onbekend werkproces %(code)s", code=get["werkproces"]))
    item_type = TYPE_WORDS.get(get["type"].lower())
    if item_type is None:
        raise ValueError(_l("type moet enkelvoudig, meervoudig of categoriseren zijn"))
    if not get["vraag"]:
        raise ValueError(_l("de vraag ontbreekt"))
    try:
        points = _parse_points(get["punten"])
    except ValueError as error:
        if "punten" in str(error):
            raise
        raise ValueError(_l("punten moeten een getal zijn")) from error
    content = build_content(
        item_type, _split(get["opties"]), _split(get["categorieen"]), get["sleutel"]
    )
    return ItemData(
        code=get["code"],
        toetsterm=get["toetsterm"],
        type=item_type,
        stem=get["vraag"],
        content=content,
        points=points,
        work_process=get["werkproces"] or None,
        partial_credit=_yes(get["deelscore"]),
        keep_order=_yes(get["volgorde_vast"]),
        feedback=get["feedback"],
        is_demo=_yes(get["demo"]),
    )


def parse_csv(text: str) -> ParseResult:
    """Parse a whole CSV; every bad row is an error with its line number (nothing half-read)."""
    result = ParseResult()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [
        c
        for c in ("code", "toetsterm", "type", "vraag", "opties", "sleutel")
        if c not in (reader.fieldnames or [])
    ]
    if missing:
        result.errors.append(
            str(_l("Regel 1: kolommen ontbreken: %(columns)s", columns=", ".join(missing)))
        )
        return result
    seen: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        if len(result.items) + len(result.errors) >= MAX_ROWS:
            result.errors.append(str(_l("Te veel regels (hoogstens %(n)s).", n=MAX_ROWS)))
            break
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        try:
            item = parse_row(row)
        except ValueError as error:
            result.errors.append(str(_l("Regel %(line)s: %(reason)s", line=line, reason=error)))
            continue
        if item.code in seen:
            result.errors.append(
                str(
                    _l(
                        "Regel %(line)s: code %(code)s staat ook op regel %(first)s",
                        line=line,
                        code=item.code,
                        first=seen[item.code],
                    )
                )
            )
            continue
        seen[item.code] = line
        result.items.append(item)
    return result


def _points_text(points: float) -> str:
    return f"{float(points):g}"


def to_csv(items: Iterable[ItemData]) -> str:
    """Write items as CSV in the format `parse_csv` reads."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in items:
        options, categories, key = content_fields(item.type, item.content)
        writer.writerow(
            {
                "code": item.code,
                "toetsterm": item.toetsterm,
                "werkproces": item.work_process or "",
                "type": TYPE_NAMES[item.type],
                "vraag": item.stem,
                "opties": SEPARATOR.join(options),
                "categorieen": SEPARATOR.join(categories),
                "sleutel": key,
                "punten": _points_text(item.points),
                "deelscore": "ja" if item.partial_credit else "nee",
                "volgorde_vast": "ja" if item.keep_order else "nee",
                "feedback": item.feedback,
                "demo": "ja" if item.is_demo else "nee",
            }
        )
    return out.getvalue()


# --- QTI 2.1 --------------------------------------------------------------------------------

QTI_NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
QTI_SCHEMA = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
MATCH_CORRECT = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/match_correct"


def qti_identifier(code: str) -> str:
    """Make an NCName of an item code ("1.1-01" -> "ITEM_1.1-01")."""
    safe = "".join(ch if ch.isalnum() or ch in "-._" else "_" for ch in code)
    return safe if safe[:1].isalpha() else f"ITEM_{safe}"


def qti_item(item: ItemData) -> bytes:
    """One choice item as a QTI 2.1 assessmentItem (match_correct response processing)."""
    if item.type not in ("single", "multiple"):
        raise ValueError("only choice items export to QTI")
    # plain tag names under a literal xmlns on the root: the document's default namespace
    # without ElementTree's global prefix table, which other writers (the SVG charts) share
    root = ET.Element(
        "assessmentItem",
        {
            "xmlns": QTI_NS,
            "xmlns:xsi": XSI_NS,
            "xsi:schemaLocation": f"{QTI_NS} {QTI_SCHEMA}",
            "identifier": qti_identifier(item.code),
            "title": f"{item.code} ({item.toetsterm})",
            "adaptive": "false",
            "timeDependent": "false",
        },
    )
    cardinality = "single" if item.type == "single" else "multiple"
    response = ET.SubElement(
        root,
        "responseDeclaration",
        {"identifier": "RESPONSE", "cardinality": cardinality, "baseType": "identifier"},
    )
    correct = ET.SubElement(response, "correctResponse")
    for option in item.content["options"]:
        if option.get("correct"):
            ET.SubElement(correct, "value").text = option["id"].upper()
    outcome = ET.SubElement(
        root,
        "outcomeDeclaration",
        {"identifier": "SCORE", "cardinality": "single", "baseType": "float"},
    )
    default = ET.SubElement(outcome, "defaultValue")
    ET.SubElement(default, "value").text = "0"
    body = ET.SubElement(root, "itemBody")
    interaction = ET.SubElement(
        body,
        "choiceInteraction",
        {
            "responseIdentifier": "RESPONSE",
            "shuffle": "false" if item.keep_order else "true",
            "maxChoices": "1" if item.type == "single" else "0",
        },
    )
    ET.SubElement(interaction, "prompt").text = item.stem
    for option in item.content["options"]:
        choice = ET.SubElement(interaction, "simpleChoice", {"identifier": option["id"].upper()})
        choice.text = option["text"]
    ET.SubElement(root, "responseProcessing", {"template": MATCH_CORRECT})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def qti_package(items: Iterable[ItemData]) -> bytes:
    """A content package (zip): one assessmentItem per choice item and imsmanifest.xml."""
    manifest = ET.Element("manifest", {"xmlns": CP_NS, "identifier": "KSF_A_ITEMBANK"})
    ET.SubElement(manifest, "organizations")
    resources = ET.SubElement(manifest, "resources")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for item in items:
            if item.type not in ("single", "multiple"):
                continue
            identifier = qti_identifier(item.code)
            href = f"items/{identifier}.xml"
            archive.writestr(href, qti_item(item))
            resource = ET.SubElement(
                resources,
                "resource",
                {"identifier": f"RES_{identifier}", "type": "imsqti_item_xmlv2p1", "href": href},
            )
            ET.SubElement(resource, "file", {"href": href})
        archive.writestr(
            "imsmanifest.xml", ET.tostring(manifest, encoding="utf-8", xml_declaration=True)
        )
    return buffer.getvalue()
