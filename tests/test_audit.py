"""scripts/audit.py's own reading of the registry's project JSON (no network: answers given)."""

from __future__ import annotations

import importlib.util

import pytest

from tests.support.servers import ROOT

spec = importlib.util.spec_from_file_location("audit", ROOT / "scripts" / "audit.py")
audit = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
spec.loader.exec_module(audit)  # type: ignore[union-attr]

VULN = {"id": "PYSEC-0000-1", "aliases": ["CVE-0000-1"], "fixed_in": ["2.0"], "withdrawn": None}


def _registry(monkeypatch, answers: dict) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(audit, "installed", lambda: {"alpha": "1.0", "beta": "1.0", "gamma": "1"})
    monkeypatch.setattr(audit, "_project", lambda name: answers[name])


def _project(latest: str, vulns: list) -> dict:
    return {"info": {"version": latest}, "vulnerabilities": vulns}


def test_a_vulnerable_latest_release_fails_unless_allowed(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    answers = {"alpha": _project("1.0", [VULN]), "beta": _project("3.0", [VULN]), "gamma": None}
    _registry(monkeypatch, answers)
    assert audit.project_json_audit(set()) == 1
    out = capsys.readouterr().out
    assert "alpha 1.0: CVE-0000-1, PYSEC-0000-1 (fixed in 2.0)" in out
    assert "beta" not in out.split("\n")[0]  # an older install is not judged by 3.0's advisories
    assert "1 of 3 distributions checked" in out and "1 not audited" in out
    assert audit.project_json_audit({"CVE-0000-1"}) == 0
    withdrawn = {**VULN, "withdrawn": "2025-01-01"}
    _registry(monkeypatch, {**answers, "alpha": _project("1.0", [withdrawn])})
    assert audit.project_json_audit(set()) == 0


def test_an_unreachable_registry_skips_with_a_clear_message(monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    _registry(monkeypatch, dict.fromkeys(["alpha", "beta", "gamma"], OSError("no route")))
    assert audit.project_json_audit(set()) == 0
    assert "skipped, the package registry is unreachable" in capsys.readouterr().out


@pytest.mark.parametrize("text", ["PYSEC-1  # does not apply: we never parse X\n\n# note\n"])
def test_the_allow_list_takes_ids_with_reasons(tmp_path, monkeypatch, text) -> None:  # type: ignore[no-untyped-def]
    allow = tmp_path / "audit-allow.txt"
    allow.write_text(text)
    monkeypatch.setattr(audit, "ALLOW", allow)
    assert audit.allowed() == {"PYSEC-1"}
