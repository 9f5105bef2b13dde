"""The upload benchmark runs end to end (small size): a real server process, real HTTP."""

from __future__ import annotations

from bench.upload import run


def test_upload_bench_small_run() -> None:
    lines = dict((name, (value, target)) for name, value, target in run(size_mb=96))
    growth, growth_target = lines["upload_peak_rss_growth_mb"]
    ratio, _ratio_target = lines["upload_throughput_vs_disk"]
    assert growth_target == "<=64"
    assert 0 <= growth <= 64  # 96 MB sent: holding the file (e.g. at finalize) would show
    assert ratio > 0
