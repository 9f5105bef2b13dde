"""E-mails about the candidate's journey: the KSF gate decision and the unlocked assessment."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from ksf_b.journey.models import Candidate, CandidateState
from ksf_b.mail import send_mail


def recipients(candidate: Candidate) -> list[str]:
    """Return the candidate's and their manager's addresses."""
    addresses = [candidate.user.email]
    if candidate.manager is not None:
        addresses.append(candidate.manager.email)
    return addresses


def next_step(candidate: Candidate) -> str:
    """Return the Dutch sentence that tells what comes next after the gate."""
    state = candidate.state
    if state is CandidateState.ASSESSMENT_INVITED:
        return _(
            "Volgende stap: het online assessment (onderdeel 2). Log in op %(url)s en start "
            "het assessment: je bekijkt tien situaties en neemt je reactie op video op.",
            url=current_app.config["BASE_URL"],
        )
    if state is CandidateState.THEORY_A_REQUIRED:
        return _(
            "Volgende stap: eerst de online theorietoets voor certificaat A. Je hebt dat "
            "certificaat nog niet; zodra je het hebt, opent het online assessment voor je. "
            "Heb je certificaat A al elders behaald? Stuur dan het certificaatnummer en de "
            "datum naar de KSF."
        )
    return _("Je aanvraag voor certificaat B is hiermee afgesloten.")


def greeting(candidate: Candidate) -> str:
    """Address both the candidate and the manager: they get the same message."""
    if candidate.manager is None:
        return _("Beste %(name)s,", name=candidate.user.full_name)
    return _(
        "Beste %(name)s en %(manager)s,",
        name=candidate.user.full_name,
        manager=candidate.manager.full_name,
    )


def send_part1_decision(candidate: Candidate, reason: str) -> None:
    """Tell candidate and manager KSF's decision on part 1, with the reason and next step."""
    name = candidate.user.full_name
    approved = candidate.state is not CandidateState.PART1_REJECTED
    if approved:
        subject = _("Onderdeel 1 van certificaat B goedgekeurd: %(name)s", name=name)
        verdict = _("De KSF heeft onderdeel 1 (motivatiedossier en aanbeveling) goedgekeurd.")
    else:
        subject = _("Onderdeel 1 van certificaat B niet goedgekeurd: %(name)s", name=name)
        verdict = _("De KSF heeft onderdeel 1 (motivatiedossier en aanbeveling) niet goedgekeurd.")
    body = "\n\n".join(
        [
            greeting(candidate),
            verdict,
            _("Toelichting van de KSF:") + "\n" + reason,
            next_step(candidate),
            _("Met vriendelijke groet,\nKlantenservice Federatie"),
        ]
    )
    send_mail(recipients(candidate), subject, body)


def send_assessment_unlocked(candidate: Candidate) -> None:
    """Tell candidate and manager that certificate A is registered and part 2 is open."""
    name = candidate.user.full_name
    subject = _("Certificaat A geregistreerd, online assessment open: %(name)s", name=name)
    body = "\n\n".join(
        [
            greeting(candidate),
            _(
                "De KSF heeft het certificaat A van %(name)s geregistreerd (nummer %(number)s).",
                name=name,
                number=candidate.a_certificate_number or "",
            ),
            next_step(candidate),
            _("Met vriendelijke groet,\nKlantenservice Federatie"),
        ]
    )
    send_mail(recipients(candidate), subject, body)
