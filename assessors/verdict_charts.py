"""The competency profile chart: score per competency against the threshold (pygal SVG)."""

from __future__ import annotations

import base64

import pygal
from flask_babel import gettext as _
from pygal.style import Style

from ksf_b.competencies import COMPETENCIES

PROFILE_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#4a4a4a",
    colors=("#0b4f8a", "#b08d3c"),
    font_family="DejaVu Sans, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=13,
    title_font_size=15,
)


def profile_rows(scores: dict[str, float | None], threshold: float) -> list[dict]:
    """One row per competency in the seed's order: label, score, threshold, reached."""
    rows = []
    for competency in COMPETENCIES:
        value = scores.get(competency.code)
        rows.append(
            {
                "code": competency.code,
                "label": str(competency.label),
                "score": value,
                "threshold": threshold,
                "reached": value is not None and value >= threshold,
            }
        )
    return rows


def profile_svg(scores: dict[str, float | None], threshold: float) -> bytes:
    """A horizontal bar per competency (1–5) with the threshold as a second bar."""
    rows = list(reversed(profile_rows(scores, threshold)))  # pygal draws bottom-up
    chart = pygal.HorizontalBar(
        style=PROFILE_STYLE,
        width=760,
        height=420,
        range=(0, 5),
        xrange=(0, 5),
        show_legend=True,
        legend_at_bottom=True,
        print_values=True,
        value_formatter=lambda v: "–" if v is None else f"{v:.1f}".replace(".", ","),
        js=(),
        disable_xml_declaration=True,
        truncate_label=-1,
        title=_("Competentieprofiel"),
    )
    chart.x_labels = [row["label"] for row in rows]
    chart.add(_("Jouw score"), [row["score"] for row in rows])
    chart.add(_("Drempel"), [threshold for _row in rows], print_values=False)
    return chart.render()


def profile_data_uri(scores: dict[str, float | None], threshold: float) -> str:
    """The chart as a data: URI for an <img> (the pages' CSP allows data: images)."""
    svg = profile_svg(scores, threshold)
    if isinstance(svg, str):
        svg = svg.encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
