"""Item bank and programme settings operations: create, version, retire, import, blueprint.

Operations flush; the view commits once per request.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ksf_b.accounts.models import User
from ksf_b.db_types import utcnow
from ksf_b.extensions import db
from theory.blueprint import PoolItem
from theory.itemio import ItemData, parse_csv
from theory.models import BlueprintEntry, Item, ItemType, ItemVersion, SittingItem, TheorySettings
from theory.terms import EINDTERM_CODES, TOETSTERM_CODES

# The default blueprint: every toetsterm once (21 items) and nine more spread over the
# eindtermen by their weight in the seed: 30 items of one point, cut score 23 (see the docs).
DEFAULT_BLUEPRINT = {
    **dict.fromkeys(TOETSTERM_CODES, 1),
    "1": 3,
    "2": 2,
    "3": 3,
    "4": 1,
}

DEFAULT_AID = "\n".join(
    [
        "Checklist vereisten – hulpmiddel bij de online toets",
        "",
        "Privacy (AVG)",
        (
            "- Verstrek alleen gegevens aan de klant zelf, na controle van minstens twee "
            "gegevens (bijvoorbeeld klantnummer en geboortedatum)."
        ),
        "- Geef nooit gegevens aan derden (partner, buren, werkgever) zonder machtiging.",
        "- Vraag niet meer gegevens dan je voor de vraag nodig hebt.",
        "",
        "Telemarketing",
        (
            "- Opt-in: een bedrijf belt een consument voor marketing alleen met diens "
            "toestemming, of binnen een bestaande klantrelatie (tot drie jaar na het einde "
            "daarvan)."
        ),
        "- De klant kan altijd bezwaar maken (recht van verzet); noteer dat meteen.",
        (
            "- Toegestane beltijden (Code Telemarketing): op werkdagen tussen 9.00 en 21.00 "
            "uur, op zaterdag tussen 10.00 en 16.00 uur; niet op zondag en feestdagen."
        ),
        ("- Noem aan het begin van het gesprek je naam, het bedrijf en het doel van het gesprek."),
        "",
        "Code Social media",
        "- Reageer namens het bedrijf, herkenbaar en met je eigen naam.",
        (
            "- Deel geen vertrouwelijke informatie en geen klantgegevens in het openbaar; ga "
            "voor persoonlijke gegevens naar een besloten kanaal."
        ),
        "",
        "Gesprekstechnieken",
        "- LSD: luisteren, samenvatten, doorvragen.",
        (
            "- Open vragen (wie, wat, hoe) om informatie te krijgen; gesloten vragen om te "
            "bevestigen; controlevragen om te toetsen of je het goed begrijpt."
        ),
        "",
    ]
)


def settings() -> TheorySettings:
    """Return the one settings row, created with the documented defaults on first use."""
    return TheorySettings.load(aid_text=DEFAULT_AID)


def blueprint() -> dict[str, int]:
    """Return the blueprint (scope -> count); the default one until an admin changes it."""
    rows = list(db.session.scalars(select(BlueprintEntry)))
    if not rows:
        for scope, count in DEFAULT_BLUEPRINT.items():
            db.session.add(BlueprintEntry(scope=scope, item_count=count))
        db.session.flush()
        return dict(DEFAULT_BLUEPRINT)
    return {row.scope: row.item_count for row in rows if row.item_count > 0}


def save_blueprint(counts: dict[str, int]) -> None:
    """Replace the blueprint counts (scopes: toetsterm and eindterm codes)."""
    allowed = set(TOETSTERM_CODES) | set(EINDTERM_CODES)
    rows = {row.scope: row for row in db.session.scalars(select(BlueprintEntry))}
    for scope, count in counts.items():
        if scope not in allowed:
            raise ValueError(scope)
        row = rows.get(scope)
        if row is None:
            db.session.add(BlueprintEntry(scope=scope, item_count=count))
        else:
            row.item_count = count
    db.session.flush()


def active_items() -> list[Item]:
    """Every item that is not retired, its versions loaded with it (two queries in all)."""
    return list(
        db.session.scalars(
            select(Item)
            .where(Item.retired_at.is_(None))
            .order_by(Item.code)
            .options(selectinload(Item.versions))
        )
    )


def pool() -> list[PoolItem]:
    """The draw pool: active items' current versions as plain values.

    Read through the items, not through `version.item`: that is found in the session's
    identity map only while the item is still referenced somewhere (every start of a sitting
    used to reload the fifty items one by one).
    """
    result = []
    for item in active_items():
        version = item.current
        content = version.content
        ids = content.get("options") or content.get("statements") or []
        result.append(
            PoolItem(
                key=version.id,
                toetsterm=item.toetsterm,
                choice_ids=tuple(o["id"] for o in ids),
                keep_order=version.keep_order,
                points=float(version.points),
            )
        )
    return result


def data_of(item: Item) -> ItemData:
    """The item's current version as plain data (for the edit form and the CSV)."""
    version = item.current
    return ItemData(
        code=item.code,
        toetsterm=item.toetsterm,
        type=version.type.value,
        stem=version.stem,
        content=version.content,
        points=float(version.points),
        work_process=item.work_process,
        partial_credit=version.partial_credit,
        keep_order=version.keep_order,
        feedback=version.feedback,
        is_demo=item.is_demo,
    )


def item_by_code(code: str) -> Item | None:
    return db.session.scalar(select(Item).where(Item.code == code))


def create_item(data: ItemData, actor: User | None) -> Item:
    """Add a new item with its first version."""
    item = Item(
        code=data.code,
        toetsterm=data.toetsterm,
        work_process=data.work_process,
        is_demo=data.is_demo,
    )
    db.session.add(item)
    _add_version(item, data, actor, 1)
    db.session.flush()
    return item


def _add_version(item: Item, data: ItemData, actor: User | None, number: int) -> ItemVersion:
    version = ItemVersion(
        item=item,
        number=number,
        type=ItemType(data.type),
        stem=data.stem,
        content=data.content,
        points=data.points,
        partial_credit=data.partial_credit,
        keep_order=data.keep_order,
        feedback=data.feedback,
        created_by=actor,
    )
    db.session.add(version)
    return version


def update_item(item: Item, data: ItemData, actor: User | None) -> ItemVersion | None:
    """Edit an item: tags change in place, content only as a new version (None: unchanged)."""
    item.toetsterm = data.toetsterm
    item.work_process = data.work_process
    if data.same_content(data_of(item)):
        db.session.flush()
        return None
    version = _add_version(item, data, actor, item.current.number + 1)
    db.session.flush()
    return version


def retire_item(item: Item, reason: str) -> None:
    """Take an item out of future draws; sittings that used it keep their version."""
    if item.retired_at is None:
        item.retired_at = utcnow()
        item.retired_reason = reason
        db.session.flush()


def restore_item(item: Item) -> None:
    item.retired_at = None
    item.retired_reason = None
    db.session.flush()


def times_used(version: ItemVersion) -> int:
    from sqlalchemy import func

    return (
        db.session.scalar(
            select(func.count())
            .select_from(SittingItem)
            .where(SittingItem.item_version_id == version.id)
        )
        or 0
    )


def import_csv(text: str, actor: User | None) -> tuple[int, int, list[str]]:
    """Import a CSV: (created, new versions, errors). With any error nothing is imported."""
    parsed = parse_csv(text)
    if parsed.errors:
        return 0, 0, parsed.errors
    created = versioned = 0
    for data in parsed.items:
        item = item_by_code(data.code)
        if item is None:
            create_item(data, actor)
            created += 1
        elif update_item(item, data, actor) is not None:
            versioned += 1
    return created, versioned, []


def all_items(toetsterm: str | None = None, include_retired: bool = True) -> list[Item]:
    query = select(Item).order_by(Item.toetsterm, Item.code)
    if toetsterm:
        query = query.where(Item.toetsterm == toetsterm)
    if not include_retired:
        query = query.where(Item.retired_at.is_(None))
    items = list(db.session.scalars(query))
    items.sort(key=lambda i: (tuple(int(p) for p in i.toetsterm.split(".")), i.code))
    return items
