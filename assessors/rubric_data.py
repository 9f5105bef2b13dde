"""The first rubric: a Dutch definition and five behavioural anchors per competency.

Written for certificate B: an experienced agent who coaches colleagues, is the go-to person of
the team and guards quality. Each level describes what an assessor can SEE or HEAR in a
recorded response, not a grade. Version 1 of the rubric in the database is seeded from this
module; later versions are edited by admins as data. The texts are marked for translation, so
the English catalogue carries them; the database keeps the Dutch text as written.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class RubricText:
    """The definition of one competency and its anchors for levels 1 to 5."""

    code: str
    definition: object
    anchors: tuple[object, object, object, object, object]


RUBRIC: tuple[RubricText, ...] = (
    RubricText(
        "analysis",
        _l(
            "Verzamelt de relevante feiten over klant, collega en afspraken, ziet wat er werkelijk "
            "speelt en komt tot een onderbouwd oordeel dat recht doet aan klant en organisatie."
        ),
        (
            _l(
                "Reageert op de eerste indruk of één detail; vraagt niets na en trekt een "
                "conclusie die niet klopt met de situatie."
            ),
            _l(
                "Noemt enkele feiten, maar mist de kern (bijvoorbeeld de herhaalde fout of het "
                "belang van de klant); het oordeel blijft algemeen of onderbouwd met aannames."
            ),
            _l(
                "Benoemt de belangrijkste feiten en het probleem, stelt een of twee gerichte "
                "vragen en komt tot een oordeel met een logische reden."
            ),
            _l(
                "Onderscheidt hoofd- en bijzaken, legt verbanden (oorzaak, patroon, risico voor "
                "de klant), weegt twee opties en kiest hardop met argumenten."
            ),
            _l(
                "Ontrafelt ook wat niet gezegd wordt, weegt de belangen van klant, collega en "
                "organisatie expliciet tegen elkaar af en komt tot een oordeel dat ook voor "
                "vergelijkbare gevallen bruikbaar is."
            ),
        ),
    ),
    RubricText(
        "sensitivity",
        _l(
            "Merkt gevoelens, spanning en behoeften van de ander op, laat merken dat die begrepen "
            "worden en stemt de eigen reactie daarop af."
        ),
        (
            _l(
                "Gaat voorbij aan hoe de ander zich voelt; praat door, bagatelliseert of reageert "
                "geïrriteerd."
            ),
            _l(
                'Benoemt een gevoel met een standaardzin ("vervelend voor je") maar gaat daarna '
                "meteen over op de eigen boodschap."
            ),
            _l(
                "Vraagt hoe het met de ander gaat, vat het gevoel in eigen woorden samen en geeft "
                "ruimte om te reageren voordat hij of zij verdergaat."
            ),
            _l(
                "Pikt ook non-verbale of indirecte signalen op, benoemt die voorzichtig en past "
                "tempo, toon en woordkeus zichtbaar aan de ander aan."
            ),
            _l(
                "Maakt echt contact, ook bij spanning: erkent het gevoel, verbindt het met wat de "
                "ander nodig heeft en biedt passende steun of een vervolg, zonder het gesprek over "
                "te nemen."
            ),
        ),
    ),
    RubricText(
        "flexibility",
        _l(
            "Past de eigen aanpak, stijl of planning aan wanneer de situatie, de persoon of "
            "nieuwe informatie daarom vraagt, en blijft daarbij het doel vasthouden."
        ),
        (
            _l(
                "Houdt vast aan de eigen aanpak of het script, ook als duidelijk is dat die niet "
                "werkt; reageert star op tegenwerping."
            ),
            _l(
                "Ziet dat de aanpak niet werkt, maar verandert weinig of pas na aandringen; "
                "het alternatief past slecht bij de situatie."
            ),
            _l(
                "Stapt over op een andere aanpak wanneer de situatie verandert, en legt kort uit "
                "waarom."
            ),
            _l(
                "Schakelt soepel tussen benaderingen (luisteren, sturen, uitleggen) afhankelijk "
                "van de reactie van de ander, en houdt het doel van het gesprek vast."
            ),
            _l(
                "Speelt vooruitlopend in op wat de ander nodig heeft, bedenkt een creatieve maar "
                "haalbare oplossing binnen de regels en houdt ook onder tijdsdruk overzicht."
            ),
        ),
    ),
    RubricText(
        "persuasiveness",
        _l(
            "Brengt een standpunt of voorstel helder over en krijgt de ander mee met argumenten "
            "die aansluiten bij diens belang, zonder de relatie te schaden."
        ),
        (
            _l(
                "Heeft geen duidelijk standpunt of geeft direct toe bij de eerste tegenwerping; "
                "of drukt het eigen standpunt door zonder argumenten."
            ),
            _l(
                "Noemt een standpunt, maar met vage of alleen eigen argumenten; gaat niet in op "
                "bezwaren van de ander."
            ),
            _l(
                "Formuleert het standpunt duidelijk, geeft minstens één concreet argument en "
                "reageert op een bezwaar."
            ),
            _l(
                "Sluit de argumenten aan op het belang van de ander (klant, collega, manager), "
                "gebruikt voorbeelden of cijfers en toetst of de ander meegaat."
            ),
            _l(
                "Bouwt overtuigend op: erkent het tegenargument, weerlegt het met feiten, doet "
                "een voorstel waar beide partijen iets aan hebben en sluit af met een concrete "
                "afspraak."
            ),
        ),
    ),
    RubricText(
        "task_leadership",
        _l(
            "Geeft richting aan het werk van collega's: verdeelt taken, maakt duidelijke "
            "afspraken over wie wat wanneer doet en bewaakt de uitvoering en de kwaliteit."
        ),
        (
            _l(
                "Neemt geen regie; laat collega's zelf uitzoeken wat er moet gebeuren of doet "
                "alles zelf."
            ),
            _l(
                'Geeft een algemene aanwijzing ("let er even op") zonder concrete taak, termijn '
                "of controle."
            ),
            _l(
                "Geeft een duidelijke opdracht of werkwijze en spreekt af wanneer hij of zij "
                "terugkomt om te kijken hoe het gaat."
            ),
            _l(
                "Stelt prioriteiten, verdeelt taken naar wat collega's aankunnen, maakt "
                "afspraken controleerbaar en benoemt de kwaliteitsnorm."
            ),
            _l(
                "Organiseert het werk zo dat het team zelf verder kan (instructie, "
                "aanspreekpunt, terugkoppeling), spreekt iemand direct aan op afwijkingen en legt "
                "vast wat er naar de teamleider moet."
            ),
        ),
    ),
    RubricText(
        "reflection",
        _l(
            "Kijkt kritisch naar het eigen handelen en de eigen rol, erkent eigen aandeel en "
            "fouten en vertaalt dat naar een concrete verbetering."
        ),
        (
            _l("Legt de oorzaak alleen bij anderen of de omstandigheden; ziet geen eigen aandeel."),
            _l(
                'Erkent dat er iets misging, maar blijft algemeen ("dat had beter gekund") '
                "zonder te zeggen wat of hoe."
            ),
            _l(
                "Benoemt concreet het eigen aandeel en wat hij of zij een volgende keer anders "
                "doet."
            ),
            _l(
                "Analyseert het eigen gedrag (wat deed ik, wat was het effect), vraagt om feedback "
                "en koppelt er een concrete, haalbare verbetering aan."
            ),
            _l(
                "Gebruikt de eigen fout als leermoment voor het team: deelt het open, past de "
                "eigen werkwijze aan én stelt voor hoe anderen ervan kunnen leren."
            ),
        ),
    ),
    RubricText(
        "organisational_sensitivity",
        _l(
            "Begrijpt hoe beslissingen, belangen en verhoudingen in de organisatie werken, ziet "
            "het effect van eigen handelen daarop en kiest de juiste weg en het juiste moment."
        ),
        (
            _l(
                "Handelt alsof de eigen situatie losstaat van de organisatie; negeert afspraken, "
                "rollen of de positie van de leidinggevende."
            ),
            _l(
                "Kent de regels, maar ziet niet wie er belang bij heeft of welk effect een keuze "
                "heeft op team, klant of manager."
            ),
            _l(
                "Houdt rekening met afspraken en rollen, schakelt de juiste persoon in en noemt "
                "het effect op het team of de klant."
            ),
            _l(
                "Benoemt de verschillende belangen (KPI's, kwaliteit, klant, collega's), kiest de "
                "juiste weg (wie, wanneer, hoe) en houdt de eigen rol zuiver."
            ),
            _l(
                "Overziet de gevolgen op langere termijn en voor andere afdelingen, zoekt steun "
                "bij de juiste mensen en brengt een gevoelig punt zo in dat het bespreekbaar "
                "wordt zonder iemand te beschadigen."
            ),
        ),
    ),
    RubricText(
        "oral_language",
        _l(
            "Spreekt helder, correct en in een tempo, toon en woordkeus die passen bij de "
            "situatie en de gesprekspartner, met een duidelijke opbouw."
        ),
        (
            _l(
                "Moeilijk te volgen: onverstaanbaar, veel fouten, geen opbouw of een toon die "
                "niet past bij de situatie."
            ),
            _l(
                "Verstaanbaar, maar rommelig of met veel stopwoorden en herhalingen; woordkeus of "
                "toon past soms niet bij de ander."
            ),
            _l(
                "Spreekt verstaanbaar en grotendeels correct, met een herkenbare opbouw (begin, "
                "kern, afspraak) en een passende toon."
            ),
            _l(
                "Formuleert helder en beknopt, zonder jargon tegenover wie het niet kent, varieert "
                "tempo en nadruk en vat tussendoor samen."
            ),
            _l(
                "Spreekt vlot, precies en overtuigend; stemt taalniveau, toon en tempo moeiteloos "
                "af op de ander en maakt ook een complexe boodschap in een paar zinnen duidelijk."
            ),
        ),
    ),
)

_BY_CODE = {entry.code: entry for entry in RUBRIC}


def text_for(code: str) -> RubricText:
    """Return the seed texts of competency `code`."""
    return _BY_CODE[code]
