"""The candidate's page: their own practicals, planned and signed off, with the outcome."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from ksf_b.accounts.models import Role
from ksf_b.extensions import db
from ksf_b.main.views import register_candidate_home
from ksf_b.security import roles_required
from practicals import operations as ops
from practicals import programmes
from practicals.models import Observation, ObservationStatus

bp = Blueprint("practicals_candidate", __name__, url_prefix="/kandidaat/praktijk")


def _takes_part(user) -> bool:  # type: ignore[no-untyped-def]
    """Whether the candidate has a practical (planned or signed off)."""
    return (
        db.session.scalar(
            select(Observation.id).where(
                Observation.candidate_id == user.id,
                Observation.status != ObservationStatus.CANCELLED,
            )
        )
        is not None
    )


@bp.record_once
def _start_page(state) -> None:  # type: ignore[no-untyped-def]
    register_candidate_home(state.app, "practicals_candidate.index", _takes_part)


@bp.get("/")
@roles_required(Role.CANDIDATE)
def index() -> str:
    """Planned practicals and signed-off outcomes with their explanation (own ones only)."""
    observations = db.session.scalars(
        select(Observation)
        .where(
            Observation.candidate_id == current_user.id,
            Observation.status != ObservationStatus.CANCELLED,
        )
        .order_by(Observation.scheduled_at)
    ).all()
    outcomes = {
        o.id: ops.outcome_of(o) for o in observations if o.status is ObservationStatus.SIGNED_OFF
    }
    settings = ops.get_settings()
    statuses = {
        code: programmes.status_for(current_user, code, settings) for code in programmes.PROGRAMMES
    }
    db.session.commit()
    return render_template(
        "practicals/candidate.html",
        observations=observations,
        outcomes=outcomes,
        statuses=statuses,
        awards=programmes.awards_of(current_user),
    )
