"""The first published checklist definitions, taken from the seeds (version 1 of each kind).

Phone (seed 002_…): the paper checklist of the basic certificate, word for word: eindterm →
eindterm line ("Eindterm" column) → proces (one "Gecheckt" box each) → beoordelingscriteria.

Chat (seed 001_…): the seed names 7 toetstermen and their elements but not the split into the 20
criteria it scores. The split below gives each named element one criterion; where the head of a
toetsterm names a behaviour of its own beyond its elements (2.1 "correcte schrijfvaardigheid",
2.3 "begrijpt wat hij leest") that behaviour is a criterion too. That yields eindterm 1 = 2,
eindterm 2 = 3 + 3 + 3 + 4 + 4 = 17 and eindterm 3 = 1: the seed's 2 / at most 17 / 1 points.
docs/practicals.md lists the split; admins change it in a new version.
"""

from __future__ import annotations

PRIVACY = (
    "De klantcontact medewerker reageert discreet en vertrouwelijk op vragen en verzoeken die "
    "de belangen van het bedrijf en de privacy van personen (zowel van medewerkers als van "
    "klanten/relaties) kunnen bedreigen."
)
PROVIDES_ONLY = (
    "Verstrekt uitsluitend gegevens of informatie aan personen of organisaties waardoor de "
    "belangen van het bedrijf en de privacy van personen niet kunnen worden geschaad."
)
QUALITY = "Volgt de kwaliteitsprocedures die hiervoor zijn opgesteld."
ESCALATE = "Geeft bij twijfel het contact door aan zijn leidinggevende."


def _item(code: str, text: str, details: list[str] | None = None) -> dict:
    return {"code": code, "text": text, "details": details or []}


PHONE_V1: dict = {
    "kind": "phone",
    "title": "Checklist praktijktoets branchecertificaat (telefonie)",
    "eindtermen": [
        {
            "code": "1",
            "title": (
                "De klantcontact medewerker is in staat om op adequate wijze de kennis over de "
                "wet- en regelgeving en de Code Telemarketing toe te passen."
            ),
            "sections": [
                {
                    "code": "1",
                    "text": (
                        "De klantcontact medewerker is in staat een gesprek te voeren volgens de "
                        "(wettelijke) regelgeving en gaat op correcte wijze om met vertrouwelijke "
                        "informatie."
                    ),
                    "items": [
                        _item(
                            "1.1.1",
                            PRIVACY,
                            [
                                PROVIDES_ONLY,
                                QUALITY,
                                ESCALATE,
                                "Kent die zaken uit de Code Telemarketing die relevant zijn om "
                                "de taken op een verantwoorde wijze uit te voeren.",
                            ],
                        )
                    ],
                }
            ],
        },
        {
            "code": "2",
            "title": (
                "De klantcontact medewerker is in staat om op adequate wijze (met of zonder "
                "script) een eenvoudig in- en/of outboundgesprek te voeren."
            ),
            "sections": [
                {
                    "code": "1",
                    "text": "De klantcontact medewerker toont correcte spreekvaardigheid",
                    "items": [
                        _item(
                            "2.1.1",
                            "Beheerst zijn stemgebruik",
                            [
                                "Legt juiste volume in zijn stem; goed verstaanbaar",
                                "Juiste intonatie in zijn stem; taaluiting ondersteunen door "
                                "klemtoongebruik en stemhoogte",
                                "Spreekt met een goed tempo en past tempo aan, aan het "
                                "begripsniveau van de klant",
                                "Articuleert duidelijk; alle klanken van een woord worden "
                                "duidelijk en nauwkeurig uitgesproken",
                            ],
                        ),
                        _item(
                            "2.1.2",
                            "Is correct taalvaardig",
                            [
                                "Gebruikt gangbare en begrijpbare Nederlandse woorden, past dit "
                                "aan aan het niveau van de toehoorder, gebruikt geen of zo "
                                "weinig mogelijk jargon.",
                                "Standaard Nederlands",
                                "Past correcte grammaticale structuren toe.",
                                "Gebruikt beeldende taal",
                                "Hanteert positief en direct taalgebruik.",
                            ],
                        ),
                    ],
                },
                {
                    "code": "2",
                    "text": "De klantcontact medewerker toont correcte luistervaardigheid",
                    "items": [
                        _item(
                            "2.2.1",
                            "Luistert actief",
                            [
                                "Neemt alle opmerkingen van de klant mee in het gesprek",
                                "Maakt luistergeluiden",
                                "Stelt vragen ter verduidelijking en ter controle",
                                "Geeft ruimte voor reacties/antwoorden",
                                "Vat juist samen",
                                "Pas correcte klant verificatie toe (spellen en herhalen)",
                            ],
                        )
                    ],
                },
                {
                    "code": "3",
                    "text": (
                        "De klantcontact medewerker voert correcte spelling van persoonsgegevens "
                        "uit."
                    ),
                    "items": [
                        _item(
                            "2.3.1",
                            "Past het nationale spellingsalfabet correct toe",
                            ["Maakt actief gebruik van het: Nationale spellingsalfabet"],
                        )
                    ],
                },
                {
                    "code": "4",
                    "text": "De klantcontact medewerker voert een goed lopend gesprek",
                    "items": [
                        _item(
                            "2.4.1",
                            "Past gesprekstechnieken toe",
                            [
                                "aanvang/contactfase (begroeting, stelt het bedrijf voor, stelt "
                                "zichzelf voor, open dienstvraag)",
                                "outb: stelt de gelegenheidsvraag (Komt het gelegen dat ik u "
                                "bel) met een kort aanbod/voorstel",
                                "analyse/onderzoeksfase (intentie) past vraagtechnieken toe",
                                "aanbod/doefase/oplossing (het eigenlijke gesprek)",
                                "afsluiting/af rondingsfase (samenvatten van de oplossing, "
                                "dienst of order, nagaan of er nog vragen/opmerkingen/wensen "
                                "zijn, bedanken, goede dag wensen, naam klant noemen, klant als "
                                "eerste verbinding laten verbreken).",
                            ],
                        ),
                        _item(
                            "2.4.2",
                            "Past telefoonetiquette toe.",
                            [
                                "(inprincipe) niet tutoyeren",
                                "vraagt toestemming aan de klant om hem in de wacht te zetten "
                                "en bedankt hierna voor het wachten.",
                                "laat klant niet lang (maximaal 30 sec.) in de wacht staan en "
                                "meldt zich tussentijds indien het wachten langer gaat duren.",
                                "laat de klant uitpraten (alleen waar het nodig is om de regie "
                                "over het gesprek te behouden, mag de klant vriendelijk worden "
                                "onderbroken.",
                                "laat de klant als eerste de verbinding verbreken.",
                            ],
                        ),
                    ],
                },
            ],
        },
        {
            "code": "3",
            "title": (
                "De klantcontact medewerker is in staat om op adequate wijze binnen het "
                "contactcenter de juiste attitude tegen klanten/opdrachtgevers en eindgebruikers "
                "te hanteren."
            ),
            "sections": [
                {
                    "code": "1",
                    "text": (
                        "De klantcontact medewerker gaat op correcte wijze om met vertrouwelijke "
                        "informatie."
                    ),
                    "items": [
                        _item(
                            "3.1.1",
                            "Reageert discreet op vragen en verzoeken die de belangen van het "
                            "bedrijf en de privacy van personen (zowel medewerkers als "
                            "klanten/relaties) kunnen bedreigen",
                            [PROVIDES_ONLY, QUALITY, ESCALATE],
                        )
                    ],
                },
                {
                    "code": "2",
                    "text": (
                        "De klantcontact medewerker is op de hoogte van het belang van de juiste "
                        "attitude richting klanten/opdrachtgevers."
                    ),
                    "items": [
                        _item(
                            "3.2.1",
                            "Handelt op de juiste manier naar opdrachtgevers/klanten.",
                            [
                                "Verstrekt uitsluitend gegevens of informatie aan personen of "
                                "organisaties waardoor de belangen van het eigen bedrijf "
                                "(contactcenter) en de privacy van personen niet kunnen worden "
                                "geschaad.",
                                QUALITY,
                                ESCALATE,
                                "Is het visitekaartje van het contactcenter en de werkgever op "
                                "elk ogenblik. (laat zich enkel positief uit over opdrachtgever "
                                "en werkgever)",
                            ],
                        )
                    ],
                },
            ],
        },
    ],
}


def _toetsterm(code: str, text: str, criteria: list[tuple[str, str]]) -> dict:
    return {"code": code, "text": text, "items": [_item(c, t) for c, t in criteria]}


CHAT_V1: dict = {
    "kind": "chat",
    "title": "Checklist praktijktoets branchecertificaat chat",
    "eindtermen": [
        {
            "code": "1",
            "title": (
                "De kandidaat past vigerende wet en regelgeving met betrekking tot "
                "klantenservice toe."
            ),
            "sections": [
                _toetsterm(
                    "1.1",
                    "De kandidaat reageert discreet en vertrouwelijk op vragen en verzoeken die "
                    "de belangen van het bedrijf en de privacy van personen (zowel van "
                    "medewerkers als van klanten/relaties) kunnen schaden.",
                    [
                        (
                            "1.1a",
                            "Reageert discreet en vertrouwelijk op vragen en verzoeken die de "
                            "belangen van het bedrijf kunnen schaden",
                        ),
                        (
                            "1.1b",
                            "Reageert discreet en vertrouwelijk op vragen en verzoeken die de "
                            "privacy van personen (medewerkers en klanten/relaties) kunnen "
                            "schaden",
                        ),
                    ],
                )
            ],
        },
        {
            "code": "2",
            "title": "De kandidaat voert een effectief communicatieproces uit in de chat.",
            "sections": [
                _toetsterm(
                    "2.1",
                    "Toont correcte schrijfvaardigheid: taalgebruik passend bij de situatie, "
                    "duidelijk",
                    [
                        ("2.1a", "Schrijft correct: spelling en interpunctie kloppen"),
                        ("2.1b", "Taalgebruik passend bij de situatie"),
                        ("2.1c", "Schrijft duidelijk"),
                    ],
                ),
                _toetsterm(
                    "2.2",
                    "Is correct taalvaardig: begrijpelijk, actief, grammaticaal correct",
                    [
                        ("2.2a", "Begrijpelijk"),
                        ("2.2b", "Actief taalgebruik"),
                        ("2.2c", "Grammaticaal correct"),
                    ],
                ),
                _toetsterm(
                    "2.3",
                    "Geeft er blijk van dat hij begrijpt wat hij leest: reageert op signalen, "
                    "stimuleert de klant informatie te geven",
                    [
                        ("2.3a", "Begrijpt wat hij leest: gaat in op wat de klant schrijft"),
                        ("2.3b", "Reageert op signalen"),
                        ("2.3c", "Stimuleert de klant informatie te geven"),
                    ],
                ),
                _toetsterm(
                    "2.4",
                    "Past technieken toe om de chat soepel te laten verlopen: correcte aanvang, "
                    "vraagt door, is oplossingsgericht, passende afsluiting",
                    [
                        ("2.4a", "Correcte aanvang"),
                        ("2.4b", "Vraagt door"),
                        ("2.4c", "Is oplossingsgericht"),
                        ("2.4d", "Passende afsluiting"),
                    ],
                ),
                _toetsterm(
                    "2.5",
                    "Handelt klantgericht: adequaat, past zich aan de klant aan, managet "
                    "verwachtingen, erkent de emotie van de klant",
                    [
                        ("2.5a", "Handelt adequaat"),
                        ("2.5b", "Past zich aan de klant aan"),
                        ("2.5c", "Managet verwachtingen"),
                        ("2.5d", "Erkent de emotie van de klant"),
                    ],
                ),
            ],
        },
        {
            "code": "3",
            "title": "De kandidaat past de uitgangspunten van klantenservice toe.",
            "sections": [
                _toetsterm(
                    "3.1",
                    "Toont een passende attitude richting klanten/opdrachtgevers: positief, "
                    "enthousiast, zakelijk",
                    [("3.1a", "Toont een positieve, enthousiaste en zakelijke attitude")],
                )
            ],
        },
    ],
}

INITIAL_DEFINITIONS: dict[str, dict] = {"phone": PHONE_V1, "chat": CHAT_V1}
