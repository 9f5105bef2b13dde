"""Realistic Dutch demo content for candidates' dossiers (used by the demo seed and tests)."""

from __future__ import annotations

from ksf_b.db_types import utcnow
from ksf_b.dossier import operations
from ksf_b.dossier.models import Dossier
from ksf_b.journey.models import Candidate

DEMO_FIELDS: dict[str, object] = {
    "role_description": (
        "Ik werk als senior medewerker klantenservice in ons contactcenter voor energieklanten. "
        "Naast mijn eigen gesprekken aan telefoon en chat ben ik vraagbaak voor mijn team, "
        "begeleid ik nieuwe collega's in hun eerste weken en luister ik wekelijks gesprekken "
        "terug voor de kwaliteitsmonitor."
    ),
    "years_in_contact_centres": 7,
    "motivation": (
        "Ik doe dit werk al zeven jaar met veel plezier en merk dat collega's steeds vaker bij "
        "mij komen met vragen en lastige situaties. Ik wil laten zien dat ik die rol niet "
        "alleen op gevoel invul, maar dat ik het vak echt beheers. Het certificaat geeft mij "
        "en mijn leidinggevende een gedeelde taal over wat goed begeleiden is, en het helpt "
        "mij om bewuster feedback te geven en mijn eigen ontwikkelpunten scherp te krijgen."
    ),
    "future_goal": (
        "Over twee jaar wil ik als coach on the floor een vaste rol hebben in het inwerken "
        "van nieuwe collega's en in het verbeteren van onze gesprekskwaliteit."
    ),
    "manager_situation": (
        "Mijn teamleider wilde een nieuw belscript invoeren waarin we bij elke klacht meteen "
        "een tegoed aanbieden. Ik zag in de gesprekken dat klanten daar juist wantrouwig op "
        "reageerden."
    ),
    "manager_tasks": (
        "Als vraagbaak moest ik het team helpen met het nieuwe script, en tegelijk wilde ik "
        "mijn zorgen op een goede manier bij mijn teamleider neerleggen."
    ),
    "manager_activities": (
        "Ik heb tien gesprekken teruggeluisterd, de reacties van klanten op een rij gezet en "
        "een kort gesprek met mijn teamleider gepland. Ik zei: 'Ik snap waarom we dit doen, "
        "maar kijk eens naar deze drie fragmenten.' Daarna stelde ik voor het tegoed pas aan "
        "te bieden nadat de klant zijn verhaal had kunnen doen."
    ),
    "manager_result": (
        "Mijn teamleider paste het script aan en we testten het twee weken. Het aantal "
        "herhaalde klachten daalde en ik leerde dat voorbereiden met feiten een gesprek "
        "met een leidinggevende veel makkelijker maakt."
    ),
    "manager_competencies": ["analysis", "persuasiveness", "organisational_sensitivity"],
    "colleague_situation": (
        "Een nieuwe collega kreeg kort na elkaar twee agressieve bellers en zat daarna "
        "zichtbaar aangeslagen aan haar bureau. Ze wilde niet meer opnemen."
    ),
    "colleague_tasks": (
        "Ik was die dag aanspreekpunt op de vloer en moest zorgen dat zij zich gesteund "
        "voelde en dat de wachtrij niet te ver opliep."
    ),
    "colleague_activities": (
        "Ik heb haar uit de wachtrij gehaald, ben met haar naar een rustige ruimte gelopen en "
        "heb vooral geluisterd. Daarna hebben we samen het gesprek teruggeluisterd en "
        "besproken wat ze goed deed. Ik heb haar de rest van de ochtend laten meeluisteren "
        "bij mijn gesprekken."
    ),
    "colleague_result": (
        "Na de lunch pakte ze zelf weer gesprekken op. Een week later vertelde ze dat ze "
        "zich gesteund voelde, en we hebben de aanpak opgenomen in het inwerkprogramma."
    ),
    "colleague_competencies": ["sensitivity", "flexibility", "task_leadership", "reflection"],
    **{
        f"rating_{code}": score
        for code, score in (
            ("analysis", 4),
            ("sensitivity", 5),
            ("flexibility", 4),
            ("persuasiveness", 3),
            ("task_leadership", 3),
            ("reflection", 4),
            ("organisational_sensitivity", 3),
            ("oral_language", 4),
        )
    },
}

HALF_FIELDS = ("role_description", "years_in_contact_centres", "motivation", "manager_situation")


def fill_demo_dossier(candidate: Candidate, complete: bool, submitted: bool = False) -> Dossier:
    """Write demo content into the candidate's dossier: all fields, or the first few as a draft.

    Works in any journey state (demo candidates are created in many states) and moves no
    state itself. `submitted=True` (with `complete`) also marks it submitted; the caller
    makes the matching journey transitions. Flushes, the caller commits.
    """
    names = DEMO_FIELDS if complete else HALF_FIELDS
    fields = {name: DEMO_FIELDS[name] for name in names}
    dossier = operations.seed_values(candidate, fields)
    if complete and submitted:
        dossier.submitted_at = utcnow()
    return dossier
