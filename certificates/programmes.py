"""The programmes a certificate can belong to, with the words shown on paper and screen."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Programme(enum.StrEnum):
    A = "A"
    B = "B"
    CHAT = "CHAT"


TITLES = {
    Programme.A: _l("KSF Branchecertificaat A"),
    Programme.B: _l("KSF Branchecertificaat B"),
    Programme.CHAT: _l("KSF Branchecertificaat Chat"),
}

# What the holder has shown to be: printed under the title on the certificate.
DESCRIPTIONS = {
    Programme.A: _l("Medewerker klantcontact"),
    Programme.B: _l(
        "Ervaren medewerker klantcontact met extra taken voor begeleiding van collega's, "
        "vraagbaak en kwaliteitsbewaking"
    ),
    Programme.CHAT: _l("Medewerker klantcontact via chat"),
}


def title(programme: Programme | str) -> str:
    """The certificate's name as people read it, e.g. "KSF Branchecertificaat B"."""
    return str(TITLES[Programme(programme)])
