"""SIGKILL a `framedesk merge` at random moments: never a gold file that is not complete,
and the rerun works. (tests/benchmarks/bench_writer_kills.py runs the long loop.)"""

from __future__ import annotations

import random

from tests.benchmarks.bench_writer_kills import kill_merge_once
from tests.cli.test_cli_writers import files  # noqa: F401  (fixture)
from tests.support.writer_faults import temporary_names


def test_a_killed_merge_leaves_no_gold_file_or_a_complete_one(files, tmp_path) -> None:
    rng = random.Random(14)
    for i in range(3):
        outcome = kill_merge_once(files, tmp_path / f"gold{i}.framedesk", rng.uniform(0.05, 0.6))
        assert outcome in ("none", "complete")
    assert not temporary_names(tmp_path)      # each rerun cleaned the killed run's files
