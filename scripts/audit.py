"""`make audit` (also run by `make test`): known vulnerabilities in the installed dependencies.

1. pip-audit looks each installed distribution up in PyPI's advisory data (the JSON API of
   each release, /pypi/<name>/<version>/json).
2. Where that answers nothing (a registry that serves only the project JSON, /pypi/<name>/json,
   as the one reachable from the development machines does), this script reads the project
   JSON itself: its `vulnerabilities` are those of the latest release, so they are exact for a
   distribution installed at its latest version; an older installed version cannot be checked
   that way and is counted (and listed with AUDIT_VERBOSE=1) as not audited.

Any known vulnerability fails the run (exit 1) unless its id is in scripts/audit-allow.txt
with the reason it does not apply. When the registry cannot be reached at all (an offline
machine) the audit says so plainly and exits 0: an audit that could not run is not a finding.
Optional: `AUDIT_SERVICE=osv` to ask the OSV database instead of PyPI in step 1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]
ALLOW = Path(__file__).with_name("audit-allow.txt")
JSON_API = os.environ.get("AUDIT_JSON_API", "https://pypi.org/pypi")
OWN = {"ksf-b", "ksf_b"}  # this project, installed editable


def allowed() -> set[str]:
    """Vulnerability ids accepted on purpose: `ID  # why it does not apply`, one a line."""
    if not ALLOW.exists():
        return set()
    lines = (line.split("#", 1)[0].strip() for line in ALLOW.read_text().splitlines())
    return {line for line in lines if line}


def pip_audit(ignore: set[str]) -> dict | None:
    command = [
        str(BIN / "pip-audit"), "--local", "--skip-editable", "--progress-spinner", "off",
        "--format", "json", "--vulnerability-service", os.environ.get("AUDIT_SERVICE", "pypi"),
        *(arg for vuln in sorted(ignore) for arg in ("--ignore-vuln", vuln)),
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        return json.loads(done.stdout)
    except (subprocess.TimeoutExpired, json.JSONDecodeError):
        return None


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def installed() -> dict[str, str]:
    found: dict[str, str] = {}
    for dist in metadata.distributions():
        name = _canonical(dist.metadata["Name"] or "")
        if name and name not in OWN:
            found[name] = dist.version
    return found


def _project(name: str) -> dict | Exception | None:
    try:
        with urllib.request.urlopen(f"{JSON_API}/{name}/json", timeout=20) as answer:
            return json.load(answer)
    except urllib.error.HTTPError as error:
        return None if error.code == 404 else error  # 404: not on the registry (a local wheel)
    except (OSError, ValueError) as error:
        return error


def project_json_audit(ignore: set[str]) -> int:
    """Step 2: the project JSON of every installed distribution, 16 at a time."""
    dists = installed()
    with ThreadPoolExecutor(16) as pool:
        answers = dict(zip(dists, pool.map(_project, dists), strict=True))
    failed = [name for name, answer in answers.items() if isinstance(answer, Exception)]
    if len(failed) == len(dists):
        print(f"audit: skipped, the package registry is unreachable ({answers[failed[0]]!r})")
        return 0
    checked, older, unknown, findings = 0, [], [], []
    for name, answer in answers.items():
        if not isinstance(answer, dict):
            unknown.append(name)
            continue
        version = dists[name]
        if answer["info"]["version"] != version:
            older.append(f"{name} {version} (latest {answer['info']['version']})")
            continue
        checked += 1
        for vuln in answer.get("vulnerabilities") or []:
            ids = {vuln.get("id"), *(vuln.get("aliases") or [])} - {None}
            if vuln.get("withdrawn") or ids & ignore:
                continue
            fixes = ", ".join(vuln.get("fixed_in") or []) or "?"
            findings.append(f"{name} {version}: {', '.join(sorted(ids))} (fixed in {fixes})")
    for line in findings:
        print(f"audit: {line}")
    if os.environ.get("AUDIT_VERBOSE") == "1":
        for line in older:
            print(f"audit: not audited, older than the latest release: {line}")
    print(
        f"audit: {checked} of {len(dists)} distributions checked against the advisories of "
        f"their release; {len(older)} not audited (installed older than the latest release, "
        f"whose advisories are all the registry serves; AUDIT_VERBOSE=1 lists them), "
        f"{len(unknown)} not on the registry or not answering; {len(findings)} known "
        "vulnerabilities"
    )
    return 1 if findings else 0


def release_json_served() -> bool:
    """Whether the registry serves the per-release JSON pip-audit reads (probe: pip itself)."""
    try:
        url = f"{JSON_API}/pip/{metadata.version('pip')}/json"
        with urllib.request.urlopen(url, timeout=20):
            return True
    except (OSError, ValueError, metadata.PackageNotFoundError):
        return False


def main() -> int:
    ignore = allowed()
    report = pip_audit(ignore) if release_json_served() else None
    dependencies = (report or {}).get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:  # step 1 could not look anything up: step 2
        return project_json_audit(ignore)
    vulnerable = [d for d in audited if d.get("vulns")]
    for dep in vulnerable:
        ids = ", ".join(v["id"] for v in dep["vulns"])
        fixes = sorted({f for v in dep["vulns"] for f in v.get("fix_versions", [])})
        print(f"audit: {dep['name']} {dep['version']}: {ids} (fixed in {', '.join(fixes) or '?'})")
    skipped = len(dependencies) - len(audited)
    print(
        f"audit: {len(audited)} distributions checked, {skipped} skipped, "
        f"{len(vulnerable)} with known vulnerabilities"
    )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
