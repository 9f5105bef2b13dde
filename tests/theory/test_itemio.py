"""CSV import/export of the bank (round trip, Dutch errors with line numbers) and QTI 2.1."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from theory import itemio
from theory.demo_bank import DEMO_ITEMS

HEADER = ",".join(itemio.COLUMNS)


def test_demo_bank_round_trips_through_csv(app_ctx) -> None:  # type: ignore[no-untyped-def]
    text = itemio.to_csv(DEMO_ITEMS)
    parsed = itemio.parse_csv(text)
    assert parsed.errors == []
    assert parsed.items == DEMO_ITEMS
    assert itemio.to_csv(parsed.items) == text


def test_bad_rows_give_dutch_errors_with_line_numbers(app_ctx) -> None:  # type: ignore[no-untyped-def]
    rows = [
        HEADER,
        "1.1-01,1.1,,enkelvoudig,Vraag?,Ja | Nee,,a,1,nee,nee,,nee",
        "x,9.9,,enkelvoudig,Vraag?,Ja | Nee,,a,1,nee,nee,,nee",
        "y,1.1,,raden,Vraag?,Ja | Nee,,a,1,nee,nee,,nee",
        "z,1.1,,enkelvoudig,Vraag?,Ja | Nee,,c,1,nee,nee,,nee",
        "w,1.2,,categoriseren,Deel in,Hoi | Geachte,Formeel | Informeel,2,1,nee,nee,,nee",
        "1.1-01,1.1,,enkelvoudig,Vraag?,Ja | Nee,,b,1,nee,nee,,nee",
        "v,1.1,,meervoudig,Vraag?,Ja | Nee,,a,twee,nee,nee,,nee",
    ]
    result = itemio.parse_csv("\n".join(rows) + "\n")
    assert result.errors == [
        "Regel 3: onbekende toetsterm 9.9",
        "Regel 4: type moet enkelvoudig, meervoudig of categoriseren zijn",
        "Regel 5: de sleutel noemt geen bestaande optieletter",
        "Regel 6: de sleutel geeft per uitspraak het nummer van een categorie",
        "Regel 7: code 1.1-01 staat ook op regel 2",
        "Regel 8: punten moeten een getal zijn",
    ]


def test_missing_columns_are_named(app_ctx) -> None:  # type: ignore[no-untyped-def]
    result = itemio.parse_csv("code,vraag\n1,Wat?\n")
    assert result.errors == ["Regel 1: kolommen ontbreken: toetsterm, type, opties, sleutel"]


def test_qti_package_has_choice_items_only_with_their_key() -> None:
    data = itemio.qti_package(DEMO_ITEMS)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    choice = [i for i in DEMO_ITEMS if i.type != "categorise"]
    assert len(names) == len(choice) + 1 and "imsmanifest.xml" in names
    ns = {"q": itemio.QTI_NS}
    item = next(i for i in DEMO_ITEMS if i.code == "4.3-03")  # multiple response a,b
    root = ET.fromstring(archive.read(f"items/{itemio.qti_identifier(item.code)}.xml"))
    assert root.tag == f"{{{itemio.QTI_NS}}}assessmentItem"
    declaration = root.find("q:responseDeclaration", ns)
    assert declaration.get("cardinality") == "multiple"
    right = [o["id"].upper() for o in item.content["options"] if o["correct"]]
    assert len(right) == 2
    assert [v.text for v in declaration.findall("q:correctResponse/q:value", ns)] == right
    interaction = root.find("q:itemBody/q:choiceInteraction", ns)
    assert interaction.get("maxChoices") == "0" and interaction.get("shuffle") == "true"
    assert len(interaction.findall("q:simpleChoice", ns)) == 4
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    resources = manifest.findall(f".//{{{itemio.CP_NS}}}resource")
    assert {r.get("type") for r in resources} == {"imsqti_item_xmlv2p1"}
    assert len(resources) == len(choice)


def test_qti_export_leaves_elementtrees_global_prefixes_alone() -> None:
    before = dict(ET._namespace_map)  # shared by every writer in the process (the SVG charts)
    data = itemio.qti_package(DEMO_ITEMS)
    assert dict(ET._namespace_map) == before
    archive = zipfile.ZipFile(io.BytesIO(data))
    item = archive.read(archive.namelist()[0]).decode()
    # readable QTI: the default namespace, xsi's own prefix, no ns0: prefixes
    assert f'<assessmentItem xmlns="{itemio.QTI_NS}"' in item and "ns0:" not in item
    assert 'xsi:schemaLocation="' in item
    manifest = archive.read("imsmanifest.xml").decode()
    assert f'<manifest xmlns="{itemio.CP_NS}"' in manifest and "ns0:" not in manifest
