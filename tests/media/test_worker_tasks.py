"""The worker's task registration: media/ names no domain package; the config names the modules."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

from ksf_b.config import ROOT, Config

DOMAIN_PACKAGES = ("assessors", "theory", "practicals", "certificates")
PERIODIC = ["assessment.reminders", "assessors.rating_reminders", "privacy.retention"]

PROBE = """
import json, sys
from media.queue import huey
import media.worker
from ksf_b.config import Config

def periodic():
    return sorted(task.__name__ for task in huey._registry._periodic_tasks)

before = periodic()
imported = media.worker.register_task_modules(Config.TASK_MODULES)
print(json.dumps({"before": before, "after": periodic(), "imported": imported}))
"""


def imported_names(path: Path) -> set[str]:
    """Every module name an import statement in the file names (top level or in a function)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def run_probe(**env: str) -> subprocess.CompletedProcess:
    environment = os.environ | {"KSF_ENV": "testing"} | env
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_no_media_module_imports_a_domain_package_or_its_tasks() -> None:
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in sorted((ROOT / "media").rglob("*.py"))
        for name in imported_names(path)
        if name.split(".")[0] in DOMAIN_PACKAGES or name in Config.TASK_MODULES
    }
    assert offenders == set()


def test_the_configured_modules_register_their_periodic_tasks_in_a_fresh_worker() -> None:
    result = run_probe()
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["before"] == ["media.sweep"]  # importing the worker alone adds no domain task
    assert seen["imported"] == list(Config.TASK_MODULES)
    assert set(seen["after"]) >= {"media.sweep", "theory.close_overdue", *PERIODIC}


def test_ksf_task_modules_chooses_the_modules() -> None:
    result = run_probe(KSF_TASK_MODULES="ksf_b.privacy.tasks, ")
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["imported"] == ["ksf_b.privacy.tasks"]
    assert seen["after"] == ["media.sweep", "privacy.retention"]


def test_a_module_that_does_not_import_stops_the_worker_at_start(tmp_path: Path) -> None:
    environment = os.environ | {
        "KSF_ENV": "testing",
        "KSF_TASK_MODULES": "ksf_b.no_such_tasks",
        "QUEUE_URL": f"sqlite:///{tmp_path / 'queue.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-m", "media.worker"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ModuleNotFoundError" in result.stderr and "ksf_b.no_such_tasks" in result.stderr
