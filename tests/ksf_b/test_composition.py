"""The composition root wires each domain into the core's registries, once, in the set order."""

from __future__ import annotations

import pytest
from flask import Flask

from assessors.assignment import assign_on_submission, send_rating_reminders
from assessors.outcomes import PROVIDER
from assessors.policies import assessor_may_view_recording
from ksf_b import demo, outcomes
from ksf_b.app import create_app
from ksf_b.assessment import hooks
from ksf_b.privacy import sources
from media import access
from media.models.asset import AssetKind
from practicals.privacy import personal_material

SEEDING_ORDER = [
    "candidates",
    "practicals",
    "theory",
    "scenarios",
    "interrupted_take",
    "rating",
    "quality",
    "verdict",
    "records",
]
LOGIN_ORDER = [
    "candidates",
    "assessors",
    "rated candidates",
    "practicals",
    "released",
    "theory",
    "verdict",
]


def in_order(entries: dict[str, tuple[int, object]]) -> list[str]:
    return [name for name, _entry in sorted(entries.items(), key=lambda item: item[1][0])]


def test_the_domains_fill_the_core_registries(app: Flask) -> None:
    assert hooks._on_submission == {"rating": assign_on_submission}
    assert [sender.send for sender in hooks.reminder_senders()] == [send_rating_reminders]
    assert outcomes.provider() is PROVIDER
    assert sources._collectors == {"practicals": personal_material}
    assert assessor_may_view_recording in access._policies[AssetKind.RECORDING]


def test_demo_seeders_and_logins_run_in_the_documented_order(app: Flask) -> None:
    assert in_order({**demo._core_seeders(), **demo._seeders}) == SEEDING_ORDER
    assert in_order({**demo._core_logins(), **demo._logins}) == LOGIN_ORDER


def test_a_second_app_start_replaces_and_does_not_double(app: Flask) -> None:
    create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    assert len(hooks._on_submission) == 1
    assert len(hooks.reminder_senders()) == 1
    assert len(demo._seeders) == len(SEEDING_ORDER) - len(demo._core_seeders())
    assert access._policies[AssetKind.RECORDING].count(assessor_may_view_recording) == 1


def test_submission_hooks_run_in_registration_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks, "_on_submission", {})
    seen: list[tuple[str, object]] = []
    hooks.on_submission("first", lambda candidate: seen.append(("first", candidate)))
    hooks.on_submission("second", lambda candidate: seen.append(("second", candidate)))
    hooks.on_submission("first", lambda candidate: seen.append(("first again", candidate)))
    hooks.submitted("kandidaat")
    assert seen == [("first again", "kandidaat"), ("second", "kandidaat")]


def test_without_a_registered_provider_nobody_has_a_result(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(outcomes, "_provider", {})
    results = outcomes.provider()
    assert results is outcomes.NO_OUTCOMES
    assert results.final_passed([1, 2]) == {}
    assert results.released_verdicts(None) == []
    assert results.part2_outcome(None) is None
