"""`make audit` (also run by `make test`): known vulnerabilities in the installed dependencies.

pip-audit looks each installed distribution up in PyPI's advisory data (the JSON API). Where
that service cannot be reached (an offline machine, a registry mirror without the JSON API) it
skips the distributions; this script then says so plainly and exits 0, because an audit that
could not run is not a finding. Any reported vulnerability fails (exit 1).
Optional: `AUDIT_SERVICE=osv` to ask the OSV database instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent


def main() -> int:
    command = [
        str(BIN / "pip-audit"), "--local", "--skip-editable", "--progress-spinner", "off",
        "--format", "json", "--vulnerability-service", os.environ.get("AUDIT_SERVICE", "pypi"),
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except subprocess.TimeoutExpired:
        print("audit: skipped, the advisory database did not answer within 300 s")
        return 0
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
        print(f"audit: skipped, pip-audit could not reach its advisory database ({tail[0]})")
        return 0
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    for dep in vulnerable:
        ids = ", ".join(v["id"] for v in dep["vulns"])
        fixes = sorted({f for v in dep["vulns"] for f in v.get("fix_versions", [])})
        print(f"audit: {dep['name']} {dep['version']}: {ids} (fixed in {', '.join(fixes) or '?'})")
    if not audited:
        print(
            f"audit: skipped, none of {len(dependencies)} distributions could be looked up "
            "(the advisory database is unreachable from here; see docs/deploy.md)"
        )
        return 0
    skipped = len(dependencies) - len(audited)
    print(
        f"audit: {len(audited)} distributions checked, {skipped} skipped, "
        f"{len(vulnerable)} with known vulnerabilities"
    )
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
