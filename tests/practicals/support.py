"""Helpers for the practicals' tests: scheduled observations and filled-in marks (real rows)."""

from __future__ import annotations

from datetime import UTC, datetime

from ksf_b.accounts.models import Role
from ksf_b.extensions import db
from practicals import operations as ops
from practicals.models import ObservationMode, PracticalKind
from practicals.rules import GOOD


def observation(make, kind: PracticalKind = PracticalKind.CHAT, examiner=None, candidate=None):  # type: ignore[no-untyped-def]
    """Schedule an observation through the real operation (the candidate gets the e-mail)."""
    admin = make.user(Role.ADMIN)
    examiner = examiner or make.user(Role.ASSESSOR)
    candidate = candidate or make.candidate().user
    found = ops.schedule(
        admin,
        kind=kind,
        candidate=candidate,
        examiner=examiner,
        scheduled_at=datetime(2026, 12, 8, 9, 30, tzinfo=UTC),
        place="Klantbedrijf Demo BV, Utrecht",
        mode=ObservationMode.ON_SITE,
    )
    db.session.commit()
    return found


def chat_fields(observation, value: str = GOOD, positions=None) -> dict[str, str]:  # type: ignore[no-untyped-def]
    checklist = observation.definition.checklist()
    positions = positions or [e.position for e in observation.entries]
    return {f"mark-{p}-{code}": value for p in positions for code in checklist.codes}


def fill_chat(observation, value: str = GOOD, positions=None) -> None:  # type: ignore[no-untyped-def]
    ops.save_marks(
        observation, observation.examiner, chat_fields(observation, value, positions), None
    )
    db.session.commit()


def fill_phone(observation, ticked: bool = True) -> None:  # type: ignore[no-untyped-def]
    checklist = observation.definition.checklist()
    fields = {
        f"mark-{e.position}-{code}": ["y"] if ticked else []
        for e in observation.entries
        for code in checklist.codes
    }
    ops.save_marks(observation, observation.examiner, fields, None)
    db.session.commit()


def signed_off(make, kind: PracticalKind = PracticalKind.CHAT, **people):  # type: ignore[no-untyped-def]
    found = observation(make, kind, **people)
    fill_chat(found) if kind is PracticalKind.CHAT else fill_phone(found)
    ops.sign_off(found, found.examiner)
    db.session.commit()
    return found


def sign_off_form(client, observation):  # type: ignore[no-untyped-def]
    """Post the sign-off form of the checklist page as the examiner does (confirm ticked)."""
    from tests.ksf_b.journey.support import post_form

    page = f"/praktijk/{observation.public_id}"
    return post_form(client, f"{page}/aftekenen", {"confirm": "y"}, page)
