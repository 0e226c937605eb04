"""Nothing confirmed is lost when the process is killed (SIGKILL) at random moments: 20 runs
here, 200 in tests/benchmarks/bench_crash.py."""

from __future__ import annotations

from pathlib import Path

from tests.support.crash_harness import prepare, run_once


def test_random_kills_lose_no_confirmed_operation(tmp_path: Path) -> None:
    path = tmp_path / "crash.framedesk"
    prepare(path)
    total = 0
    for seed in range(20):
        result = run_once(path, seed, max_wait=0.4)
        assert result.integrity == "ok", f"run {seed}"
        assert result.missing == [], f"run {seed}: confirmed but lost: {result.missing[:3]}"
        total += result.confirmed
    assert total > 100  # the child really worked between kills, not just started
