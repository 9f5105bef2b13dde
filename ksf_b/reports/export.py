"""The report as a table, and that table as CSV or XLSX (openpyxl)."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ksf_b.reports.rules import Report


def table(
    total: Report, per_company: dict[str, Report], labels: dict[str, str]
) -> tuple[list[str], list[list[object]]]:
    """Header and rows: one row per company and one for all companies together."""
    header = [_("Bedrijf"), _("Kandidaten")]
    header += [str(label) for label in labels.values()]
    header += [_("Geslaagd onderdeel 1 (%)"), _("Geslaagd eindoordeel (%)")]
    header += [_("Gem. dagen: %(state)s", state=label) for label in labels.values()]

    def row(name: str, report: Report) -> list[object]:
        values: list[object] = [name, report.total]
        values += [report.per_state.get(state, 0) for state in labels]
        for rate in (report.part1_pass_rate, report.final_pass_rate):
            values.append(None if rate is None else round(rate * 100, 1))
        for state in labels:
            days = report.mean_days.get(state)
            values.append(None if days is None else round(days, 1))
        return values

    rows = [row(company, report) for company, report in per_company.items()]
    rows.append(row(_("Alle bedrijven"), total))
    return header, rows


def to_csv(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header: list[str], rows: list[list[object]], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 32
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
