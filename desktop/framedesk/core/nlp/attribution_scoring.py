"""Measuring attribution suggestions against hand-annotated attributions.

Spans match **strictly** when their offsets are equal and **leniently** when they share at
least 30% of the longer of the two spans (so a sentence-long guess does not "match" a
two-word source). Matching is one-to-one, best overlap first. For each span kind (content,
source, cue) precision, recall and F1 count the spans of that kind on both sides.

"Right source": among gold attributions with a source whose content was found (lenient),
the share whose matched suggestion has a source overlapping the gold source leniently.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from framedesk.core.model import Span
from framedesk.core.store.attributions import Attribution

LENIENT = 0.3
KINDS = ("content", "source", "cue")
ATTRIBUTE_KEYS = ("quote_type", "identification", "source_type", "certainty")


@dataclass(slots=True)
class GoldArticle:
    key: str                 # the gold set's own id (e.g. "g07")
    text: str
    attributions: list[Attribution]
    meta: dict[str, Any] = field(default_factory=dict)


def load_gold(path: str | Path) -> list[GoldArticle]:
    """Articles of a JSONL file in the project's export shape, with their attributions."""
    out = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            record = json.loads(line)
            attributions = [_attribution(a) for a in record.get("attributions") or ()]
            meta = record.get("meta") or {}
            out.append(GoldArticle(meta.get("gold_id") or record["id"], record["text"],
                                   attributions, meta))
    return out


def _attribution(a: dict[str, Any]) -> Attribution:
    def span(key: str) -> Span | None:
        s = a.get(key)
        return Span(s["start"], s["end"]) if s else None
    result = Attribution(article_id=0, source=span("source"), cue=span("cue"),
                         content=span("content"), quote_type=a.get("quote_type"),
                         identification=a.get("identification"),
                         source_type=a.get("source_type"), certainty=a.get("certainty"),
                         unnamed=dict(a.get("unnamed") or {}), status="manual")
    result.entity = a.get("entity")
    return result


def overlap_ratio(a: Span, b: Span) -> float:
    shared = min(a.end, b.end) - max(a.start, b.start)
    if shared <= 0:
        return 0.0
    return shared / max(a.end - a.start, b.end - b.start)


def matches(a: Span, b: Span, strict: bool) -> bool:
    return (a.start, a.end) == (b.start, b.end) if strict else overlap_ratio(a, b) >= LENIENT


def pair_up(gold: Sequence[Span], found: Sequence[Span], strict: bool) -> list[tuple[int, int]]:
    """One-to-one (gold index, found index) pairs, best overlap first."""
    candidates = []
    for gi, g in enumerate(gold):
        for fi, f in enumerate(found):
            if matches(g, f, strict):
                candidates.append((overlap_ratio(g, f), gi, fi))
    candidates.sort(reverse=True)
    used_g: set[int] = set()
    used_f: set[int] = set()
    pairs = []
    for _, gi, fi in candidates:
        if gi not in used_g and fi not in used_f:
            used_g.add(gi)
            used_f.add(fi)
            pairs.append((gi, fi))
    return pairs


@dataclass(slots=True)
class Counts:
    true_pos: int = 0
    gold: int = 0
    found: int = 0

    @property
    def precision(self) -> float:
        return self.true_pos / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.true_pos / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Scores:
    spans: dict[tuple[str, str], Counts] = field(default_factory=dict)   # (kind, mode)
    right_source: int = 0
    source_checked: int = 0
    attribute_right: dict[str, int] = field(default_factory=dict)
    attribute_checked: int = 0
    articles: int = 0

    @property
    def right_source_share(self) -> float:
        return self.right_source / self.source_checked if self.source_checked else 0.0

    def f1(self, kind: str, mode: str = "lenient") -> float:
        return self.spans[(kind, mode)].f1

    def attribute_accuracy(self, key: str) -> float:
        return (self.attribute_right.get(key, 0) / self.attribute_checked
                if self.attribute_checked else 0.0)


def score(pairs: Iterable[tuple[Sequence[Attribution], Sequence[Attribution]]]) -> Scores:
    """Scores over (gold, found) attribution lists, one pair per article."""
    result = Scores()
    for kind in KINDS:
        for mode in ("lenient", "strict"):
            result.spans[(kind, mode)] = Counts()
    for gold, found in pairs:
        result.articles += 1
        for kind in KINDS:
            g_spans = [getattr(a, kind) for a in gold if getattr(a, kind) is not None]
            f_spans = [getattr(a, kind) for a in found if getattr(a, kind) is not None]
            for mode in ("lenient", "strict"):
                counts = result.spans[(kind, mode)]
                counts.gold += len(g_spans)
                counts.found += len(f_spans)
                counts.true_pos += len(pair_up(g_spans, f_spans, mode == "strict"))
        _score_sources(gold, found, result)
    return result


def _score_sources(gold: Sequence[Attribution], found: Sequence[Attribution],
                   result: Scores) -> None:
    g_with = [a for a in gold if a.content is not None]
    f_with = [a for a in found if a.content is not None]
    pairs = pair_up([a.content for a in g_with], [a.content for a in f_with], strict=False)
    for gi, fi in pairs:
        g, f = g_with[gi], f_with[fi]
        result.attribute_checked += 1
        for key in ATTRIBUTE_KEYS:
            if getattr(g, key) == getattr(f, key):
                result.attribute_right[key] = result.attribute_right.get(key, 0) + 1
        if g.source is None:
            continue
        result.source_checked += 1
        if f.source is not None and matches(g.source, f.source, strict=False):
            result.right_source += 1


def report(scores: Scores) -> str:
    """The figures as a small table, for the benchmark and for people."""
    lines = [f"{'span':<8} {'mode':<8} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'found':>6}"]
    for kind in KINDS:
        for mode in ("lenient", "strict"):
            c = scores.spans[(kind, mode)]
            lines.append(f"{kind:<8} {mode:<8} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f}"
                         f" {c.gold:5d} {c.found:6d}")
    lines.append(f"right source: {scores.right_source}/{scores.source_checked}"
                 f" = {scores.right_source_share:.3f}")
    lines.append("attributes right on matched contents (n=%d): " % scores.attribute_checked
                 + ", ".join(f"{k} {scores.attribute_accuracy(k):.2f}" for k in ATTRIBUTE_KEYS))
    return "\n".join(lines)
