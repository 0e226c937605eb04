"""Fault loop: SIGKILL `framedesk merge` at random moments, then check what a user finds.

Run: PYTHONPATH=desktop python -m tests.benchmarks.bench_writer_kills [N]
After each kill the gold file is either absent or complete (opens, integrity ok, every
article); the rerun then succeeds and leaves no temporary file. Prints the counts.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _merge(files: list[Path], gold: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "desktop"), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, "-m", "framedesk", "merge", *map(str, files),
                             "--out", str(gold)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def kill_merge_once(files: list[Path], gold: Path, after_s: float) -> str:
    """'none' (no gold file after the kill) or 'complete'; raises AssertionError on a bad
    gold file or a failing rerun."""
    child = _merge(files, gold)
    time.sleep(after_s)
    child.send_signal(signal.SIGKILL)
    child.wait()
    outcome = "none"
    if gold.exists():
        conn = sqlite3.connect(f"file:{gold}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] > 0
        finally:
            conn.close()
        outcome = "complete"
        gold.unlink()
    rerun = _merge(files, gold)
    assert rerun.wait(timeout=300) == 0, "the rerun failed"
    assert gold.exists()
    return outcome


def main(n: int = 20) -> None:
    from tests.core.test_review import make_coder_file

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        a, b = folder / "ana.framedesk", folder / "ben.framedesk"
        texts = [f"Story {i}\n\nKyiv said the talks in Geneva failed on day {i}."
                 for i in range(300)]
        make_coder_file(a, "Ana", ["security"] * 300, ["neutral"] * 300, texts=texts)
        make_coder_file(b, "Ben", ["economic"] * 300, ["neutral"] * 300, texts=texts)
        rng = random.Random(14)
        counts = {"none": 0, "complete": 0}
        for i in range(n):
            counts[kill_merge_once([a, b], folder / f"gold{i}.framedesk",
                                   rng.uniform(0.05, 2.0))] += 1
        left = [p.name for p in folder.iterdir() if ".part" in p.name]
        print(f"{n} kills of framedesk merge: {counts['none']} left no gold file, "
              f"{counts['complete']} a complete one, 0 a bad one; leftovers {len(left)}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
