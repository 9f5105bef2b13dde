"""The SVG charts: real pygal output, cleaned so the CSP allows it and screen readers get text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from assessors.charts import SVG_NS, agreement_chart, distribution_chart

NS = {"svg": SVG_NS}


def _parse(markup) -> ET.Element:  # type: ignore[no-untyped-def]
    return ET.fromstring(str(markup))


def test_distribution_chart_is_an_accessible_image_without_script_or_style() -> None:
    svg = distribution_chart(
        "dist-1",
        counts=[0, 2, 7, 3, 1, 1],
        labels=["1", "2", "3", "4", "5", "niet te beoordelen"],
        title="Scores van B. Beoordelaar",
        description="1: 0 keer, 2: 2 keer",
    )
    root = _parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "dist-1-title dist-1-desc"
    assert root.find("svg:title", NS).text == "Scores van B. Beoordelaar"
    assert root.find("svg:desc", NS).text == "1: 0 keer, 2: 2 keer"
    text = str(svg)
    assert "<script" not in text and "<style" not in text and "style=" not in text
    assert "http" not in text.replace(SVG_NS, "")  # no links to a CDN or pygal.org
    bars = root.findall(".//svg:g[@class='bar']", NS)
    assert len(bars) == 6
    labels = [t.text for t in root.findall(".//svg:g[@class='axis x']//svg:text", NS)]
    assert labels == ["1", "2", "3", "4", "5", "niet te beoordelen"]  # not truncated


def test_agreement_chart_shows_the_threshold_and_skips_missing_values() -> None:
    svg = agreement_chart(
        "agree",
        competencies=["Analyse", "Flexibiliteit"],
        series=[("kappa", [0.81, None]), ("ICC(1,1)", [0.5, -0.3])],
        title="Overeenstemming per competentie",
        description="Analyse: kappa 0,81",
        formatter=lambda v: f"{v:.2f}".replace(".", ","),
        threshold=0.6,
    )
    root = _parse(svg)
    assert "agreement-chart" in root.get("class").split()
    major = [t.text for t in root.findall(".//svg:g[@class='axis x always_show']//svg:text", NS)]
    major += [t.text for t in root.findall(".//svg:text[@class='major']", NS)]
    assert "0,60" in major
    values = [t.text for t in root.findall(".//svg:text[@class='value']", NS)]
    assert sorted(values) == sorted(["0,81", "0,50", "-0,30"])
    # the scale reaches below zero only as far as the negative value needs
    ticks = [t.text for t in root.findall(".//svg:g[@class='guides']/svg:text", NS)]
    assert "-0,40" in ticks and "-0,60" not in ticks
    # the first competency is drawn at the top (pygal draws the first label at the bottom)
    y_of = {
        t.text: float(t.get("y"))
        for t in root.findall(".//svg:text", NS)
        if t.text in ("Analyse", "Flexibiliteit")
    }
    assert y_of["Analyse"] < y_of["Flexibiliteit"]


def _render() -> str:
    return str(
        distribution_chart(
            "dist-1",
            counts=[0, 2, 7, 3, 1, 1],
            labels=["1", "2", "3", "4", "5", "niet te beoordelen"],
            title="Scores van B. Beoordelaar",
            description="1: 0 keer, 2: 2 keer",
        )
    )


def _assert_plain_svg(text: str) -> None:
    root = _parse(text)
    assert root.tag == f"{{{SVG_NS}}}svg"
    assert all(str(e.tag).startswith(f"{{{SVG_NS}}}") for e in root.iter())
    assert text.startswith("<svg ") and f'xmlns="{SVG_NS}"' in text.split(">", 1)[0]
    assert "ns0:" not in text and "<svg:" not in text and "xmlns:" not in text
    assert root.find("svg:title", NS).text == "Scores van B. Beoordelaar"
    assert len(root.findall(".//svg:g[@class='bar']", NS)) == 6


@pytest.fixture
def namespace_registry(monkeypatch):  # type: ignore[no-untyped-def]
    """ElementTree's process-wide prefix registry, restored afterwards.

    WeasyPrint registers its XMP prefixes when its PDF code is first imported; import it before
    the copy, or its prefixes would vanish with the copy and later PDFs (tests/certificates)
    would write `ns0:part` instead of `pdfaid:part`.
    """
    import weasyprint.pdf.metadata  # noqa: F401

    monkeypatch.setattr(ET, "_namespace_map", dict(ET._namespace_map))


def test_chart_is_the_same_after_weasyprint_segno_and_the_qti_export_ran(
    namespace_registry,
) -> None:
    """These write XML too and register prefixes globally (WeasyPrint maps '' on import)."""
    import segno
    from weasyprint import HTML

    from theory.itemio import ItemData, qti_package

    before = _render()
    assert HTML(string="<p>Certificaat</p>").write_pdf().startswith(b"%PDF-")
    assert "<svg" in segno.make("https://example.test/v/1", error="m").svg_inline()
    item = ItemData(
        code="1.1-01",
        toetsterm="1.1",
        type="single",
        stem="Welke?",
        content={"options": [{"id": "a", "text": "A", "correct": True}]},
    )
    assert qti_package([item]).startswith(b"PK")
    after = _render()
    assert after == before
    _assert_plain_svg(after)


@pytest.mark.parametrize(
    ("prefix", "uri"),
    [("", ""), ("", "http://www.imsglobal.org/xsd/imscp_v1p1"), ("svg", SVG_NS)],
)
def test_chart_markup_ignores_prefixes_registered_elsewhere(
    namespace_registry, prefix: str, uri: str
) -> None:
    ET.register_namespace(prefix, uri)
    _assert_plain_svg(_render())
