"""Admin reports: candidates per state, pass rates and days per state, by period and company."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from ksf_b import audit
from ksf_b.accounts.models import Company, Role
from ksf_b.extensions import db
from ksf_b.journey.states import STATE_LABELS, state_label
from ksf_b.periods import BadPeriod, Period, parse_period
from ksf_b.reports import charts
from ksf_b.reports.data import load_cases
from ksf_b.reports.export import table, to_csv, to_xlsx
from ksf_b.reports.rules import Report, build_report, by_company
from ksf_b.security import roles_required

bp = Blueprint("reports", __name__, url_prefix="/admin/rapportage")

CHARTS = ("statussen", "dagen", "slagingspercentage")


@dataclass
class Selection:
    first: str
    last: str
    company_id: int | None
    period: Period

    def args(self) -> dict[str, str]:
        values = {"van": self.first, "tot": self.last, "bedrijf": str(self.company_id or "")}
        return {key: value for key, value in values.items() if value}


def _selection() -> tuple[Selection, str | None]:
    first = request.args.get("van", "").strip()[:10]
    last = request.args.get("tot", "").strip()[:10]
    company_id = request.args.get("bedrijf", type=int)
    if company_id is not None and db.session.get(Company, company_id) is None:
        company_id = None
    try:
        period = parse_period(first, last)
    except BadPeriod as error:
        return Selection(first, last, company_id, Period()), error.message
    return Selection(first, last, company_id, period), None


def _labels() -> dict[str, str]:
    return {str(state): state_label(state, "staff") for state in STATE_LABELS}


def _reports(selection: Selection) -> tuple[Report, dict[str, Report]]:
    cases = load_cases(selection.period, selection.company_id)
    return build_report(cases), by_company(cases)


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> tuple[str, int]:
    """The report page: filters, three charts and the table behind them."""
    selection, error = _selection()
    total, per_company = _reports(selection)
    header, rows = table(total, per_company, _labels())
    companies = db.session.execute(select(Company.id, Company.name).order_by(Company.name)).all()
    html = render_template(
        "reports/index.html",
        selection=selection,
        error=error,
        total=total,
        labels=_labels(),
        header=header,
        rows=rows,
        companies=companies,
        chart_urls={
            name: url_for("reports.chart", name=name, **selection.args()) for name in CHARTS
        },
    )
    return html, 400 if error else 200


@bp.get("/grafiek/<name>.svg")
@roles_required(Role.ADMIN)
def chart(name: str) -> Response:
    """One chart as an SVG image."""
    if name not in CHARTS:
        abort(404)
    selection, error = _selection()
    if error:
        abort(400)
    total, per_company = _reports(selection)
    if name == "statussen":
        svg = charts.states_chart(total, _labels())
    elif name == "dagen":
        svg = charts.days_chart(total, _labels())
    else:
        svg = charts.pass_rate_chart(per_company)
    response = Response(svg, mimetype="image/svg+xml")
    # pygal styles its SVG with an inline <style>; the image may use it and nothing else
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@bp.get("/export.<fmt>")
@roles_required(Role.ADMIN)
def export(fmt: str) -> Response:
    """The table as CSV or XLSX; the export is audited."""
    if fmt not in ("csv", "xlsx"):
        abort(404)
    selection, error = _selection()
    if error:
        abort(400)
    total, per_company = _reports(selection)
    header, rows = table(total, per_company, _labels())
    audit.record(
        "reports.exported",
        actor=current_user,
        subject="reports",
        details={"format": fmt, **selection.args()},
    )
    db.session.commit()
    if fmt == "csv":
        response = Response(to_csv(header, rows), mimetype="text/csv; charset=utf-8")
    else:
        response = Response(
            to_xlsx(header, rows, _("Rapportage")),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response.headers["Content-Disposition"] = f'attachment; filename="rapportage-ksf.{fmt}"'
    return response
