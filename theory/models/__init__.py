"""Models of the A theory test, re-exported from one place so Alembic sees them all."""

from theory.models.items import Item, ItemType, ItemVersion
from theory.models.settings import ARequirement, BlueprintEntry, TheorySettings
from theory.models.sittings import (
    Enrolment,
    Sitting,
    SittingEvent,
    SittingItem,
    SittingStatus,
    TestSession,
)

__all__ = [
    "ARequirement",
    "BlueprintEntry",
    "Enrolment",
    "Item",
    "ItemType",
    "ItemVersion",
    "Sitting",
    "SittingEvent",
    "SittingItem",
    "SittingStatus",
    "TestSession",
    "TheorySettings",
]
