#!/usr/bin/env bash
# The whole suite: everything on the embedded defaults, then the data layer again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
# two pytest-xdist workers (the CI box has 2 cores); browser and fault tests stay on one worker
# (xdist_group "serial", tests/conftest.py). KSF_TEST_WORKERS=0 runs in one process.
PARALLEL=(-n "${KSF_TEST_WORKERS:-2}" --dist loadgroup)
"$BIN/ruff" check . 
"$BIN/python" scripts/audit.py
# everything, including the fault suite (tests/faults) and the bad-input campaign (tests/badinput)
"$BIN/pytest" -q -p no:cacheprovider "${PARALLEL[@]}" "$@"
echo "--- data layer and web journeys again on a real PostgreSQL server ---"
"$BIN/pytest" -q -p no:cacheprovider "${PARALLEL[@]}" --postgres -m "not browser and not slow and not s3 and not redis" tests/ksf_b tests/certificates tests/assessors tests/test_migrations.py tests/media/test_upload.py $(ls tests/media/test_jobs*.py 2>/dev/null)
