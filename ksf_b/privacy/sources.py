"""Personal material that domain packages keep of a candidate: for export, retention, erasure.

The core cannot name the domain packages (dependencies point one way), so a domain registers a
collector at start-up, in the composition root (`ksf_b/blueprints.py`). A collector returns a
`DomainMaterial` for one candidate; the privacy code adds it to what it exports and deletes.

Worked example (practicals): an observed call with a transcript file and an audio recording
gives `assets=[the audio asset]`, `keys=[the transcript's storage key]`, `rows=[the evidence
rows]` (deleted before the asset they point at), `files` for the export zip, and `erase`
anonymising the checklist header (name, date of birth) when the candidate asks for erasure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ksf_b.journey.models import Candidate
    from media.models.asset import MediaAsset


@dataclass
class DomainMaterial:
    """What one domain keeps of one candidate."""

    assets: list[MediaAsset] = field(default_factory=list)  # deleted with files and uploads
    keys: list[str] = field(default_factory=list)  # further storage objects of their own
    bytes: int = 0  # the size of those further objects
    rows: list[Any] = field(default_factory=list)  # rows deleted before the assets
    documents: list[tuple[str, bytes]] = field(default_factory=list)  # export: name, content
    files: list[tuple[str, str]] = field(default_factory=list)  # export: name, storage key
    erase: Callable[[], None] | None = None  # erasure only: anonymise what stays


Collector = Callable[["Candidate"], DomainMaterial]
_collectors: dict[str, Collector] = {}


def register(name: str, collector: Collector) -> None:
    """Add (or replace) the collector of domain `name`; idempotent for repeated app starts."""
    _collectors[name] = collector


def collect(candidate: Candidate) -> list[DomainMaterial]:
    """Every registered domain's material of `candidate`, in registration order."""
    return [collector(candidate) for collector in _collectors.values()]
