"""Search index after an import: building it in chunks vs one statement, and searching the
articles still waiting for it (fts_pending) vs searching the index.

    python -m tests.benchmarks.bench_search_index [ARTICLES]

The import leaves its articles pending; the window indexes them in the background in
chunks (one transaction each, so an edit waits at most one chunk). What this prints: the
cost of chunking against one INSERT..SELECT, the longest a chunk holds the write lock, and
how long a search takes while nothing is indexed yet (the Python matcher) against the index.
Times are wall clock on a shared 2-core machine: read the ratios.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.benchmarks.corpus import write_jsonl

CHUNKS = (250, 500, 1000, 2000)
QUERIES = ("Kyiv", "negot", "Zelensky said", "frozen Russian assets", "xyzzy")
RUNS = 3


def pending_project(jsonl: Path, path: Path) -> int:
    from framedesk.core.importing import import_paths
    from framedesk.core.store import Project

    with Project.create(path, annotator="bench") as project:
        summary = import_paths(project, [jsonl], entities=False, backup=False)
        assert project.articles.pending_count() == summary.imported
    return summary.imported


def one_statement(path: Path) -> float:
    """What import_paths did before: every pending article in one transaction."""
    from framedesk.core.store import Project

    with Project.open(path) as project:
        started = time.perf_counter()
        with project.atomic() as db:
            db.execute("INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text"
                       " FROM articles WHERE id IN (SELECT article_id FROM fts_pending)")
            db.execute("DELETE FROM fts_pending")
        return time.perf_counter() - started


def in_chunks(path: Path, chunk: int) -> tuple[float, float]:
    """Seconds for all, and the longest single chunk (how long an edit may wait)."""
    from framedesk.core.progress import Progress
    from framedesk.core.store import Project

    stamps: list[float] = []
    with Project.open(path) as project:
        started = time.perf_counter()
        project.articles.index_pending(Progress(lambda *_: stamps.append(time.perf_counter())),
                                       chunk=chunk)
        total = time.perf_counter() - started
    longest = max(b - a for a, b in zip(stamps, stamps[1:]))
    return total, longest


def search_times(path: Path) -> dict[str, tuple[int, float]]:
    from framedesk.core.store import Project
    from framedesk.core.store.articles import ArticleFilter

    out = {}
    with Project.open(path, read_only=True) as project:
        for query in QUERIES:
            flt = ArticleFilter(query=query)
            times = []
            for _ in range(RUNS):
                started = time.perf_counter()
                n = len(project.articles.ids(flt))
                times.append(time.perf_counter() - started)
            out[query] = (n, min(times))
    return out


def main(articles: int = 10_000) -> None:
    print(f"Search index benchmark ({articles:,} synthetic articles, best of {RUNS})")
    with tempfile.TemporaryDirectory(prefix="framedesk-bench-") as tmp:
        work = Path(tmp)
        base = work / "pending.framedesk"
        n = pending_project(write_jsonl(work / "corpus.jsonl", articles), base)
        assert n == articles

        def copy(name: str) -> Path:
            target = work / name
            shutil.copy(base, target)
            return target

        whole = min(one_statement(copy(f"one{r}.framedesk")) for r in range(RUNS))
        print(f"  {'indexing':<36} {'seconds':>8} {'ratio':>7} {'longest chunk':>14}")
        print(f"  {'one statement (before)':<36} {whole:>8.3f} {1.0:>6.2f}x {whole * 1000:>11.0f} ms")
        for chunk in CHUNKS:
            runs = [in_chunks(copy(f"c{chunk}-{r}.framedesk"), chunk) for r in range(RUNS)]
            total = min(t for t, _ in runs)
            longest = statistics.median(w for _, w in runs)
            print(f"  {f'chunks of {chunk}':<36} {total:>8.3f} {total / whole:>6.2f}x"
                  f" {longest * 1000:>11.0f} ms")

        pending = search_times(base)
        indexed_path = copy("indexed.framedesk")
        in_chunks(indexed_path, 500)
        indexed = search_times(indexed_path)
        print(f"\n  search, {articles:,} articles: {'hits':>6} {'pending':>10} {'indexed':>10}")
        for query in QUERIES:
            (hits, slow), (hits2, fast) = pending[query], indexed[query]
            assert hits == hits2, (query, hits, hits2)   # the matcher agrees with FTS5
            print(f"  {query!r:<32} {hits:>6} {slow * 1000:>7.0f} ms {fast * 1000:>7.1f} ms")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:2]))
