"""Server-side SVG charts of the rater statistics (pygal), safe to put inline in a page.

pygal writes an inline `<style>` and `<script>` into every chart; our Content-Security-Policy
(`style-src 'self'`, `script-src 'self'`) would block both, and the page must work without
JavaScript anyway. So the chart is rendered to an element tree and cleaned: no script, no
style, no tooltips, no comments; it gets `role="img"` with its own `<title>` and `<desc>`, and
is styled by `static/css/charts.css` through pygal's class names (`.pygal-chart`, `.color-0`).

The cleaned chart is a fresh tree of plain (unqualified) names with a literal `xmlns`
attribute, so ElementTree writes it without looking at its process-wide prefix registry:
WeasyPrint (`register_namespace("", "")` on import) or the QTI export would otherwise turn
the chart's own `<title>`/`<desc>` into `<ns0:title>` and drop the SVG namespace from the page.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence

from markupsafe import Markup

SVG_NS = "http://www.w3.org/2000/svg"
_DROP = {"script", "style", "title", "desc"}
_DROP_CLASSES = {"tooltip-overlay", "overlay"}

Formatter = Callable[[float], str]


def _local(tag: object) -> str | None:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else None


def _plain_attributes(element: ET.Element) -> dict[str, str]:
    """The attributes under their plain names; xmlns declarations, inline styles and
    attributes of other namespaces (such as xlink) are left out."""
    kept = {}
    for key, value in element.attrib.items():
        if key.startswith("{") and not key.startswith(f"{{{SVG_NS}}}"):
            continue
        name = _local(key)
        if name and name != "style" and not name.startswith("xmlns") and ":" not in name:
            kept[name] = value
    return kept


def _clean_copy(element: ET.Element, *, root: bool = False) -> ET.Element:
    """A copy without scripts, styles, comments, tooltips and pygal's own titles, recursively,
    in plain names: ElementTree serialises those as they are, whatever prefixes other code
    registered. Works on a pygal tree from xml.etree or from lxml alike."""
    copy = ET.Element(_local(element.tag) or "svg", _plain_attributes(element))
    copy.text = element.text
    for child in element:
        name = _local(child.tag)
        classes = set(child.get("class", "").split())
        if name is None or name in _DROP or (root and name == "defs") or classes & _DROP_CLASSES:
            continue
        cleaned = _clean_copy(child)
        cleaned.tail = child.tail
        copy.append(cleaned)
    return copy


def _finish(tree: ET.Element, chart_id: str, title: str, description: str) -> Markup:
    svg = _clean_copy(tree, root=True)
    svg.set("xmlns", SVG_NS)  # a literal attribute: no namespace registry involved
    svg.set("id", chart_id)
    svg.set("role", "img")
    svg.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    svg.set("focusable", "false")
    desc = ET.Element("desc", id=f"{chart_id}-desc")
    desc.text = description
    heading = ET.Element("title", id=f"{chart_id}-title")
    heading.text = title
    svg.insert(0, desc)
    svg.insert(0, heading)
    return Markup(ET.tostring(svg, encoding="unicode"))  # noqa: S704  (serialised by ElementTree: escaped)


def _style():  # type: ignore[no-untyped-def]
    """Font sizes as in charts.css, so pygal reserves enough room for the labels."""
    from pygal.style import Style

    return Style(
        label_font_size=13,
        major_label_font_size=13,
        value_font_size=12,
        legend_font_size=13,
        title_font_size=16,
        font_family="system-ui, sans-serif",
    )


def _config() -> dict:
    return {
        "style": _style(),
        "css": [],
        "js": [],
        "disable_xml_declaration": True,
        "explicit_size": False,
        "tooltips": False,
        "show_legend": False,
        "print_values": True,
        "margin": 8,
        "truncate_label": -1,
        "print_zeroes": False,
        "truncate_legend": -1,
    }


def distribution_chart(
    chart_id: str,
    *,
    counts: Sequence[int],
    labels: Sequence[str],
    title: str,
    description: str,
) -> Markup:
    """A bar per score level (and 'niet te beoordelen'): how often an assessor gave it."""
    import pygal

    chart = pygal.Bar(width=360, height=220, min_scale=2, max_scale=6, **_config())
    chart.x_labels = list(labels)
    chart.add(title, list(counts))
    chart.range = (0, max(1, *counts))
    return _finish(chart.render_tree(), chart_id, title, description)


def agreement_chart(
    chart_id: str,
    *,
    competencies: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    title: str,
    description: str,
    formatter: Formatter,
    threshold: float,
) -> Markup:
    """Horizontal bars per competency for each agreement statistic, on a …0–1 scale.

    `threshold` becomes a labelled major guide, so the acceptable norm is visible. The scale
    goes below zero only as far as a negative value needs (agreement worse than chance).
    """
    import pygal

    known = [v for _name, values in series for v in values if v is not None]
    lowest = min([0.0, *known])
    bottom = -math.ceil(round(-lowest / 0.2, 6)) * 0.2
    ticks = {round(bottom + 0.2 * i, 1) for i in range(round((1 - bottom) / 0.2) + 1)}
    chart = pygal.HorizontalBar(
        width=720,
        height=90 + 46 * len(competencies),
        value_formatter=formatter,
        range=(bottom, 1.0),
        y_labels=sorted(ticks | {threshold}),
        y_labels_major=[threshold],
        show_legend=True,
        legend_at_bottom=True,
        classes=["pygal-chart", "agreement-chart"],
        **{k: v for k, v in _config().items() if k != "show_legend"},
    )
    # pygal draws the first label at the bottom; reverse so the page order reads top-down
    chart.x_labels = list(reversed(competencies))
    for name, values in series:
        chart.add(name, list(reversed(values)))
    return _finish(chart.render_tree(), chart_id, title, description)
