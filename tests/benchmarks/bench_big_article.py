"""One huge one-line article through `framedesk import` (entities, suggestions, stories,
search index): wall time and the child's peak memory, against a 1 MB article in the same
run (the baseline), so the ratio says whether time and memory grow linearly.

    PYTHONPATH=desktop python -m tests.benchmarks.bench_big_article [MB ...]   (default 1 5)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PARAGRAPH = ("Angela Merkel met Emmanuel Macron in Paris on Monday, officials said. "
             "\"We agree on the budget,\" the minister told reporters in Berlin. ")


def run_one(mb: float, folder: Path) -> tuple[float, float, str]:
    src = folder / f"article_{mb:g}mb.txt"
    src.write_text(PARAGRAPH * int(mb * 1_048_576 / len(PARAGRAPH)), encoding="utf-8")
    project = folder / f"p_{mb:g}.framedesk"
    cmd = [sys.executable, "-c",
           "import resource, sys; from framedesk.cli import main;"
           " code = main(sys.argv[1:]);"
           " print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
           " file=sys.stderr); sys.exit(code)",
           "import", str(project), str(src)]
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, env=os.environ)
    elapsed = time.perf_counter() - t0
    peak = next((int(line.split()[1]) for line in done.stderr.splitlines()
                 if line.startswith("PEAK_KB")), 0) / 1024
    return elapsed, peak, done.stdout.strip().splitlines()[0] if done.stdout else done.stderr[-300:]


def main(argv: list[str]) -> None:
    sizes = [float(a) for a in argv] or [1.0, 5.0]
    with tempfile.TemporaryDirectory() as tmp:
        base = None
        for mb in sizes:
            elapsed, peak, first = run_one(mb, Path(tmp))
            base = base or (elapsed / mb)
            print(f"{mb:6g} MB one-line article: {elapsed:7.1f} s, peak {peak:6.0f} MB,"
                  f" time per MB x{elapsed / mb / base:.2f} of the first size | {first}")


if __name__ == "__main__":
    main(sys.argv[1:])
