"""E-mails of the verdict: the released result, and the decision on an appeal."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _

from assessors.verdict_models import Appeal, AppealStatus, Verdict
from ksf_b.journey.notifications import greeting, recipients
from ksf_b.mail import send_mail


def _login_line() -> str:
    return _(
        "Log in op %(url)s om de uitslag te bekijken.",
        url=current_app.config["BASE_URL"],
    )


def send_release(verdict: Verdict) -> None:
    """Tell candidate and manager that the result of certificate B is known."""
    candidate = verdict.candidate
    name = candidate.user.full_name
    if verdict.passed:
        subject = _("Geslaagd voor KSF Branchecertificaat B: %(name)s", name=name)
        result = _(
            "%(name)s is geslaagd voor KSF Branchecertificaat B. Het certificaat "
            "(nummer %(number)s) staat klaar om te downloaden.",
            name=name,
            number=verdict.certificate.number if verdict.certificate else "",
        )
    else:
        subject = _("Uitslag KSF Branchecertificaat B: %(name)s", name=name)
        result = _(
            "%(name)s is dit keer niet geslaagd voor KSF Branchecertificaat B. De kandidaat "
            "ziet per competentie de scores en de feedback van de beoordelaars, en kan binnen "
            "de termijn schriftelijk bezwaar maken.",
            name=name,
        )
    body = "\n\n".join(
        [greeting(candidate), result, _login_line(), _("Met vriendelijke groet,\nde KSF")]
    )
    send_mail(recipients(candidate), subject, body)


def send_appeal_decision(appeal: Appeal) -> None:
    """Tell the candidate what KSF decided on their objection."""
    candidate = appeal.candidate
    if appeal.status is AppealStatus.REJECTED:
        subject = _("Je bezwaar is afgewezen")
        text = _(
            "De KSF heeft je bezwaar tegen de uitslag afgewezen. De reden: %(reason)s",
            reason=appeal.decision_reason,
        )
    else:
        subject = _("Je bezwaar leidt tot een nieuwe beoordeling")
        text = _(
            "De KSF laat je opnames opnieuw beoordelen door een beoordelaar die je nog niet "
            "eerder beoordeelde. Daarna volgt een nieuw eindoordeel."
        )
    body = "\n\n".join(
        [
            _("Beste %(name)s,", name=candidate.user.full_name),
            text,
            _login_line(),
            _("Met vriendelijke groet,\nde KSF"),
        ]
    )
    send_mail([candidate.user.email], subject, body)
