"""Gather finished sittings as plain marks and hand them to the pure `statistics` module."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from ksf_b.extensions import db
from theory import statistics
from theory.models import ItemVersion, Sitting, SittingStatus

SCORED = (SittingStatus.SUBMITTED, SittingStatus.CLOSED)


@dataclass
class ItemRow:
    version: ItemVersion
    stats: statistics.ItemStats
    options: list[tuple[str, str, int, bool]] = field(default_factory=list)  # id, text, n, right


@dataclass
class Report:
    test: statistics.TestStats
    items: list[ItemRow]
    sittings: int
    passed: int


def finished_sittings(first_only: bool = True) -> list[Sitting]:
    sittings = list(
        db.session.scalars(
            select(Sitting).where(Sitting.status.in_(SCORED)).order_by(Sitting.started_at)
        )
    )
    if first_only:
        sittings = [s for s in sittings if s.attempt == 1]
    return sittings


def _key(version: ItemVersion) -> str:
    return str(version.id)


def build(first_only: bool = True) -> Report:
    """The statistics report over finished sittings."""
    sittings = finished_sittings(first_only)
    attempts = []
    versions: dict[str, ItemVersion] = {}
    answers: dict[str, list[object]] = {}
    for sitting in sittings:
        marks = []
        for item in sitting.items:
            key = _key(item.version)
            versions[key] = item.version
            answers.setdefault(key, []).append(item.answer)
            marks.append(
                statistics.ItemMark(key, float(item.mark or 0), float(item.version.points))
            )
        attempts.append(marks)
    lengths = Counter(len(a) for a in attempts)
    modal = lengths.most_common(1)[0][0] if lengths else 0
    matrix = [[m.mark for m in a] for a in attempts if len(a) == modal]
    rows = []
    for stats in statistics.item_statistics(attempts):
        version = versions[stats.item]
        rows.append(ItemRow(version, stats, _options(version, answers[stats.item])))
    rows.sort(
        key=lambda r: (
            tuple(int(p) for p in r.version.item.toetsterm.split(".")),
            r.version.item.code,
            r.version.number,
        )
    )
    return Report(
        test=statistics.test_statistics(matrix),
        items=rows,
        sittings=len(sittings),
        passed=sum(1 for s in sittings if s.passed),
    )


def _options(version: ItemVersion, answers: list[object]) -> list[tuple[str, str, int, bool]]:
    content = version.content
    if version.type.value == "categorise":
        right = Counter()
        for answer in answers:
            if isinstance(answer, dict):
                for statement in content["statements"]:
                    if answer.get(statement["id"]) == statement["category"]:
                        right[statement["id"]] += 1
        return [(s["id"], s["text"], right[s["id"]], True) for s in content["statements"]]
    ids = [o["id"] for o in content["options"]]
    counts = statistics.option_counts(answers, ids)
    rows = [
        (o["id"], o["text"], counts[o["id"]], bool(o.get("correct"))) for o in content["options"]
    ]
    rows.append(("—", "", counts["—"], False))
    return rows


def responses_csv() -> str:
    """One row per answered position of every finished or voided sitting (pseudonymous)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "zitting",
            "deelnemer",
            "poging",
            "status",
            "positie",
            "vraag",
            "versie",
            "toetsterm",
            "antwoord",
            "punten",
            "maximum",
            "totaal",
            "geslaagd",
        ]
    )
    sittings = db.session.scalars(
        select(Sitting)
        .where(Sitting.status.in_((*SCORED, SittingStatus.VOIDED)))
        .order_by(Sitting.started_at)
    )
    for sitting in sittings:
        for item in sitting.items:
            writer.writerow(
                [
                    sitting.public_id[:12],
                    sitting.enrolment.public_id[:12],
                    sitting.attempt,
                    sitting.status.value,
                    item.position,
                    item.version.item.code,
                    item.version.number,
                    item.version.item.toetsterm,
                    json.dumps(item.answer, ensure_ascii=False) if item.answer is not None else "",
                    f"{float(item.mark or 0):g}",
                    f"{float(item.version.points):g}",
                    f"{float(sitting.score or 0):g}",
                    {True: "ja", False: "nee"}.get(sitting.passed, ""),
                ]
            )
    return out.getvalue()
