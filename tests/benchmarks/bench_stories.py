"""Stories and charts on a large project: grouping N articles into stories (quality against
the known stories, and time against scikit-learn's TF-IDF of the same texts, the least any
text-similarity grouping must do), and one dashboard refresh (every chart, drawn as SVG)
against a bare sqlite3 read of the same rows.

Run: `python -m tests.benchmarks.bench_stories [N]` (default 5,000 articles). The project is
built with plain inserts (setup is not measured). Ratios are against baselines measured in
the same run; absolute times depend on the machine.
"""

from __future__ import annotations

import random
import sqlite3
import sys
import tempfile
import time
from itertools import combinations
from pathlib import Path

from framedesk.core.corpus_stats import CorpusStats
from framedesk.core.model import ArticleDraft
from framedesk.core.store import Project
from framedesk.core.svg_charts import render

OUTLETS = ("Wire", "Daily", "Courier", "Herald", "Gazette", "Observer")
FILLER = ("officials said talks continued later this week between the parties while "
          "reporters waited outside and observers expected more news").split()
FRAMES = ("security", "economic", "political", "legality", "morality")


def _corpus(n: int, seed: int = 11) -> tuple[list[ArticleDraft], list[int]]:
    """n articles: stories of 2-4 outlets, each story with its own vocabulary and date."""
    rng = random.Random(seed)
    vocabulary = [f"{a}{b}{c}" for a in "bcdfghklmnprstvz" for b in "aeiou"
                  for c in ("ran", "tol", "mex", "dus", "pik", "gor", "lan", "sev")]
    drafts, truth = [], []
    story = 0
    while len(drafts) < n:
        words = rng.sample(vocabulary, 14)
        day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        for outlet in rng.sample(OUTLETS, rng.randint(2, 4)):
            body = [" ".join(rng.sample(words, 7) + rng.sample(FILLER, 8)) + "."
                    for _ in range(5)]
            drafts.append(ArticleDraft(text="\n\n".join(body), title=" ".join(words[:4]),
                                       outlet=outlet, published=day))
            truth.append(story)
        story += 1
    return drafts[:n], truth[:n]


def _pairs(groups: list[list[int]]) -> set[tuple[int, int]]:
    return {p for g in groups for p in combinations(sorted(g), 2)}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    drafts, truth = _corpus(n)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stories.framedesk"
        with Project.create(path, annotator="bench") as project:
            ids = [i for i, _ in project.articles.add_many(drafts)]
            rng = random.Random(3)
            with project.atomic():
                for aid in ids:
                    project.coding.set_frame(aid, "policy_frames", rng.choice(FRAMES),
                                             primary=True)
            texts = [f"{d.title}\n{d.text}" for d in drafts]

            from sklearn.feature_extraction.text import TfidfVectorizer
            started = time.perf_counter()
            TfidfVectorizer().fit_transform(texts)
            baseline = time.perf_counter() - started

            started = time.perf_counter()
            stories = project.stories.group_automatically()
            grouping = time.perf_counter() - started
            position = {aid: i for i, aid in enumerate(ids)}
            found = _pairs([[position[a] for a in s.article_ids] for s in stories])
            expected = _pairs([[i for i, t in enumerate(truth) if t == s]
                               for s in set(truth)])
            precision = len(found & expected) / len(found) if found else 0.0
            recall = len(found & expected) / len(expected) if expected else 0.0

            started = time.perf_counter()
            charts = [render(c) for c in CorpusStats(project).all_charts()]
            dashboard = time.perf_counter() - started
        conn = sqlite3.connect(path)
        started = time.perf_counter()
        conn.execute("SELECT a.outlet, d.code, count(*) FROM articles a JOIN doc_codes d"
                     " ON d.article_id = a.id GROUP BY 1, 2").fetchall()
        bare = time.perf_counter() - started
        conn.close()

    print(f"{n:,} articles in {len(set(truth)):,} stories")
    print(f"grouping into stories   {grouping:8.2f} s  ({grouping / baseline:.1f}x sklearn "
          f"TF-IDF alone: {baseline:.2f} s)")
    print(f"  pair precision {precision:.3f}, recall {recall:.3f}, "
          f"{len(stories):,} stories found")
    print(f"dashboard refresh       {dashboard * 1000:8.0f} ms ({len(charts)} charts; bare "
          f"sqlite3 frames-by-outlet query {bare * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
