"""Agreement over two coders' files of 10,000 coded articles each (issue 7: under 5 s).

Each article is coded by both coders (primary and secondary frame, tone, two frame cues,
one attribution) and has about 41 model entity mentions (every place, person and
organisation name in its text: the performance suite's density; the two seed projects have
38 per article), one of which one coder corrected on some articles; the coders disagree on
about a fifth of the frame and tone values. Timed: opening both files for review
(private copy, quick check, bulk load), comparing them and computing the whole report.
Baseline in the same run: plain sqlite3 reading the same annotation rows from both files,
the floor any implementation must pay. The gold merge (`--strategy agreed`) is timed too.

    python -m tests.benchmarks.bench_agreement [ARTICLES]
"""

from __future__ import annotations

import random
import re
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from framedesk.core.model import ArticleDraft, Span
from framedesk.core.review.agreement import session_report
from framedesk.core.review.merge import merge_files
from framedesk.core.review.session import ReviewSession
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution

ARTICLES = 10_000
TARGET_SECONDS = 5.0
FRAMES = ["economic", "capacity", "morality", "fairness", "legality", "policy", "crime",
          "security", "health", "quality_of_life", "cultural", "public_opinion", "political"]
TONES = ["explicit_anti", "implicit_anti", "neutral", "implicit_pro", "explicit_pro"]
# Four of the 17 words are names: a 170-word body holds about 40 of them.
NAMES = {"Kyiv": "GPE", "Geneva": "GPE", "Zelensky": "PERSON", "NATO": "ORG"}
WORDS = ("the minister said talks in Kyiv and Geneva with Zelensky and NATO would resume"
         " after the vote").split()
NAME_PATTERN = re.compile("|".join(NAMES))


def article_text(n: int, rng: random.Random) -> str:
    body = " ".join(rng.choice(WORDS) for _ in range(170))
    return f"Story number {n}\n\nKyiv officials said on day {n} that {body}."


def make_file(path: Path, annotator: str, texts: list[str], seed: int) -> float:
    """Write one coder's file; returns the model mentions per article."""
    rng = random.Random(seed)
    truth = random.Random(1)      # the same "true" codes for both coders
    with Project.create(path, annotator=annotator) as p:
        with p.atomic():          # one transaction: generation, not a user's edits
            ids = [i for i, _ in p.articles.add_many(ArticleDraft(text=t) for t in texts)]
            entity_ids = {name: p.entities.ensure(name, label) for name, label in NAMES.items()}
            mentions = []
            for aid, text in zip(ids, texts):
                frame, second = truth.sample(FRAMES, 2)
                tone = truth.choice(TONES)
                if rng.random() < 0.2:
                    frame = rng.choice([f for f in FRAMES if f != second])
                if rng.random() < 0.2:
                    tone = rng.choice(TONES)
                p.coding.set_frame(aid, "policy_frames", frame, primary=True)
                p.coding.set_frame(aid, "policy_frames", second)
                p.coding.set_tone(aid, tone)
                p.coding.add_cue(aid, 0, 12, "policy_frames", frame)
                shift = rng.choice((0, 0, 0, 2))
                p.coding.add_cue(aid, 20 + shift, 40, "policy_frames", second)
                p.attributions.add(Attribution(
                    aid, source=Span(13, 17), cue=Span(28, 32), content=Span(33, 90 + shift),
                    identification=rng.choice(("named", "named", "institutional")),
                    source_type=rng.choice(("government", "government", "politician"))))
                for m in NAME_PATTERN.finditer(text):
                    name = m.group()
                    mentions.append((aid, m.start(), m.end(), NAMES[name], name,
                                     entity_ids[name]))
            # Model mentions as an NER run stores them (EntityStore's own insert is not used:
            # it calls Database.executemany, which sqlite-utils lacks).
            p.db.conn.executemany(
                'INSERT INTO mentions (article_id, start, "end", label, text, entity_id, origin,'
                " status, created) VALUES (?,?,?,?,?,?,'spacy:bench@1','auto','2026-01-01')",
                mentions)
        for aid in ids[:: 10 if seed % 2 else 13]:
            m = p.entities.mentions(aid)[0]
            p.entities.relabel(m.id, "LOC")
    return len(mentions) / len(ids)


def baseline(paths: list[Path]) -> None:
    for path in paths:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        for table in ("articles", "doc_codes", "span_codes", "attributions", "mentions"):
            columns = "uid, title, status" if table == "articles" else "*"
            conn.execute(f"SELECT {columns} FROM {table}").fetchall()
        conn.close()


def best_of(n: int, fn) -> float:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main(articles: int = ARTICLES) -> dict:
    rng = random.Random(0)
    texts = [article_text(n, rng) for n in range(articles)]
    with tempfile.TemporaryDirectory() as tmp:
        paths = [Path(tmp) / "ana.framedesk", Path(tmp) / "ben.framedesk"]
        started = time.perf_counter()
        density = make_file(paths[0], "Ana", texts, seed=2)
        make_file(paths[1], "Ben", texts, seed=3)
        generated = time.perf_counter() - started
        size_mb = sum(p.stat().st_size for p in paths) / 1e6

        result: dict = {}

        def agreement() -> None:
            with ReviewSession.open(paths) as session:
                result["report"] = session_report(session)

        agree_s = best_of(2, agreement)
        base_s = best_of(2, lambda: baseline(paths))
        started = time.perf_counter()
        merged = merge_files(paths, Path(tmp) / "gold.framedesk", who="Cleo")
        merge_s = time.perf_counter() - started
    report = result["report"]
    frame = next(v for v in report.variables if v.variable == "primary frame")
    out = {"articles": articles, "mentions_per_article": round(density, 1), "files_mb": round(size_mb, 1), "generate_s": round(generated, 1),
           "agreement_s": round(agree_s, 2), "baseline_read_s": round(base_s, 2),
           "ratio_to_baseline": round(agree_s / base_s, 1), "merge_s": round(merge_s, 2),
           "undecided": merged.undecided, "primary_frame_alpha": round(frame.alpha or 0, 3),
           "target_s": TARGET_SECONDS, "meets_target": agree_s < TARGET_SECONDS}
    print(f"Agreement over two files of {articles:,} coded articles, {density:.1f} entity"
          f" mentions each ({size_mb:.0f} MB in all):")
    print(f"  open (copy + quick check + load), compare, report: {agree_s:.2f} s "
          f"(target < {TARGET_SECONDS:.0f} s: {'met' if out['meets_target'] else 'MISSED'})")
    print(f"  baseline, plain sqlite3 reading the same rows:           {base_s:.2f} s "
          f"(agreement = {out['ratio_to_baseline']}x baseline)")
    print(f"  merge --strategy agreed into a new gold file:          {merge_s:.2f} s "
          f"({merged.undecided:,} undecided)")
    print(f"  primary frame: alpha {frame.alpha:.3f}, kappa {frame.kappa:.3f} over "
          f"{frame.units:,} units")
    return out


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else ARTICLES)
