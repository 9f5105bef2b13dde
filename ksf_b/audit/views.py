"""Admin page of the audit log: filter by action, actor, subject and period; page; CSV export."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, render_template, request, stream_with_context
from flask_login import current_user
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload
from werkzeug.wrappers import Response

from ksf_b import audit
from ksf_b.accounts.models import Role, User
from ksf_b.audit.labels import action_label, detail_items, subject_names
from ksf_b.audit.models import AuditEntry
from ksf_b.extensions import db
from ksf_b.periods import BadPeriod, Period, as_utc, parse_period
from ksf_b.security import roles_required

bp = Blueprint("audit", __name__, url_prefix="/admin/auditlog")

PER_PAGE = 50


@dataclass
class Filters:
    action: str = ""
    actor: str = ""  # public id of the user
    subject: str = ""
    period: Period = Period()  # noqa: RUF009  (frozen dataclass, safe as default)
    first: str = ""
    last: str = ""

    def query(self) -> Select:
        query = select(AuditEntry)
        if self.action:
            query = query.where(AuditEntry.action == self.action)
        if self.actor:
            query = query.join(AuditEntry.actor).where(User.public_id == self.actor)
        if self.subject:
            query = query.where(AuditEntry.subject.contains(self.subject, autoescape=True))
        if self.period.start_utc():
            query = query.where(AuditEntry.created_at >= self.period.start_utc())
        if self.period.end_utc():
            query = query.where(AuditEntry.created_at < self.period.end_utc())
        return query

    def args(self) -> dict[str, str]:
        values = {
            "actie": self.action,
            "door": self.actor,
            "onderwerp": self.subject,
            "van": self.first,
            "tot": self.last,
        }
        return {key: value for key, value in values.items() if value}


def _filters() -> tuple[Filters, str | None]:
    args = request.args
    filters = Filters(
        action=args.get("actie", "").strip()[:64],
        actor=args.get("door", "").strip()[:32],
        subject=args.get("onderwerp", "").strip()[:128],
        first=args.get("van", "").strip()[:10],
        last=args.get("tot", "").strip()[:10],
    )
    try:
        filters.period = parse_period(filters.first, filters.last)
    except BadPeriod as error:
        return filters, error.message
    return filters, None


@bp.get("/")
@roles_required(Role.ADMIN)
def index() -> tuple[str, int]:
    """The newest entries first, fifty per page, with the chosen filters."""
    filters, error = _filters()
    page = request.args.get("pagina", 1, type=int) or 1
    pagination = None
    if error is None:
        query = filters.query().options(selectinload(AuditEntry.actor))
        query = query.order_by(AuditEntry.id.desc())
        pagination = db.paginate(query, page=max(page, 1), per_page=PER_PAGE, error_out=False)
    actions = db.session.scalars(select(AuditEntry.action).distinct().order_by("action")).all()
    actors = db.session.scalars(
        select(User).where(User.id.in_(select(AuditEntry.actor_id))).order_by(User.full_name)
    ).all()
    html = render_template(
        "audit/index.html",
        filters=filters,
        error=error,
        pagination=pagination,
        actions=[(action, action_label(action)) for action in actions],
        actors=actors,
        action_label=action_label,
        detail_items=detail_items,
        subject_names=subject_names(
            [entry.subject for entry in pagination.items] if pagination else []
        ),
    )
    return html, 400 if error else 200


@bp.get("/export.csv")
@roles_required(Role.ADMIN)
def export_csv() -> Response | tuple[str, int]:
    """The filtered entries as CSV (oldest first), streamed; the export itself is audited."""
    filters, error = _filters()
    if error is not None:
        return error, 400
    audit.record("audit.exported", actor=current_user, subject="audit_log", details=filters.args())
    db.session.commit()
    query = filters.query().options(selectinload(AuditEntry.actor)).order_by(AuditEntry.id)
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    response = Response(
        stream_with_context(_csv_rows(query, zone)), mimetype="text/csv; charset=utf-8"
    )
    response.headers["Content-Disposition"] = 'attachment; filename="auditlog.csv"'
    return response


def _csv_rows(query: Select, zone: ZoneInfo) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(
        ["id", "tijdstip", "actie", "omschrijving", "door", "door_id", "onderwerp", "details"]
    )
    yield "\ufeff" + flush()  # a BOM, so spreadsheet programs read UTF-8
    for entry in db.session.scalars(query.execution_options(yield_per=500)):
        writer.writerow(
            [
                entry.id,
                as_utc(entry.created_at).astimezone(zone).isoformat(timespec="seconds"),
                entry.action,
                action_label(entry.action),
                entry.actor.full_name if entry.actor else "",
                entry.actor.public_id if entry.actor else "",
                entry.subject,
                json.dumps(entry.details or {}, ensure_ascii=False, sort_keys=True),
            ]
        )
        yield flush()
