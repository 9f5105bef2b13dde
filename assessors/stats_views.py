"""Admin pages on rater quality: the statistics page, the CSV of all scores, the settings."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    render_template,
    stream_with_context,
)
from flask.typing import ResponseReturnValue
from flask_babel import format_decimal
from flask_babel import gettext as _
from markupsafe import Markup

from assessors import charts, statistics, stats_data
from assessors.quality_forms import QualitySettingsForm
from ksf_b.accounts.models import Role
from ksf_b.competencies import get as competency
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from ksf_b.programme_settings import settings_page
from ksf_b.security import roles_required

bp = Blueprint("rater_stats", __name__)

ADMIN = "/beheer/beoordelaars"


@bp.record_once
def _warm_up_statistics(state) -> None:  # type: ignore[no-untyped-def]
    """Import pingouin in the background at start-up (it takes seconds) outside tests."""
    if state.app.testing:
        return
    import threading

    threading.Thread(target=statistics.warm_up, name="statistics-warm-up", daemon=True).start()


def number(value: float | None, places: int = 2) -> str:
    """A decimal in the reader's locale ("0,60" in Dutch); a dash when there is none."""
    if value is None:
        return "–"
    return format_decimal(value, format="0." + "0" * places)


def _distribution_chart(row: stats_data.AssessorRow, index: int) -> Markup:
    dist = row.stats.distribution
    labels = [str(level) for level in statistics.SCALE] + [_("n.t.b.")]
    counts = [dist.counts[level] for level in statistics.SCALE] + [dist.not_ratable]
    parts = [
        _("%(level)s: %(n)d keer", level=level, n=count)
        for level, count in zip(labels[:-1], counts[:-1], strict=True)
    ]
    parts.append(_("niet te beoordelen: %(n)d keer", n=dist.not_ratable))
    return charts.distribution_chart(
        f"dist-{index}",
        counts=counts,
        labels=labels,
        title=_("Scoreverdeling van %(name)s", name=row.user.full_name),
        description="; ".join(parts),
    )


def _agreement_chart(agreement: list[statistics.CompetencyAgreement], threshold: float) -> Markup:
    labels = [str(competency(a.competency).label) for a in agreement]
    kappas = [a.kappa.value for a in agreement]
    iccs = [a.icc_single.value for a in agreement]
    parts = [
        _(
            "%(label)s: kappa %(kappa)s, ICC %(icc)s (N = %(n)d)",
            label=label,
            kappa=number(k) if k is not None else statistics.NOT_COMPUTABLE,
            icc=number(i) if i is not None else statistics.NOT_COMPUTABLE,
            n=a.n,
        )
        for label, k, i, a in zip(labels, kappas, iccs, agreement, strict=True)
    ]
    return charts.agreement_chart(
        "agreement",
        competencies=labels,
        series=[(_("gewogen kappa"), kappas), ("ICC(1,1)", iccs)],
        title=_("Overeenstemming per competentie"),
        description=_("Norm %(norm)s. ", norm=number(threshold)) + "; ".join(parts),
        formatter=number,
        threshold=threshold,
    )


@bp.get(f"{ADMIN}/statistiek")
@roles_required(Role.ADMIN)
def overview() -> str:
    """Per assessor: number rated, score distribution, leniency; per competency: agreement."""
    settings = stats_data.get_quality_settings()
    people, agreement = stats_data.build_report(settings)
    db.session.commit()  # the settings row may just have been created
    distribution_charts = [_distribution_chart(row, i) for i, row in enumerate(people, 1)]
    agreement_svg = (
        _agreement_chart(agreement, settings.agreement_warning_below)
        if any(a.n for a in agreement)
        else None
    )
    return render_template(
        "assessors/stats/overview.html",
        people=people,
        distribution_charts=distribution_charts,
        agreement=agreement,
        agreement_chart=agreement_svg,
        settings=settings,
        number=number,
        competency=competency,
    )


@bp.get(f"{ADMIN}/statistiek/scores.csv")
@roles_required(Role.ADMIN)
def export_csv() -> Response:
    """Every submitted score, one row per assessor × candidate × scenario × competency."""
    filename = f"ksf-b-scores-{utcnow():%Y%m%d-%H%M}.csv"
    return Response(
        stream_with_context(stats_data.csv_chunks(stats_data.csv_rows())),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.route(f"{ADMIN}/kwaliteit-instellingen", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def settings() -> ResponseReturnValue:
    """Change the warning threshold, the leniency band and the calibration rule."""
    current = stats_data.get_quality_settings()
    return settings_page(current, QualitySettingsForm(obj=current), "assessors/stats/settings.html")
