"""Many tiny articles in one JSONL file: import time per article and the WAL left beside the
project, at N and 2N articles in the same run (a ratio near 1.0 per article means linear).

    PYTHONPATH=desktop python -m tests.benchmarks.bench_many_tiny [N]   (default 100000)
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from framedesk.core.importing import import_paths
from framedesk.core.store import Project


def run(n: int, folder: Path) -> tuple[float, int]:
    src = folder / f"tiny_{n}.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps({"text": f"Short item {i} on the council vote."}) + "\n")
    project = Project.create(folder / f"p_{n}.framedesk", annotator="bench")
    t0 = time.perf_counter()
    summary = import_paths(project, [src], entities=False, backup=False)
    elapsed = time.perf_counter() - t0
    wal = os.path.getsize(str(project.path) + "-wal")
    project.close()
    assert summary.imported == n
    return elapsed, wal


def main(n: int = 100_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t1, w1 = run(n, Path(tmp))
        t2, w2 = run(2 * n, Path(tmp))
    print(f"{n:>9,} articles: {t1:6.1f} s, WAL {w1 / 1048576:6.1f} MB")
    print(f"{2 * n:>9,} articles: {t2:6.1f} s, WAL {w2 / 1048576:6.1f} MB")
    print(f"time per article at 2N / at N: x{(t2 / (2 * n)) / (t1 / n):.2f}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
