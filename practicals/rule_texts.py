"""The Dutch sentences that explain an outcome (used by `practicals.rules`, kept pure).

While a checklist is incomplete there is no result yet, so nothing may read like one: the
eindterm lines say "tot nu toe" and carry no "gehaald"/"niet gehaald", and the first line says
"Voorlopig, nog niet compleet" with what is missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_babel import ngettext

if TYPE_CHECKING:
    from practicals.rules import EindtermResult, ItemResult


def incomplete_summary(missing: Sequence[str]) -> str:
    """The first line while a checklist is incomplete: provisional, no result, what is missing."""
    line = _(
        "Voorlopig, nog niet compleet: er is nog geen uitslag. Ontbreekt: %(what)s",
        what=missing[0],
    )
    if len(missing) > 1:
        line += " " + ngettext(
            "En nog %(num)d punt (zie wat nog ontbreekt).",
            "En nog %(num)d punten (zie wat nog ontbreekt).",
            len(missing) - 1,
        )
    return line


def failure_summary(eindtermen: list[EindtermResult], total_met: bool) -> str:
    critical = [e.code for e in eindtermen if e.critical and not e.met]
    if critical:
        return _(
            "Niet geslaagd: de verplichte score op eindterm %(codes)s is niet gehaald.",
            codes=" en ".join(critical),
        )
    if not total_met:
        return _("Niet geslaagd: het totaal aantal punten is te laag.")
    return _("Niet geslaagd: het minimum van een eindterm is niet gehaald.")


def eindterm_reason(kind: str, e: EindtermResult, provisional: bool = False) -> str:
    if provisional:
        return _provisional_eindterm_reason(kind, e)
    verdict = _("gehaald") if e.met else _("niet gehaald")
    if kind == "chat":
        if e.critical:
            return _(
                "Eindterm %(code)s (verplicht): %(points)d van %(max)d punten, "
                "alle %(max)d nodig: %(verdict)s.",
                code=e.code,
                points=e.points,
                max=e.maximum,
                verdict=verdict,
            )
        return _(
            "Eindterm %(code)s: %(points)d van maximaal %(max)d punten.",
            code=e.code,
            points=e.points,
            max=e.maximum,
        )
    if e.critical:
        return _(
            "Eindterm %(code)s (kritiek): %(points)d van %(max)d processen gecheckt, "
            "alle nodig: %(verdict)s.",
            code=e.code,
            points=e.points,
            max=e.maximum,
            verdict=verdict,
        )
    return _(
        "Eindterm %(code)s: %(points)d van %(max)d processen gecheckt, "
        "minimaal %(need)d nodig: %(verdict)s.",
        code=e.code,
        points=e.points,
        max=e.maximum,
        need=e.required,
        verdict=verdict,
    )


def _provisional_eindterm_reason(kind: str, e: EindtermResult) -> str:
    """The standing of an eindterm while the checklist is incomplete: no verdict."""
    values = {"code": e.code, "points": e.points, "max": e.maximum, "need": e.required}
    if kind == "chat":
        if e.critical:
            return (
                _(
                    "Eindterm %(code)s (verplicht): tot nu toe %(points)d van %(max)d punten, "
                    "alle %(max)d nodig."
                )
                % values
            )
        return _("Eindterm %(code)s: tot nu toe %(points)d van maximaal %(max)d punten.") % values
    if e.critical:
        return (
            _(
                "Eindterm %(code)s (kritiek): tot nu toe %(points)d van %(max)d processen "
                "gecheckt, alle nodig."
            )
            % values
        )
    return (
        _(
            "Eindterm %(code)s: tot nu toe %(points)d van %(max)d processen gecheckt, "
            "minimaal %(need)d nodig."
        )
        % values
    )


def item_reason(kind: str, i: ItemResult, provisional: bool = False) -> str:
    if provisional and kind == "chat":
        return _(
            "%(code)s %(text)s: tot nu toe goed in %(good)d en niet goed in %(bad)d chats; "
            "nog geen punt.",
            code=i.code,
            text=i.text,
            good=i.good,
            bad=i.not_good,
        )
    if provisional:
        return _("%(code)s %(text)s: nog niet gecheckt.", code=i.code, text=i.text)
    if kind == "chat":
        return _(
            "%(code)s %(text)s: goed in %(good)d en niet goed in %(bad)d chats; geen punt.",
            code=i.code,
            text=i.text,
            good=i.good,
            bad=i.not_good,
        )
    return _("%(code)s %(text)s: niet gecheckt.", code=i.code, text=i.text)
