"""Looking up practicals for the current user: someone else's object is a 404, never revealed."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from ksf_b.accounts.models import Role
from ksf_b.extensions import db
from practicals.models import Evidence, Observation


def observation_or_404(public_id: str) -> Observation:
    found = db.session.scalar(select(Observation).where(Observation.public_id == public_id))
    if found is None:
        abort(404)
    return found


def visible_observation(public_id: str) -> Observation:
    """The observation if the current user may read it: its examiner, its candidate, an admin."""
    observation = observation_or_404(public_id)
    if current_user.role is Role.ADMIN:
        return observation
    if current_user.id in (observation.examiner_id, observation.candidate_id):
        return observation
    abort(404)


def assigned_observation(public_id: str) -> Observation:
    """The observation if the current user is its assigned examiner, else 404."""
    observation = observation_or_404(public_id)
    if observation.examiner_id != current_user.id:
        abort(404)
    return observation


def evidence_or_404(public_id: str) -> Evidence:
    evidence = db.session.scalar(select(Evidence).where(Evidence.public_id == public_id))
    if evidence is None:
        abort(404)
    observation = evidence.entry.observation
    if current_user.role is not Role.ADMIN and observation.examiner_id != current_user.id:
        abort(404)
    return evidence
