"""Attribution suggestions: quality on the hand-annotated gold set, and speed.

Quality: precision, recall and F1 for content, source and cue spans, lenient (the spans
share >= 30% of the longer one) and strict (same offsets), plus the share of found gold
contents whose suggestion has the right source; for the articles the rules were developed
on ("dev"), the held-out ones written and annotated after the rules were frozen, and all.
Targets (issue 5): content F1 >= 0.75 lenient, right source >= 80%.

Speed: suggesting on the synthetic corpus vs the bare spaCy pipeline on the same texts (the
rules' overhead), measured in the same run.

    python -m tests.benchmarks attribution [--articles N]
"""

from __future__ import annotations

import argparse
import sys
import time

from framedesk.core.nlp.attribution import AttributionExtractor
from framedesk.core.nlp.attribution_scoring import load_gold, report, score
from tests.conftest import TEST_DATA

CONTENT_F1 = 0.75
RIGHT_SOURCE = 0.80


def quality(extractor: AttributionExtractor) -> bool:
    gold = load_gold(TEST_DATA / "attribution_gold" / "gold.jsonl")
    found = {g.key: extractor.extract(g.text) for g in gold}
    ok = True
    for split in ("dev", "heldout", None):
        chosen = [g for g in gold if split is None or g.meta.get("split") == split]
        s = score((g.attributions, found[g.key]) for g in chosen)
        name = split or "all"
        words = sum(len(g.text.split()) for g in chosen)
        print(f"\n-- {name}: {len(chosen)} articles, {words} words,"
              f" {sum(len(g.attributions) for g in chosen)} gold attributions")
        print(report(s))
        met = s.f1("content") >= CONTENT_F1 and s.right_source_share >= RIGHT_SOURCE
        print(f"targets (content F1 >= {CONTENT_F1}, right source >= {RIGHT_SOURCE:.0%}):"
              f" {'met' if met else 'MISSED'}")
        ok = ok and met
    return ok


def speed(extractor: AttributionExtractor, n: int) -> None:
    from tests.benchmarks.corpus import texts

    docs = list(texts(n))
    words = sum(len(t.split()) for t in docs)
    nlp = extractor.nlp
    list(nlp.pipe(docs[:20]))  # warm up
    started = time.perf_counter()
    for _ in nlp.pipe(docs, batch_size=16):
        pass
    bare = time.perf_counter() - started
    started = time.perf_counter()
    count = sum(len(found) for _, found in extractor.extract_many(enumerate(docs)))
    ours = time.perf_counter() - started
    print(f"\n-- speed on {n} synthetic articles ({words} words), same pipeline")
    print(f"{'run':<28} {'seconds':>8} {'words/s':>9}")
    print(f"{'bare nlp.pipe':<28} {bare:8.2f} {words / bare:9.0f}")
    print(f"{'pipe + attribution rules':<28} {ours:8.2f} {words / ours:9.0f}")
    print(f"rules overhead: {ours / bare:.2f}x the bare pipeline; {count} suggestions")


def main() -> None:
    parser = argparse.ArgumentParser(prog="bench_attribution")
    parser.add_argument("--articles", type=int, default=200, help="synthetic articles to time")
    args = parser.parse_args(sys.argv[1:])
    extractor = AttributionExtractor()
    quality(extractor)
    speed(extractor, args.articles)


if __name__ == "__main__":
    main()
