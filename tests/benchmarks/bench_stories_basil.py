"""Stories on real news: BASIL dev (50 events, each reported by Fox News, HuffPost and the NYT),
read at run time from ../shared/data/basil-dev (skipped cleanly when absent; never copied).

Prints pairwise precision/recall/F1 and how many events are grouped exactly, for the current
grouping and for the grouping before issue 17 (reference), measured in the same run. Texts
only: BASIL has no entity annotations, so the entity half of the similarity is not exercised. Also mixes in unrelated articles (PolNeAR dev text) and
counts how many of them land in a BASIL event's story.

Run: `python -m tests.benchmarks.bench_stories_basil`.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

from framedesk.core import stories

DATA = Path(__file__).resolve().parents[2] / ".." / "shared" / "data"
BASIL = Path("/work/shared/data/basil-dev") if not (DATA / "basil-dev").is_dir() else DATA / "basil-dev"
POLNEAR = BASIL.parent / "polnear-dev" / "text"


def _basil() -> tuple[dict[int, str], dict[int, str | None], dict[int, str]]:
    texts, dates, gold = {}, {}, {}
    for i, path in enumerate(sorted((BASIL / "articles").rglob("*.json"))):
        doc = json.loads(path.read_text(encoding="utf-8"))
        body = "\n\n".join(" ".join(s.strip() for s in p) for p in doc.get("body-paragraphs", []))
        texts[i] = f"{doc.get('title', '')}\n{body}"
        dates[i] = doc.get("date")
        gold[i] = doc["triplet-uuid"]
    return texts, dates, gold


def _unrelated(start: int) -> dict[int, str]:
    if not POLNEAR.is_dir():
        return {}
    return {start + i: p.read_text(encoding="utf-8", errors="replace")
            for i, p in enumerate(sorted(POLNEAR.glob("*.txt")))}


def _score(groups: list[list[int]], gold: dict[int, str]) -> tuple[float, float, float, int]:
    found = {p for g in groups for p in combinations(sorted(g), 2)}
    events: dict[str, list[int]] = defaultdict(list)
    for aid, event in gold.items():
        events[event].append(aid)
    expected = {p for g in events.values() for p in combinations(sorted(g), 2)}
    found_in = {p for p in found if p[0] in gold and p[1] in gold}
    tp = len(found_in & expected)
    p = tp / len(found_in) if found_in else 0.0
    r = tp / len(expected) if expected else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    exact_groups = {tuple(sorted(g)) for g in groups}
    exact = sum(1 for g in events.values() if tuple(sorted(g)) in exact_groups)
    return p, r, f, exact


def _stems_before(text: str) -> Counter[str]:
    """The stemming of the grouping before issue 17 (per-occurrence loop), as reference."""
    words = (w.casefold() for w in stories._WORD.findall(text))
    return Counter(w[:stories.STEM_LENGTH] for w in words if w not in stories._STOP)


def _run(texts, dates, **kw) -> list[list[int]]:
    return stories.find_groups(texts, {}, {a: stories._parse_date(d) for a, d in dates.items()},
                               **kw)


def main() -> int:
    if not (BASIL / "articles").is_dir():
        print(f"BASIL dev data not found at {BASIL}: skipped.")
        return 0
    texts, dates, gold = _basil()
    print(f"BASIL dev: {len(texts)} articles, {len(set(gold.values()))} events")
    current = stories.stems
    for name, stem in (("before (reference)", _stems_before), ("current", current)):
        stories.stems = stem
        try:
            groups = _run(texts, dates)
        finally:
            stories.stems = current
        p, r, f, exact = _score(groups, gold)
        print(f"  {name:28s} P {p:.3f}  R {r:.3f}  F1 {f:.3f}  exact {exact}/50")
    extra = _unrelated(len(texts))
    if extra:
        mixed = {**texts, **extra}
        mixed_dates = {**dates, **{a: None for a in extra}}
        groups = _run(mixed, mixed_dates)
        wrong = sum(1 for g in groups for a in g if a in extra and any(b in gold for b in g))
        apart = sum(1 for g in groups if all(a in extra for a in g))
        p, r, f, exact = _score(groups, gold)
        print(f"  with {len(extra)} unrelated PolNeAR articles (undated): P {p:.3f} R {r:.3f} "
              f"F1 {f:.3f} exact {exact}/50; unrelated put with a BASIL event: {wrong}; "
              f"groups of unrelated only: {apart}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
