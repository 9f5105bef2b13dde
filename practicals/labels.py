"""Dutch labels of the practicals' codes (state codes never reach a page)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from practicals.models import ObservationMode, ObservationStatus, PracticalKind
from practicals.rules import FAILED, GOOD, INCOMPLETE, NA, NOT_GOOD, PASSED

KIND_LABELS = {
    PracticalKind.PHONE: _l("Praktijktoets telefonie (checklist)"),
    PracticalKind.CHAT: _l("Praktijktoets chat"),
}
ENTRY_LABELS = {PracticalKind.PHONE: _l("Gesprek"), PracticalKind.CHAT: _l("Chat")}
MODE_LABELS = {
    ObservationMode.ON_SITE: _l("Meekijken naast de kandidaat"),
    ObservationMode.REMOTE: _l("Op afstand"),
    ObservationMode.RECORDED: _l("Achteraf, van vastgelegde chats of gesprekken"),
}
STATUS_LABELS = {
    ObservationStatus.SCHEDULED: _l("Gepland"),
    ObservationStatus.IN_PROGRESS: _l("Bezig"),
    ObservationStatus.SIGNED_OFF: _l("Afgetekend"),
    ObservationStatus.CANCELLED: _l("Geannuleerd"),
}
OUTCOME_LABELS = {
    PASSED: _l("Geslaagd"),
    FAILED: _l("Niet geslaagd"),
    INCOMPLETE: _l("Nog niet compleet"),
}
MARK_LABELS = {GOOD: _l("Goed"), NOT_GOOD: _l("Niet goed"), NA: _l("n.v.t.")}
MARK_SHORT = {GOOD: "+", NOT_GOOD: "−", NA: "n.v.t."}
PROGRAMME_LABELS = {"A": _l("Branchecertificaat A (basis)"), "CHAT": _l("Branchecertificaat chat")}
