"""Import benchmark: Framedesk's import (without entities) against a bare sqlite3 insert of
the same texts, and the peak memory of importing 10,000 articles.

    python -m tests.benchmarks.bench_import [ARTICLES] [MEMORY_ARTICLES]

Targets (issue 2): import time at most 2x the bare insert; peak memory under 500 MB.
Times are wall clock on a shared 2-core machine: read the ratios.

Besides the baseline, two reference programs show where the time goes: the *floor* is the
bare insert plus only what the issue itself requires of every article (the text normalised
and its uid derived from it, unique in the table), and the bare insert with the same FTS5
index. The import commits the articles and returns; the search index is built afterwards
(in the background in the window, as a phase of its own on the command line), so both the
import and the import followed by indexing are printed.
"""

from __future__ import annotations

import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.corpus import write_jsonl, write_text_files

TIME_TARGET = 2.0
MEMORY_TARGET_MB = 500
RUNS = 3


def bare_sqlite_import(jsonl: Path, db_path: Path, *, fts: bool = False) -> int:
    """The baseline: parse the same lines and insert text and metadata, one transaction;
    with `fts`, into a table with the same FTS5 index the project file keeps."""
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT, text TEXT,"
                 " outlet TEXT, published TEXT)")
    if fts:
        conn.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, text,"
                     " content='articles', tokenize='unicode61 remove_diacritics 2')")
        conn.execute("CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN INSERT INTO"
                     " articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);"
                     " END")
    n = 0
    with conn, jsonl.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            meta = rec["meta"]
            conn.execute("INSERT INTO articles (title, text, outlet, published) VALUES (?,?,?,?)",
                         (meta["title"], rec["text"], meta["outlet"], meta["published"]))
            n += 1
    conn.close()
    return n


def floor_import(jsonl: Path, db_path: Path) -> int:
    """The least a program meeting the issue's uid rule must do: the bare insert, plus each
    text normalised and its uid (SHA-256 of the whitespace-folded normalised text) stored
    unique, using Framedesk's own fastest code for that step."""
    from framedesk.core.textnorm import normalised_with_uid

    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,"
                 " title TEXT, text TEXT, outlet TEXT, published TEXT)")
    n = 0
    with conn, jsonl.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            meta = rec["meta"]
            text, uid = normalised_with_uid(rec["text"])
            conn.execute("INSERT INTO articles (uid, title, text, outlet, published)"
                         " VALUES (?,?,?,?,?) ON CONFLICT (uid) DO NOTHING",
                         (uid, meta["title"], text, meta["outlet"], meta["published"]))
            n += 1
    conn.close()
    return n


def framedesk_import(paths: list[Path], db_path: Path) -> int:
    from framedesk.core.importing import import_paths
    from framedesk.core.store import Project

    with Project.create(db_path, annotator="bench") as project:
        summary = import_paths(project, paths, entities=False)
    assert not summary.failed, summary.failed[:3]
    return summary.imported


def timed_framedesk_import(paths: list[Path], db_path: Path) -> tuple[float, int]:
    """Seconds for the import alone: creating the project (schema, codebooks) comes first."""
    from framedesk.core.importing import import_paths
    from framedesk.core.store import Project

    with Project.create(db_path, annotator="bench") as project:
        started = time.perf_counter()
        summary = import_paths(project, paths, entities=False)
        elapsed = time.perf_counter() - started
    assert not summary.failed, summary.failed[:3]
    return elapsed, summary.imported


def timed_import_and_index(paths: list[Path], db_path: Path) -> tuple[float, int]:
    """The import, then the search index built over the new articles (what the command line
    does before it exits, and the window in the background)."""
    from framedesk.core.importing import import_paths
    from framedesk.core.store import Project

    with Project.create(db_path, annotator="bench") as project:
        started = time.perf_counter()
        summary = import_paths(project, paths, entities=False)
        project.articles.index_pending()
        elapsed = time.perf_counter() - started
    return elapsed, summary.imported


def best_time(fn: Callable[[Path], int], workdir: Path, label: str) -> tuple[float, int]:
    best, n = float("inf"), 0
    for run in range(RUNS):
        target = workdir / f"{label}-{run}.db"
        started = time.perf_counter()
        result = fn(target)
        elapsed = time.perf_counter() - started
        if isinstance(result, tuple):
            elapsed, result = result
        best, n = min(best, elapsed), result
        target.unlink()
    return best, n


def peak_memory_mb(jsonl: Path, workdir: Path, *, bare: bool) -> float:
    """Peak resident memory of a fresh process doing the import (ru_maxrss of the child)."""
    target = workdir / ("mem-bare.db" if bare else "mem.framedesk")
    call = ("bare_sqlite_import" if bare else "framedesk_import")
    arg = "p" if bare else "[p]"
    code = (f"import resource, sys; from pathlib import Path; "
            f"from tests.benchmarks.bench_import import {call}; p = Path(sys.argv[1]); "
            f"{call}({arg}, Path(sys.argv[2])); "
            f"print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, str(jsonl), str(target)], check=True,
                         capture_output=True, text=True, cwd=Path(__file__).parents[2]).stdout
    target.unlink(missing_ok=True)
    return int(out.split()[-1]) / 1024


def main(articles: int = 2_000, memory_articles: int = 10_000) -> None:
    print(f"Import benchmark ({articles:,} synthetic articles; best of {RUNS})")
    with tempfile.TemporaryDirectory(prefix="framedesk-bench-") as tmp:
        work = Path(tmp)
        jsonl = write_jsonl(work / "corpus.jsonl", articles)
        folder = write_text_files(work / "scraped", articles)
        size_mb = jsonl.stat().st_size / 1e6
        framedesk_import([jsonl], work / "warm-up.db")  # imports modules, warms caches
        bare, n = best_time(lambda db: bare_sqlite_import(jsonl, db), work, "bare")
        floor, _ = best_time(lambda db: floor_import(jsonl, db), work, "floor")
        bare_fts, _ = best_time(lambda db: bare_sqlite_import(jsonl, db, fts=True), work, "fts")
        ours, m = best_time(lambda db: timed_framedesk_import([jsonl], db), work, "jsonl")
        indexed, _ = best_time(lambda db: timed_import_and_index([jsonl], db), work, "indexed")
        text, k = best_time(lambda db: timed_framedesk_import([folder], db), work, "text")
        assert n == m == k == articles
        rows = [
            ("bare sqlite3 insert (baseline)", bare, 1.0, ""),
            ("floor: bare + normalise + unique uid", floor, floor / bare, "(info)"),
            ("bare sqlite3 insert + same FTS5 index", bare_fts, bare_fts / bare, "(info)"),
            ("framedesk import, JSONL", ours, ours / bare,
             "ok" if ours / bare <= TIME_TARGET else f"OVER {TIME_TARGET}x"),
            ("framedesk import + search index", indexed, indexed / bare, "(info)"),
            ("framedesk import, scraped .txt files", text, text / bare, "(cleaning; info)"),
        ]
        print(f"  corpus: {size_mb:.1f} MB of JSONL, {articles:,} files of scraped text")
        print(f"  {'what':<40} {'seconds':>8} {'ratio':>7}  target <= {TIME_TARGET}x")
        for what, secs, ratio, verdict in rows:
            print(f"  {what:<40} {secs:>8.3f} {ratio:>6.2f}x  {verdict}")
        print(f"  import vs the floor: {ours / floor:.2f}x; import + index vs bare insert + "
              f"FTS5: {indexed / bare_fts:.2f}x; articles per second (JSONL): "
              f"{articles / ours:,.0f}")

        big = write_jsonl(work / "big.jsonl", memory_articles, seed=11)
        base_mb = peak_memory_mb(big, work, bare=True)
        peak_mb = peak_memory_mb(big, work, bare=False)
        verdict = "ok" if peak_mb < MEMORY_TARGET_MB else "OVER"
        print(f"\nPeak memory importing {memory_articles:,} articles "
              f"({big.stat().st_size / 1e6:.0f} MB of JSONL), child process ru_maxrss:")
        print(f"  {'bare sqlite3 insert (baseline)':<40} {base_mb:>8.0f} MB")
        print(f"  {'framedesk import (no entities)':<40} {peak_mb:>8.0f} MB  "
              f"target < {MEMORY_TARGET_MB} MB: {verdict}")
        print("  (Label Studio peaks at about 750 MB, doccano at 1-1.6 GB on such imports.)")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
