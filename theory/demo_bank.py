"""The Dutch DEMO item bank: at least two items per toetsterm of seed 000.

Demo content, written for this platform to show the item types; it is not KSF's official test.
The legal facts (opt-in since 1 July 2021, calling hours of the Code Telemarketing, AVG) are
stated as the demo understands them and must be checked by KSF before real use.
"""

from __future__ import annotations

import random

from theory.itemio import ItemData, build_content


def _choice(code, toetsterm, work_process, stem, options, key, feedback="", keep_order=False):  # type: ignore[no-untyped-def]
    kind = "multiple" if "," in key else "single"
    if not keep_order:
        # the author writes the right options first; the bank stores them in a fixed, mixed
        # order so that option a is not always the key in the admin pages and the CSV
        order = list(range(len(options)))
        random.Random(code).shuffle(order)  # noqa: S311 (a fixed mix, not a secret)
        right = {ord(k) - 97 for k in key.split(",")}
        options = [options[i] for i in order]
        key = ",".join(chr(97 + n) for n, i in enumerate(order) if i in right)
    return ItemData(
        code=code,
        toetsterm=toetsterm,
        type=kind,
        stem=stem,
        content=build_content(kind, options, [], key),
        work_process=work_process,
        keep_order=keep_order,
        feedback=feedback,
        is_demo=True,
    )


def _sort(code, toetsterm, work_process, stem, categories, statements, feedback=""):  # type: ignore[no-untyped-def]
    key = ",".join(str(n) for _text, n in statements)
    return ItemData(
        code=code,
        toetsterm=toetsterm,
        type="categorise",
        stem=stem,
        content=build_content("categorise", [t for t, _n in statements], categories, key),
        work_process=work_process,
        feedback=feedback,
        is_demo=True,
    )


DEMO_ITEMS = [
    # 1.1 conversation and listening techniques
    _choice(
        "1.1-01",
        "1.1",
        "3.2",
        "Een klant vertelt uitgebreid over een vertraagde levering. Je zegt: „Als ik het goed "
        "begrijp, is het pakket twee keer niet bezorgd en wilt u vooral weten wanneer het nu "
        "komt?” Welke techniek pas je toe?",
        ["Samenvatten", "Doorvragen", "Regie voeren", "Meebewegen"],
        "a",
        "Je geeft in je eigen woorden de kern weer: samenvatten, de S van LSD.",
    ),
    _choice(
        "1.1-02",
        "1.1",
        "3.1",
        "Waar staat LSD voor bij gesprekstechnieken?",
        [
            "Luisteren, samenvatten, doorvragen",
            "Luisteren, sturen, doorverbinden",
            "Lezen, samenvatten, documenteren",
            "Luisteren, spiegelen, delen",
        ],
        "a",
    ),
    _choice(
        "1.1-03",
        "1.1",
        "3.2",
        "Een klant begint over zijn vakantie terwijl je zijn adreswijziging verwerkt. Wat doe "
        "je om focus op het onderwerp te houden?",
        [
            "Je reageert kort en vriendelijk en brengt het gesprek terug naar de adreswijziging",
            "Je laat de klant uitpraten, hoe lang het ook duurt",
            "Je onderbreekt de klant en zegt dat dit niet relevant is",
            "Je vraagt door over de vakantie om de band te versterken",
        ],
        "a",
    ),
    _choice(
        "1.1-04",
        "1.1",
        "3.2",
        "Welke twee voorbeelden horen bij actief luisteren?",
        [
            "Hardop bevestigen („ja”, „ik begrijp het”) terwijl de klant praat",
            "De vraag van de klant in eigen woorden herhalen",
            "Alvast de oplossing typen terwijl de klant nog vertelt",
            "De klant dezelfde vraag nog eens laten herhalen",
        ],
        "a,b",
    ),
    # 1.2 formal / informal writing style (categorisation)
    _sort(
        "1.2-01",
        "1.2",
        "3.3",
        "Deel de zinnen uit e-mails van klanten in naar schrijfstijl.",
        ["Formeel", "Informeel"],
        [
            ("Geachte heer, mevrouw, graag ontvang ik een bevestiging van mijn opzegging.", 1),
            ("Hoi! Mijn pakketje is nog steeds niet binnen, balen 😕", 2),
            ("Hierbij verzoek ik u de factuur van maart te crediteren.", 1),
            ("Hee, kunnen jullie me ff terugbellen?", 2),
        ],
    ),
    _sort(
        "1.2-02",
        "1.2",
        "3.4",
        "Deel de berichten van klanten in naar schrijfstijl.",
        ["Formeel", "Informeel"],
        [
            ("Met vriendelijke groet, mr. J. de Vries", 1),
            ("Thanks alvast, groetjes Sanne", 2),
            ("Ik verneem graag binnen vijf werkdagen uw reactie.", 1),
            ("Super dat het gelukt is, top geregeld!", 2),
        ],
    ),
    # 1.3 question techniques
    _choice(
        "1.3-01",
        "1.3",
        "3.1",
        "Een klant belt boos: „Het werkt gewoon niet!” Met welke vraag kom je het snelst te "
        "weten wat er aan de hand is?",
        [
            "Wat gebeurt er precies als u het apparaat aanzet?",
            "Heeft u het apparaat wel goed aangesloten?",
            "Werkt het niet?",
            "U heeft zeker de handleiding niet gelezen?",
        ],
        "a",
        "Een open vraag nodigt uit tot vertellen en levert de meeste informatie op.",
    ),
    _choice(
        "1.3-02",
        "1.3",
        "3.2",
        "Aan het eind van een gesprek wil je nagaan of je de afspraak goed hebt begrepen. "
        "Welk soort vraag stel je?",
        ["Een controlevraag", "Een open vraag", "Een suggestieve vraag", "Een retorische vraag"],
        "a",
    ),
    _choice(
        "1.3-03",
        "1.3",
        "3.2",
        "Welke vraag is een suggestieve vraag?",
        [
            "U wilt toch ook graag korting?",
            "Wat is uw klantnummer?",
            "Hoe kan ik u helpen?",
            "Klopt het dat u op 3 mei heeft besteld?",
        ],
        "a",
    ),
    # 1.4 resistance
    _choice(
        "1.4-01",
        "1.4",
        "3.1",
        "Een klant zegt: „Jullie zijn altijd hetzelfde, ik word nooit geholpen!” Welke reactie "
        "werkt het best?",
        [
            "Ik hoor dat u al vaker teleurgesteld bent. Vertelt u me wat er nu speelt, dan kijk "
            "ik wat ik voor u kan doen.",
            "Dat is niet waar, wij helpen iedereen.",
            "Daar kan ik niets aan doen, ik werk hier pas net.",
            "Als u zo tegen me praat, beëindig ik het gesprek.",
        ],
        "a",
        "Meebewegen: erken de emotie en richt je dan op de oplossing.",
    ),
    _choice(
        "1.4-02",
        "1.4",
        "2.3",
        "Een klant weigert zijn geboortedatum te geven: „Waarom moet u dat weten?” Wat zeg je?",
        [
            "Ik vraag dat om zeker te weten dat ik met de juiste persoon spreek; zo beschermen "
            "we uw gegevens.",
            "Zonder geboortedatum kan ik helemaal niets.",
            "Dat is nu eenmaal de regel.",
            "Dan sla ik die stap maar over.",
        ],
        "a",
    ),
    # 1.5 customer types (categorisation)
    _sort(
        "1.5-01",
        "1.5",
        "3.2",
        "Deel de reacties van klanten in naar klanttype.",
        ["Dominant", "Afstandelijk", "Sociaal"],
        [
            ("Ik wil nú een oplossing, en anders uw leidinggevende.", 1),
            ("Stuurt u de voorwaarden maar per e-mail, dan lees ik ze zelf.", 2),
            ("Wat fijn dat u zo meedenkt! Hoe is uw dag eigenlijk?", 3),
        ],
    ),
    _sort(
        "1.5-02",
        "1.5",
        "3.1",
        "Deel de reacties van klanten in naar klanttype.",
        ["Dominant", "Afstandelijk", "Sociaal"],
        [
            ("Ik heb geen tijd voor uitleg. Regel het gewoon.", 1),
            ("Ik heb liever geen persoonlijk gesprek, alleen de feiten graag.", 2),
            ("Mijn buurvrouw zei al dat jullie zo aardig zijn!", 3),
            ("Ik bepaal zelf wel wat ik wil, u hoeft me niets te adviseren.", 1),
        ],
    ),
    # 2.1 goal of customer service
    _choice(
        "2.1-01",
        "2.1",
        "3.2",
        "Een klant vraagt naar de status van zijn reparatie. Welke reactie doet het doel van "
        "klantenservice recht?",
        [
            "Ik zie dat het onderdeel morgen binnenkomt; ik zet een notitie dat u een sms krijgt "
            "zodra het klaar is.",
            "Daarvoor moet u bij de technische dienst zijn.",
            "Reparaties duren altijd lang, daar kan ik niets aan doen.",
            "Belt u volgende week maar terug.",
        ],
        "a",
        "De klant krijgt antwoord op zijn vraag en weet wat er daarna gebeurt.",
    ),
    _choice(
        "2.1-02",
        "2.1",
        "3.3",
        "Een medewerker antwoordt op een e-mail met een vraag over een factuur alleen: „Zie de "
        "voorwaarden op onze website.” Doet dit het doel van klantenservice recht?",
        [
            "Nee: de vraag van de klant wordt niet beantwoord",
            "Ja: de informatie staat op de website",
            "Ja: het antwoord is kort en dus efficiënt",
            "Nee: een e-mail moet altijd telefonisch worden beantwoord",
        ],
        "a",
    ),
    # 2.2 image of the company
    _choice(
        "2.2-01",
        "2.2",
        "3.4",
        "Welke reactie van een medewerker verzwakt het imago van het bedrijf?",
        [
            "„Tja, dat product geeft bij iedereen problemen, ik zou het zelf ook niet kopen.”",
            "„Vervelend dat het niet werkt. Ik stuur vandaag een nieuw exemplaar.”",
            "„Ik zoek het voor u uit en bel u vóór 16.00 uur terug.”",
            "„Dank voor uw melding, daar leren we van.”",
        ],
        "a",
    ),
    _choice(
        "2.2-02",
        "2.2",
        "3.2",
        "Een klant is zonder reden drie keer doorverbonden. De vierde medewerker zegt: „Ik "
        "blijf uw aanspreekpunt en los dit nu voor u op.” Wat doet deze reactie met het imago?",
        [
            "Ze versterkt het imago",
            "Ze verzwakt het imago",
            "Ze heeft geen invloed op het imago",
            "Ze versterkt alleen het imago van de medewerker",
        ],
        "a",
    ),
    # 2.3 why measure performance
    _choice(
        "2.3-01",
        "2.3",
        None,
        "Waarom meet een contactcenter hoeveel klanten binnen 30 seconden worden geholpen?",
        [
            "Om de bereikbaarheid te bewaken en genoeg medewerkers in te plannen",
            "Om medewerkers die langzaam zijn te kunnen ontslaan",
            "Omdat de wet dat verplicht",
            "Om gesprekken zo kort mogelijk te maken",
        ],
        "a",
    ),
    _choice(
        "2.3-02",
        "2.3",
        None,
        "Welke twee redenen zijn goede redenen om klanttevredenheid te meten?",
        [
            "Zien waar de dienstverlening beter kan",
            "Afspraken met een opdrachtgever over kwaliteit kunnen aantonen",
            "Klanten laten merken dat hun mening er niet toe doet",
            "Het aantal klachten verbergen",
        ],
        "a,b",
    ),
    # 2.4 friendliness / communication / solution (categorisation)
    _sort(
        "2.4-01",
        "2.4",
        "3.2",
        "Deel de uitingen van een medewerker in.",
        ["Vriendelijkheid", "Communicatiedeskundigheid", "Oplossingsgerichtheid"],
        [
            ("Goedemorgen, fijn dat u belt!", 1),
            ("Dus als ik u goed begrijp, gaat het om de factuur van april?", 2),
            ("Ik maak de terugbetaling vandaag nog over.", 3),
        ],
    ),
    _sort(
        "2.4-02",
        "2.4",
        "3.3",
        "Deel de zinnen uit een chat van een medewerker in.",
        ["Vriendelijkheid", "Communicatiedeskundigheid", "Oplossingsgerichtheid"],
        [
            ("Dank je wel voor je geduld!", 1),
            ("Mag ik even samenvatten wat je net schreef?", 2),
            ("Ik heb een nieuwe afspraak voor je ingepland op dinsdag.", 3),
            ("Wat vervelend voor je, ik begrijp dat je baalt.", 1),
        ],
    ),
    # 3.1 AVG protocol
    _choice(
        "3.1-01",
        "3.1",
        "3.2",
        "Een man belt en zegt: „Ik ben de partner van mevrouw Jansen. Kunt u mij haar laatste "
        "factuur voorlezen?” Mevrouw Jansen heeft geen machtiging gegeven. Wat doe je?",
        [
            "Je geeft geen gegevens en legt uit dat mevrouw Jansen zelf kan bellen of een "
            "machtiging kan geven",
            "Je leest de factuur voor, want hij is haar partner",
            "Je geeft alleen het bedrag, niet de details",
            "Je vraagt zijn geboortedatum en geeft dan de factuur",
        ],
        "a",
        "Volgens de AVG geef je gegevens alleen aan de betrokkene zelf of aan iemand met een "
        "machtiging.",
    ),
    _choice(
        "3.1-02",
        "3.1",
        "3.2",
        "Een beller wil weten welk adres bij jullie bekend is. Welke stap zet je eerst "
        "volgens het privacyprotocol?",
        [
            "Je stelt de identiteit vast met controlevragen (bijvoorbeeld klantnummer en "
            "geboortedatum)",
            "Je noemt het adres en vraagt of het klopt",
            "Je vraagt waarom de beller dat wil weten en noemt dan het adres",
            "Je verwijst altijd naar de website",
        ],
        "a",
    ),
    _choice(
        "3.1-03",
        "3.1",
        "3.3",
        "Welke twee handelingen passen bij het privacyprotocol?",
        [
            "Je vraagt alleen de gegevens die nodig zijn voor de vraag",
            "Je stuurt een kopie van een paspoort niet onbeveiligd door",
            "Je noemt het klantnummer van een andere klant als voorbeeld",
            "Je bewaart klantgegevens in je eigen e-mail voor later",
        ],
        "a,b",
    ),
    # 3.2 opt-in
    _choice(
        "3.2-01",
        "3.2",
        "2.2",
        "Wat houdt de opt-in-regeling voor telemarketing in (sinds 1 juli 2021)?",
        [
            "Een bedrijf mag een consument alleen voor marketing bellen als die daar vooraf "
            "toestemming voor heeft gegeven, of als er een klantrelatie is",
            "Iedere consument mag worden gebeld, tenzij hij in het Bel-me-niet Register staat",
            "Een bedrijf mag alleen bellen tussen 9.00 en 12.00 uur",
            "Een consument moet elk jaar opnieuw toestemming geven",
        ],
        "a",
    ),
    _choice(
        "3.2-02",
        "3.2",
        "2.2",
        "Tot wanneer mag een bedrijf een (oud-)klant bellen met een aanbod, als die klant geen "
        "bezwaar heeft gemaakt?",
        [
            "Tot drie jaar na het einde van de klantrelatie",
            "Voor altijd",
            "Tot één maand na de laatste aankoop",
            "Alleen tijdens de looptijd van het contract",
        ],
        "a",
    ),
    # 3.3 steps of the consumer
    _choice(
        "3.3-01",
        "3.3",
        "2.2",
        "Een klant van jullie energiebedrijf wil niet meer gebeld worden met aanbiedingen. "
        "Wat moet hij doen?",
        [
            "Bezwaar maken bij het bedrijf (bijvoorbeeld tijdens het gesprek of via de website)",
            "Zich inschrijven in het Bel-me-niet Register",
            "Niets: klanten mogen nooit worden gebeld",
            "Zijn contract opzeggen",
        ],
        "a",
        "Binnen een klantrelatie maakt de klant gebruik van zijn recht van verzet bij het "
        "bedrijf zelf.",
    ),
    _choice(
        "3.3-02",
        "3.3",
        "2.1",
        "Een consument zonder klantrelatie wil wél gebeld worden door een goed doel. Welke "
        "stap zet hij?",
        [
            "Hij geeft uitdrukkelijk toestemming, bijvoorbeeld door zelf een vakje aan te vinken",
            "Niets: zonder bezwaar mag het goede doel altijd bellen",
            "Hij schrijft zich uit bij het Bel-me-niet Register",
            "Hij belt de Autoriteit Consument & Markt",
        ],
        "a",
    ),
    # 3.4 opt-in situations
    _choice(
        "3.4-01",
        "3.4",
        "2.2",
        "Je belt een consument uit een gekochte lijst. Hij zegt: „Ik heb jullie nooit "
        "toestemming gegeven.” Je ziet geen toestemming in het systeem. Wat doe je?",
        [
            "Je excuseert je, beëindigt het gesprek en meldt dat dit nummer niet meer gebeld "
            "mag worden",
            "Je doet snel je aanbod, dan is het gesprek kort",
            "Je zegt dat toestemming niet nodig is",
            "Je vraagt of je volgende week terug mag bellen",
        ],
        "a",
    ),
    _choice(
        "3.4-02",
        "3.4",
        "2.2",
        "Een klant zegt tijdens een verkoopgesprek: „Bel me hier nooit meer voor.” Welke "
        "reactie is juist?",
        [
            "„Dat noteer ik meteen; u wordt niet meer gebeld voor aanbiedingen.”",
            "„Dat kan alleen schriftelijk.”",
            "„Dan haal ik u na dit aanbod uit het bestand.”",
            "„Dat moet u via het Bel-me-niet Register regelen.”",
        ],
        "a",
    ),
    # 3.5 Code Telemarketing
    _choice(
        "3.5-01",
        "3.5",
        "2.2",
        "Volgens de Code Telemarketing: wanneer mag je een consument op zaterdag bellen?",
        ["Tussen 9.00 en 21.00 uur", "Tussen 10.00 en 16.00 uur", "De hele dag", "Helemaal niet"],
        "b",
        keep_order=True,
    ),
    _choice(
        "3.5-02",
        "3.5",
        "2.2",
        "Een telemarketeer belt op zondagmiddag een consument met een aanbod. Wordt de Code "
        "Telemarketing gehanteerd?",
        [
            "Nee: op zondag en op feestdagen wordt niet gebeld",
            "Ja: zondagmiddag is toegestaan",
            "Ja, als het gesprek korter is dan vijf minuten",
            "Ja, als de consument klant is",
        ],
        "a",
    ),
    _choice(
        "3.5-03",
        "3.5",
        "2.2",
        "Welke twee dingen doet een beller volgens de Code Telemarketing aan het begin van "
        "het gesprek?",
        [
            "Zijn naam, het bedrijf en het doel van het gesprek noemen",
            "Vragen of het gesprek gelegen komt (de gelegenheidsvraag)",
            "Meteen het aanbod doen, voordat de consument ophangt",
            "Vragen naar het inkomen van de consument",
        ],
        "a,b",
    ),
    # 3.6 which law is broken
    _choice(
        "3.6-01",
        "3.6",
        "3.4",
        "Een medewerker zet de naam en het adres van een lastige klant in een openbare post op "
        "social media. Welke regelgeving wordt overtreden?",
        [
            "De Algemene Verordening Gegevensbescherming (AVG)",
            "De Code Telemarketing",
            "De Telecommunicatiewet, over bellen met toestemming",
            "Geen, want het is waar",
        ],
        "a",
    ),
    _choice(
        "3.6-02",
        "3.6",
        "2.2",
        "Een bedrijf blijft een consument bellen voor aanbiedingen nadat hij bezwaar heeft "
        "gemaakt. Welke regel wordt overtreden?",
        [
            "De regels over telemarketing (Telecommunicatiewet en Code Telemarketing: recht van "
            "verzet)",
            "De Arbeidstijdenwet",
            "De AVG, omdat hij een telefoonnummer heeft",
            "Geen: een klant mag altijd worden gebeld",
        ],
        "a",
    ),
    # 3.7 Code Social media
    _choice(
        "3.7-01",
        "3.7",
        "3.4",
        "Wat betekent een Code Social media voor jouw werk als webcaremedewerker?",
        [
            "Je reageert herkenbaar namens het bedrijf en deelt geen vertrouwelijke informatie "
            "in het openbaar",
            "Je mag op je eigen account alles over klanten delen",
            "Je reageert nooit op klachten op social media",
            "Je gebruikt altijd een nepnaam",
        ],
        "a",
    ),
    _choice(
        "3.7-02",
        "3.7",
        "3.4",
        "Een klant vraagt op Twitter/X openbaar naar zijn openstaande factuur. Wat doe je?",
        [
            "Je reageert openbaar kort en vraagt hem via een privébericht verder te gaan",
            "Je zet het factuurbedrag in een openbare reactie",
            "Je negeert de vraag",
            "Je vraagt openbaar om zijn geboortedatum",
        ],
        "a",
    ),
    # 4.1 KSF and the certificate
    _choice(
        "4.1-01",
        "4.1",
        None,
        "Waarom is de Klantenservice Federatie (KSF) opgericht?",
        [
            "Om de kwaliteit en het aanzien van klantenservice in Nederland te verbeteren",
            "Om klachten over bedrijven te beoordelen als rechter",
            "Om contactcenters te verkopen",
            "Om telemarketing te verbieden",
        ],
        "a",
    ),
    _choice(
        "4.1-02",
        "4.1",
        None,
        "Wat is het doel van het KSF-branchecertificaat voor medewerkers klantcontact?",
        [
            "Vakmanschap van medewerkers zichtbaar maken met een erkende, overal gelijke norm",
            "Medewerkers een hoger salaris garanderen",
            "Bedrijven verplichten om alleen gecertificeerden aan te nemen",
            "Klanten korting geven",
        ],
        "a",
    ),
    # 4.2 roles
    _choice(
        "4.2-01",
        "4.2",
        None,
        "Wie maakt in een contactcenter het rooster op basis van het verwachte aantal contacten?",
        ["De planner", "De kwaliteitsmedewerker", "De coach", "De contactcentermanager"],
        "a",
    ),
    _choice(
        "4.2-02",
        "4.2",
        None,
        "Welke rol luistert gesprekken terug en beoordeelt ze aan de hand van kwaliteitscriteria?",
        ["De kwaliteitsmedewerker", "De planner", "De supervisor", "De receptionist"],
        "a",
    ),
    _choice(
        "4.2-03",
        "4.2",
        None,
        "Welke twee taken horen vooral bij een teamleider?",
        [
            "Het team aansturen en functioneringsgesprekken voeren",
            "Prestaties van het team bespreken en verbeteren",
            "De telefooncentrale technisch onderhouden",
            "Facturen van leveranciers betalen",
        ],
        "a,b",
    ),
    # 4.3 basic concepts
    _choice(
        "4.3-01",
        "4.3",
        None,
        "Wat is een facilitair contactcenter?",
        [
            "Een zelfstandig bedrijf dat klantcontact verzorgt in opdracht van andere bedrijven",
            "De eigen klantenservice-afdeling van een bedrijf",
            "Een contactcenter dat alleen e-mail beantwoordt",
            "Een contactcenter van de overheid",
        ],
        "a",
    ),
    _choice(
        "4.3-02",
        "4.3",
        "2.2",
        "Een medewerker belt klanten om hen een nieuw abonnement aan te bieden. Hoe heet dit?",
        ["Outbound", "Inbound", "Inhouse", "Facilitair"],
        "a",
    ),
    _choice(
        "4.3-03",
        "4.3",
        "3.2",
        "Klanten bellen zelf naar de klantenservice van hun verzekeraar. Welke twee begrippen "
        "passen hierbij als de verzekeraar dit met eigen personeel doet?",
        ["Inbound", "Inhouse", "Outbound", "Facilitair"],
        "a,b",
    ),
    # 4.4 contact options from icons
    _choice(
        "4.4-01",
        "4.4",
        None,
        "Op een contactpagina staan deze icoontjes: 📞 telefoon, 💬 chat, ✉️ e-mail, 📍 "
        "adres. Met welke twee kun je direct (meteen, in gesprek) contact hebben?",
        ["📞 telefoon", "💬 chat", "✉️ e-mail", "📍 adres"],
        "a,b",
    ),
    _choice(
        "4.4-02",
        "4.4",
        None,
        "Een website toont de icoontjes 🐦 (X/Twitter), 📘 (Facebook) en 📱 (WhatsApp). Welk "
        "contactkanaal bieden ze alle drie?",
        [
            "Contact via social media en berichtendiensten",
            "Contact per brief",
            "Contact via een fysieke winkel",
            "Contact via de telefoonlijn van de helpdesk",
        ],
        "a",
    ),
    # 4.5 pros and cons of channels
    _choice(
        "4.5-01",
        "4.5",
        "3.3",
        "Wat is een voordeel van e-mail ten opzichte van telefoon?",
        [
            "De klant en het bedrijf hebben het antwoord zwart op wit",
            "De klant krijgt altijd binnen een minuut antwoord",
            "Je hoort de emotie van de klant beter",
            "E-mail is altijd persoonlijker",
        ],
        "a",
    ),
    _choice(
        "4.5-02",
        "4.5",
        "3.4",
        "Wat is een nadeel van klantcontact via openbare social media?",
        [
            "Andere mensen lezen mee, dus een fout antwoord kan het imago snel schaden",
            "Klanten kunnen er geen vragen stellen",
            "Het is nooit snel",
            "Je kunt er geen links delen",
        ],
        "a",
    ),
    _choice(
        "4.5-03",
        "4.5",
        "3.2",
        "Welke twee zijn voordelen van chat voor een contactcenter?",
        [
            "Een medewerker kan soms meer gesprekken tegelijk voeren",
            "De klant kan meteen een vraag stellen zonder te bellen",
            "Je hoort de stem van de klant",
            "Er is geen schrijfvaardigheid nodig",
        ],
        "a,b",
    ),
]
