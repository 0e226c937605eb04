"""A whole `framedesk import --no-entities --no-suggestions` (reading, storing, grouping the
stories, building the search index) against a bare sqlite3 insert of the same JSONL into a
table with the same FTS5 index, measured in the same run; and the peak memory of the whole
command on 10,000 articles.

Run: `python -m tests.benchmarks.bench_import_stories [ARTICLES] [MEMORY_ARTICLES]`.
Target (issue 17): at most 1.5x the bare insert; peak under 300 MB.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.bench_import import bare_sqlite_import
from tests.benchmarks.corpus import write_jsonl

TARGET, MEMORY_TARGET_MB = 1.5, 300


def _cli(jsonl: Path, project: Path) -> tuple[float, float]:
    """Seconds and peak MB of the whole command, in a process of its own."""
    code = ("import resource, sys, time; from framedesk.cli import main; t = time.perf_counter();"
            f" rc = main(['import', {str(project)!r}, {str(jsonl)!r}, '--no-entities',"
            " '--no-suggestions']); print('TIME', time.perf_counter() - t, file=sys.stderr);"
            " print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    lines = dict(line.split(" ", 1) for line in out.stderr.splitlines()
                 if line.startswith(("TIME ", "PEAK ")))
    return float(lines["TIME"]), int(lines["PEAK"]) / 1024


def main(articles: int = 5_000, memory_articles: int = 10_000) -> None:
    with tempfile.TemporaryDirectory(prefix="framedesk-bench-") as tmp:
        work = Path(tmp)
        jsonl = write_jsonl(work / "a.jsonl", articles)
        started = time.perf_counter()
        bare_sqlite_import(jsonl, work / "bare.db", fts=True)
        bare = time.perf_counter() - started
        ours, _ = _cli(jsonl, work / "p.framedesk")
        print(f"whole framedesk import of {articles:,} articles (no NLP): {ours:.2f} s; bare "
              f"sqlite3 insert + FTS5 {bare:.2f} s: {ours / bare:.2f}x (target <= {TARGET}x)")
        big = write_jsonl(work / "m.jsonl", memory_articles)
        _, peak = _cli(big, work / "m.framedesk")
        print(f"peak memory, whole import of {memory_articles:,}: {peak:.0f} MB "
              f"(target < {MEMORY_TARGET_MB} MB)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
