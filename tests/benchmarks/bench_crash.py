"""Crash safety at scale: 200 SIGKILLs at random moments while coding through the core.

Prints how many operations were confirmed before the kills, how many of them were lost
(must be 0) and whether every file passed PRAGMA integrity_check.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tests.support.crash_harness import prepare, run_once

RUNS = 200


def main(runs: int = RUNS) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "crash.framedesk"
        prepare(path)
        started = time.perf_counter()
        confirmed = lost = bad = 0
        for seed in range(runs):
            result = run_once(path, seed, max_wait=0.5)
            confirmed += result.confirmed
            lost += len(result.missing)
            bad += result.integrity != "ok"
        elapsed = time.perf_counter() - started
    print(f"crash safety: {runs} kills, {confirmed} confirmed operations, {lost} lost, "
          f"{bad} files failing integrity_check ({elapsed:.0f} s)")
    return {"runs": runs, "confirmed": confirmed, "lost": lost, "integrity_failures": bad}


if __name__ == "__main__":
    outcome = main(int(sys.argv[1]) if len(sys.argv) > 1 else RUNS)
    sys.exit(1 if outcome["lost"] or outcome["integrity_failures"] else 0)
