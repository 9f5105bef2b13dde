"""The eindtermen and toetstermen of the A online test (seed 000) and the work processes of the
competency profile (seed 003), as reference data that items are tagged with."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Term:
    code: str
    text: object  # a lazy Dutch string


EINDTERMEN = (
    Term("1", _l("De kandidaat heeft kennis van het communicatieproces.")),
    Term("2", _l("De kandidaat is op de hoogte van de uitgangspunten van klantenservice.")),
    Term(
        "3",
        _l(
            "De kandidaat is op de hoogte van de vigerende (wettelijke) regelgeving in de "
            "klantenservice-omgeving."
        ),
    ),
    Term(
        "4",
        _l(
            "De kandidaat heeft kennis van de contactcenterbranche en de daar veel gebruikte "
            "begrippen/vaktaal."
        ),
    ),
)

TOETSTERMEN = (
    Term(
        "1.1",
        _l(
            "De kandidaat kan bij een gesprek voorbeelden van eenvoudige gespreks- en "
            "luistertechnieken (zoals LSD – luisteren-samenvatten-doorvragen, actief luisteren, "
            "meebewegen, inventariseren, regie voeren, klant niet in herhaling laten vervallen, "
            "focus houden op het onderwerp) benoemen."
        ),
    ),
    Term(
        "1.2",
        _l(
            "De kandidaat kan gegeven voorbeelden van schrijfstijl van de klant categoriseren "
            "naar informeel en formeel."
        ),
    ),
    Term(
        "1.3",
        _l(
            "De kandidaat kan voor een gegeven situatie (klacht- of vraaggesprek) een effectieve "
            "vraagtechniek (open vragen, gesloten vragen, controle vragen, suggestieve vragen) "
            "selecteren."
        ),
    ),
    Term(
        "1.4",
        _l(
            "De kandidaat kan voor een gegeven situatie waarbij sprake is van weerstand een "
            "effectieve reactie selecteren."
        ),
    ),
    Term(
        "1.5",
        _l(
            "De kandidaat kan gegeven voorbeelden van klantreacties categoriseren naar klanttype "
            "(Dominant, Afstandelijk, Sociaal)"
        ),
    ),
    Term(
        "2.1",
        _l(
            "De kandidaat kan gegeven een reactie van een contactcentermedewerker bepalen of "
            "daarmee het doel van klantenservice recht gedaan wordt."
        ),
    ),
    Term(
        "2.2",
        _l(
            "De kandidaat kan gegeven een reactie van een contactcentermedewerker bepalen of "
            "daarmee het imago van het bedrijf versterkt of verzwakt wordt."
        ),
    ),
    Term("2.3", _l("De kandidaat kan uitleggen waarom een contactcenter prestaties meet.")),
    Term(
        "2.4",
        _l(
            "De kandidaat kan voorbeelden van uitingen categoriseren naar vriendelijkheid, "
            "communicatiedeskundigheid en oplossingsgerichtheid."
        ),
    ),
    Term(
        "3.1",
        _l(
            "De kandidaat kan een protocol in verband met de Algemene Verordening "
            "Gegevensbescherming toepassen op vragen om informatie te verstrekken."
        ),
    ),
    Term(
        "3.2",
        _l("De kandidaat kan beschrijven wat de regeling m.b.t. opt-in voor telemarketing is."),
    ),
    Term(
        "3.3",
        _l(
            "De kandidaat kan de stappen benoemen die de consument moet zetten om wel of niet "
            "gebeld te mogen worden door het bedrijf waarmee hij een klantrelatie heeft."
        ),
    ),
    Term(
        "3.4",
        _l(
            "De kandidaat kan bij een situatie die betrekking heeft op opt-in voor telemarketing "
            "de adequate reactie selecteren."
        ),
    ),
    Term(
        "3.5",
        _l(
            "De kandidaat kan, gegeven een beschreven situatie, beoordelen of de Code "
            "Telemarketing (recht van verzet, gelegenheidsvraag, doel van het contact, toegestane "
            "beltijden) gehanteerd wordt."
        ),
    ),
    Term(
        "3.6",
        _l(
            "De kandidaat kan aan de hand van een situatie bepalen welke, voor contactcenters "
            "relevante, wet of regelgeving overtreden wordt."
        ),
    ),
    Term(
        "3.7",
        _l(
            "De kandidaat kan uitleggen wat de Code Social media voor het werk van een "
            "contactcentermedewerker betekent."
        ),
    ),
    Term(
        "4.1",
        _l(
            "De kandidaat kan uitleggen waarom de KSF opgericht is en wat het doel is van het "
            "KSF-branchecertificaat."
        ),
    ),
    Term(
        "4.2",
        _l(
            "De kandidaat kan in het kader van loopbaanoriëntatie benoemen welke taken/rollen in "
            "een contactcenter aanwezig zijn, zoals contactcentermanager, teamleider, supervisor, "
            "coach, contactcentermedewerker, planner, kwaliteitsmedewerker."
        ),
    ),
    Term(
        "4.3",
        _l(
            "De kandidaat kan de volgende basisbegrippen omschrijven: facilitair/inhouse "
            "contactcenter, inbound/outbound"
        ),
    ),
    Term(
        "4.4",
        _l(
            "De kandidaat kan aan de hand van een illustratie/icoontjes bepalen welke "
            "mogelijkheden er zijn om met een bedrijf contact te leggen."
        ),
    ),
    Term(
        "4.5",
        _l("De kandidaat kan voor- en nadelen benoemen van de verschillende communicatiekanalen"),
    ),
)

# Work processes of the competency profile (seed 003), optional tags on items.
WORK_PROCESSES = (
    Term("1.1", _l("Verzamelt klant-, product- en/of marktinformatie")),
    Term("2.1", _l("Bereidt het verkooptraject voor")),
    Term("2.2", _l("Acquireert klanten en/of opdrachten")),
    Term("2.3", _l("Voert het verkooptraject uit")),
    Term("3.1", _l("Signaleert en behandelt klachten")),
    Term("3.2", _l("Handelt telefonische klantvragen en -verzoeken af")),
    Term("3.3", _l("Handelt schriftelijke/elektronische klantvragen en -verzoeken af")),
    Term("3.4", _l("Voert webcare werkzaamheden uit")),
)

EINDTERM_CODES = tuple(t.code for t in EINDTERMEN)
TOETSTERM_CODES = tuple(t.code for t in TOETSTERMEN)
WORK_PROCESS_CODES = tuple(t.code for t in WORK_PROCESSES)
_TOETSTERM_TEXT = {t.code: t.text for t in TOETSTERMEN}
_EINDTERM_TEXT = {t.code: t.text for t in EINDTERMEN}
_WORK_PROCESS_TEXT = {t.code: t.text for t in WORK_PROCESSES}


def eindterm_of(toetsterm: str) -> str:
    """Return the eindterm code of a toetsterm code ("3.5" -> "3")."""
    return toetsterm.split(".", 1)[0]


def toetsterm_text(code: str) -> str:
    return str(_TOETSTERM_TEXT.get(code, code))


def eindterm_text(code: str) -> str:
    return str(_EINDTERM_TEXT.get(code, code))


def work_process_text(code: str | None) -> str:
    return str(_WORK_PROCESS_TEXT.get(code or "", code or ""))
