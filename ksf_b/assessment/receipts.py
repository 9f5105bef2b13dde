"""The receipt e-mail after part 2 is submitted: the ten confirmed answers, one line each."""

from __future__ import annotations

from flask_babel import gettext as _

from ksf_b.assessment.models import Assessment
from ksf_b.display import when
from ksf_b.mail import send_mail


def answer_lines(assessment: Assessment) -> list[str]:
    """Return one line per confirmed answer, in exam order (position, title, take, time)."""
    lines = []
    confirmed = [r for r in assessment.responses if r.confirmed_take is not None]
    for response in sorted(confirmed, key=lambda r: r.scenario.position):
        take = response.confirmed_take
        assert take is not None
        seconds = take.asset.duration_seconds
        length = f"{int(seconds) // 60}:{int(seconds) % 60:02d}" if seconds else "—"
        lines.append(
            _(
                "%(position)d. %(title)s: opname %(take)d (%(length)s), bevestigd op %(when)s",
                position=response.scenario.position,
                title=response.scenario.title,
                take=take.number,
                length=length,
                when=when(response.confirmed_at),
            )
        )
    return lines


def send_part2_receipt(assessment: Assessment) -> None:
    """Confirm to the candidate that part 2 was submitted, listing what was submitted."""
    user = assessment.candidate.user
    body = "\n\n".join(
        [
            _("Beste %(name)s,", name=user.full_name),
            _(
                "Je online assessment (onderdeel 2 van certificaat B) is op %(when)s ingediend. "
                "Deze antwoorden zijn ontvangen en opgeslagen:",
                when=when(assessment.submitted_at),
            ),
            "\n".join(answer_lines(assessment)),
            _(
                "Twee beoordelaars van de KSF bekijken je opnames onafhankelijk van elkaar. "
                "Je krijgt een e-mail zodra de uitslag bekend is."
            ),
            _("Met vriendelijke groet,\nKlantenservice Federatie"),
        ]
    )
    send_mail(user.email, _("Ontvangstbevestiging: je online assessment is ingediend"), body)
