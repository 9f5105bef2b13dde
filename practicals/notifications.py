"""E-mails of the practicals: the candidate is told in advance (seed 001_…) and of the outcome."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import format_datetime
from flask_babel import gettext as _

from ksf_b.mail import send_mail
from practicals.labels import KIND_LABELS, MODE_LABELS, OUTCOME_LABELS
from practicals.timeutil import aware

if TYPE_CHECKING:
    from practicals.models import Observation


def send_scheduled(observation: Observation) -> None:
    """Tell the candidate when, where and how the practical takes place."""
    kind = str(KIND_LABELS[observation.kind])
    when = format_datetime(aware(observation.scheduled_at), "EEEE d MMMM yyyy 'om' HH:mm")
    body = "\n\n".join(
        [
            _("Beste %(name)s,", name=observation.candidate.full_name),
            _(
                "Je %(kind)s is gepland op %(when)s. Plaats: %(place)s. Wijze: %(mode)s. "
                "Examinator: %(examiner)s.",
                kind=kind.lower(),
                when=when,
                place=observation.place,
                mode=str(MODE_LABELS[observation.mode]).lower(),
                examiner=observation.examiner.full_name,
            ),
            _(
                "De examinator kijkt mee en vult de checklist in. Je hoeft niets voor te bereiden; "
                "werk zoals je altijd werkt. Na afloop zie je de uitkomst op %(url)s.",
                url=current_app.config["BASE_URL"],
            ),
            _("Met vriendelijke groet,\nKlantenservice Federatie"),
        ]
    )
    send_mail(
        observation.candidate.email, _("Je praktijktoets is gepland: %(kind)s", kind=kind), body
    )


def send_outcome(observation: Observation) -> None:
    """Tell the candidate the practical is signed off and where to read the outcome."""
    outcome = str(OUTCOME_LABELS.get(observation.outcome_status or "", ""))
    body = "\n\n".join(
        [
            _("Beste %(name)s,", name=observation.candidate.full_name),
            _(
                "De examinator heeft je %(kind)s afgetekend. Uitkomst: %(outcome)s. "
                "De uitleg lees je na inloggen op %(url)s.",
                kind=str(KIND_LABELS[observation.kind]).lower(),
                outcome=outcome.lower(),
                url=current_app.config["BASE_URL"],
            ),
            _("Met vriendelijke groet,\nKlantenservice Federatie"),
        ]
    )
    send_mail(
        observation.candidate.email, _("Uitkomst van je praktijktoets: %(o)s", o=outcome), body
    )
