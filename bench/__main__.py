"""`python -m bench` (`make bench`): every figure against a bare baseline from the same run.

Prints one figure a line as `bench NAME value=X target=<=Y` (or `>=Y`), honest values even
when a target is missed, then a summary line. Never used by the tests.
"""

from __future__ import annotations

import importlib
import os
import sys

from bench.common import isolate_instance, missed, print_figures

isolate_instance()  # before anything imports the app's configuration


def main() -> int:
    """Media, upload and finalize-on-S3 benchmarks, CPU cost per kind of request (BENCH_COST=0
    skips it), the exam-day load test (BENCH_LOAD=0 skips it), then stop recording -> saved in
    Chromium (BENCH_STOP=0 skips it)."""
    from bench import transcode

    lines = print_figures(transcode.run())
    try:
        from bench import upload
    except ImportError as error:
        print(f"bench upload skipped: {error}", flush=True)
    else:
        lines += print_figures(upload.run())
    from bench import finalize

    lines += print_figures(finalize.run())
    for switch, module in (
        ("BENCH_COST", "cost"),
        ("BENCH_LOAD", "load"),
        ("BENCH_STOP", "stop_to_saved"),
    ):
        if os.environ.get(switch, "1") != "0":
            lines += print_figures(importlib.import_module(f"bench.{module}").run())
    misses = [name for name, value, target in lines if missed(value, target)]
    if misses:
        print(f"bench summary: {len(misses)} of {len(lines)} targets missed: {', '.join(misses)}")
    else:
        print(f"bench summary: all {len(lines)} targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
