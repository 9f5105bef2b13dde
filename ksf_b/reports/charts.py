"""Server-side SVG charts of a report (pygal; no JavaScript, served as images)."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import gettext as _

from ksf_b.reports.rules import Report

# pygal is imported when a chart is drawn: it installs an import hook, so keep it out of
# processes that never draw one (the worker, the CLI)


def _style() -> Any:
    from pygal.style import Style

    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#1f2933",
        foreground_strong="#1f2933",
        foreground_subtle="#52606d",
        colors=("#1d4f91", "#c05621", "#2f855a", "#6b46c1"),
        font_family="DejaVu Sans, sans-serif",
    )


def _config(title: str) -> Any:
    import pygal

    config = pygal.Config()
    config.title = title
    config.style = _style()
    config.js = []  # no scripts from a CDN: the chart is a plain image
    config.disable_xml_declaration = False
    config.show_legend = False
    config.width, config.height = 800, 420
    config.x_label_rotation = 30
    config.print_values = True
    return config


SCRIPT_RE = re.compile(rb"<script\b[^>]*>.*?</script>|<script\b[^>]*/>", re.S)


def _render(chart: Any) -> bytes:
    """Render without pygal's tooltip script: the chart is an image, the numbers are in a table."""
    return SCRIPT_RE.sub(b"", chart.render())


def _pygal() -> Any:
    import pygal

    return pygal


def states_chart(report: Report, labels: dict[str, str]) -> bytes:
    """Bars: how many candidates are in each state now."""
    chart = _pygal().HorizontalBar(_config(_("Kandidaten per status")))
    chart.x_labels = list(labels.values())
    chart.add(_("Kandidaten"), [report.per_state.get(state, 0) for state in labels])
    chart.x_label_rotation = 0
    chart.height = 520
    return _render(chart)


def days_chart(report: Report, labels: dict[str, str]) -> bytes:
    """Bars: mean days a candidate spends in each state (completed stays)."""
    chart = _pygal().Bar(_config(_("Gemiddeld aantal dagen per status")))
    chart.value_formatter = lambda value: f"{value:.1f}".replace(".", ",")
    shown = [state for state in labels if state in report.mean_days]
    chart.x_labels = [labels[state] for state in shown]
    chart.add(_("Dagen"), [round(report.mean_days[state], 1) for state in shown])
    return _render(chart)


def pass_rate_chart(per_company: dict[str, Report]) -> bytes:
    """Bars per company: part-1 and final pass rate in percent."""
    chart = _pygal().Bar(_config(_("Slagingspercentage per bedrijf")))
    chart.show_legend = True
    chart.legend_at_bottom = True
    chart.range = (0, 100)
    chart.value_formatter = lambda value: f"{value:.0f}%"
    chart.x_labels = list(per_company)

    def percent(rate: float | None) -> float | None:
        return None if rate is None else round(rate * 100, 1)

    chart.add(_("Onderdeel 1"), [percent(r.part1_pass_rate) for r in per_company.values()])
    chart.add(_("Eindoordeel"), [percent(r.final_pass_rate) for r in per_company.values()])
    return _render(chart)
