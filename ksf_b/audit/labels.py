"""Dutch names of audit actions for the admin page; unknown actions show their code."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ksf_b.accounts.models import User
from ksf_b.extensions import db
from ksf_b.journey.models import Candidate

ACTION_LABELS = {
    "account.invited": _l("Account uitgenodigd"),
    "account.invitation_resent": _l("Uitnodiging opnieuw verstuurd"),
    "account.activated": _l("Account geactiveerd"),
    "account.password_reset_requested": _l("Link voor nieuw wachtwoord verstuurd"),
    "account.password_reset": _l("Nieuw wachtwoord ingesteld"),
    "account.deactivated": _l("Account gedeactiveerd"),
    "account.reactivated": _l("Account weer geactiveerd"),
    "account.role_changed": _l("Rol gewijzigd"),
    "journey.nominate": _l("Kandidaat aangemeld"),
    "journey.start_dossier": _l("Dossier begonnen"),
    "journey.complete_part1": _l("Onderdeel 1 ingediend"),
    "journey.approve_part1": _l("Onderdeel 1 goedgekeurd"),
    "journey.require_theory_a": _l("Onderdeel 1 goedgekeurd, eerst toets A"),
    "journey.reject_part1": _l("Onderdeel 1 afgewezen"),
    "journey.unlock_assessment": _l("Assessment vrijgegeven"),
    "journey.start_recording": _l("Assessment gestart"),
    "assessment.take_started_late": _l("Opname later gestart dan de bedenktijd toeliet"),
    "assessment.first_take_missed": _l("Eerste opname vervallen (bedenktijd voorbij)"),
    "journey.submit_part2": _l("Onderdeel 2 ingediend"),
    "journey.start_rating": _l("Beoordeling gestart"),
    "journey.require_moderation": _l("Moderatie nodig"),
    "journey.complete_rating": _l("Beoordeling afgerond"),
    "journey.propose_verdict": _l("Eindoordeel voorgesteld"),
    "journey.confirm_verdict": _l("Eindoordeel vastgesteld"),
    "journey.release_result": _l("Uitslag bekendgemaakt"),
    "journey.reopen_for_appeal": _l("Opnieuw beoordelen na bezwaar"),
    "journey.reopen_for_appeal_moderated": _l("Opnieuw beoordelen na bezwaar (moderatie)"),
    "rating.submitted": _l("Beoordeling ingediend"),
    "rating.moderated": _l("Moderatie afgerond"),
    "rating.third_requested": _l("Derde beoordelaar gevraagd"),
    "certificate.issued": _l("Certificaat uitgegeven"),
    "certificate.revoked": _l("Certificaat ingetrokken"),
    "verdict.confirmed": _l("Eindoordeel vastgesteld"),
    "verdict.overridden": _l("Eindoordeel afwijkend vastgesteld"),
    "verdict.override_rejected": _l("Afwijkend eindoordeel niet bevestigd"),
    "verdict.released": _l("Uitslag bekendgemaakt (eindoordeel)"),
    "appeal.lodged": _l("Bezwaar ingediend"),
    "appeal.rejected": _l("Bezwaar afgewezen"),
    "appeal.rerating_ordered": _l("Herbeoordeling na bezwaar"),
    "audit.exported": _l("Auditlog geëxporteerd"),
    "reports.exported": _l("Rapportage geëxporteerd"),
    "privacy.consent_given": _l("Toestemming gegeven"),
    "privacy.exported": _l("Gegevens van kandidaat gedownload"),
    "privacy.erased": _l("Gegevens van kandidaat gewist"),
    "privacy.retention_deleted": _l("Bewaartermijn verstreken, gegevens verwijderd"),
    "privacy.stale_uploads_deleted": _l("Onafgemaakte uploads verwijderd"),
    "privacy.settings_changed": _l("Privacy-instellingen gewijzigd"),
    "practical.scheduled": _l("Praktijktoets gepland"),
    "practical.cancelled": _l("Praktijktoets geannuleerd"),
    "practical.signed_off": _l("Praktijktoets afgetekend"),
    "practical.theory_registered": _l("Theorietoets geregistreerd voor de praktijk"),
}


def action_label(action: str) -> str:
    """Return the Dutch name of an action, or the action itself when none is known."""
    label = ACTION_LABELS.get(action)
    return str(label) if label is not None else action


DETAIL_LABELS = {
    "from": _l("oude status"),
    "to": _l("nieuwe status"),
    "reason": _l("reden"),
    "passed": _l("geslaagd"),
    "override": _l("afwijkend eindoordeel"),
    "certificate": _l("certificaat"),
    "verdict": _l("eindoordeel"),
    "assignment": _l("toewijzing"),
    "examiner": _l("examinator"),
    "kind": _l("soort"),
    "mode": _l("wijze"),
    "format": _l("formaat"),
    "onderwerp": _l("onderwerp"),
}

VALUE_LABELS = {
    "first": _l("eerste"),
    "second": _l("tweede"),
    "third": _l("derde"),
    "phone": _l("telefonie"),
    "chat": _l("chat"),
    "on_site": _l("meekijken naast de kandidaat"),
    "recorded": _l("achteraf, van vastgelegde chats of gesprekken"),
}


def detail_items(details: dict | None) -> list[tuple[str, str]]:
    """Return an entry's details as (Dutch name, shown value), states by their staff label."""
    from ksf_b.journey.states import state_label

    items = []
    for key, value in sorted((details or {}).items()):
        if key in ("from", "to"):
            shown = state_label(value, "staff")
        elif isinstance(value, bool):
            shown = str(_l("ja") if value else _l("nee"))
        elif value is None or value == "":
            shown = "—"
        elif key in ("kind", "mode") and value in VALUE_LABELS:
            shown = str(VALUE_LABELS[value])
        else:
            shown = str(value)
        items.append((str(DETAIL_LABELS.get(key, key)), shown))
    return items


SUBJECT_KINDS = {
    "candidate": _l("Kandidaat"),
    "user": _l("Account"),
    "observation": _l("Praktijktoets"),
    "uploadsession": _l("Upload"),
    "certificate": _l("Certificaat"),
    "reports": _l("Rapportages"),
    "audit_log": _l("Auditlog"),
    "privacy_settings": _l("Privacy-instellingen"),
}


def subject_names(subjects: Iterable[str]) -> dict[str, str]:
    """Return each `kind:<public id>` subject as a reader's name ("Kandidaat Rana Rating").

    Candidates and accounts are named after the person (two queries for a whole page); other
    kinds by their Dutch noun and key; an unknown kind shows the stored subject itself.
    """
    keys: dict[str, set[str]] = {"candidate": set(), "user": set()}
    for subject in subjects:
        kind, _sep, key = subject.partition(":")
        if kind in keys:
            keys[kind].add(key)
    people: dict[str, str] = {}
    if keys["candidate"]:
        rows = db.session.execute(
            select(Candidate.public_id, User.full_name)
            .join(Candidate.user)
            .where(Candidate.public_id.in_(keys["candidate"]))
        )
        people.update({f"candidate:{key}": name for key, name in rows})
    if keys["user"]:
        rows = db.session.execute(
            select(User.public_id, User.full_name).where(User.public_id.in_(keys["user"]))
        )
        people.update({f"user:{key}": name for key, name in rows})
    names = {}
    for subject in subjects:
        kind, sep, key = subject.partition(":")
        noun = SUBJECT_KINDS.get(kind)
        if noun is None:
            names[subject] = subject
        elif subject in people:
            names[subject] = f"{noun} {people[subject]}"
        else:
            names[subject] = f"{noun} {key}" if sep else str(noun)
    return names
