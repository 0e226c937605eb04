"""Measuring attribution suggestions against hand-annotated attributions: the written gold
set (tests/data/attribution_gold) and real annotated news (PolNeAR, in the benchmarks) are
scored by this one module, each with its own MatchRule.

Spans match **leniently** when they overlap enough (WRITTEN_GOLD: 30% of the longer of the
two spans, so a sentence-long guess does not "match" a two-word source; POLNEAR: 30% of the
gold span covered) and **strictly** when their boundaries are equal (POLNEAR: after trimming
whitespace, quotation marks and `,.;:`). Matching is one-to-one, best overlap first. For
each span kind (content, source, cue) precision, recall and F1 count the spans of that kind
on both sides.

"Right source": among gold attributions whose content was found (lenient), the share whose
matched suggestion has a source matching the gold source leniently (POLNEAR also counts
gold contents without a source: right when the suggestion has none either).
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


# A span to compare: a Span, a (start, end) pair, or the (start, end) fragments of a
# discontinuous span as some corpora annotate them (brat's "12 20;31 40").
Fragments = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class MatchRule:
    """How a suggested span is compared with a gold span.

    lenient "longer": they share at least `threshold` of the longer span (the written gold
    set: a sentence-long guess does not match a two-word source); "gold": the suggestion
    covers at least `threshold` of the gold span's characters (PolNeAR's evaluation).
    strict: the same boundaries once the `trim` characters are stripped from both ends.
    sourceless_right: whether a matched content whose gold has no source counts towards
    "right source" (right when the suggestion has none either).
    ties_in_text_order: equal overlaps pair the earlier gold span first (else the later),
    as each benchmark has always done, so that their figures stay comparable over time."""

    lenient: str = "longer"
    threshold: float = LENIENT
    trim: str = ""
    sourceless_right: bool = False
    ties_in_text_order: bool = False


WRITTEN_GOLD = MatchRule()
POLNEAR = MatchRule(lenient="gold", trim=" \t\r\n\"'“”‘’„«»,.;:", sourceless_right=True,
                    ties_in_text_order=True)


def fragments(span: Any) -> Fragments:
    if isinstance(span, Span):
        return ((span.start, span.end),)
    if len(span) == 2 and isinstance(span[0], int):
        return ((span[0], span[1]),)
    return tuple(span)


def hull(span: Any) -> tuple[int, int]:
    frags = fragments(span)
    return frags[0][0], frags[-1][1]


def _length(frags: Fragments) -> int:
    return sum(b - a for a, b in frags)


def _shared(a: Fragments, b: Fragments) -> int:
    return sum(max(0, min(y, q) - max(x, p)) for x, y in a for p, q in b)


def overlap_ratio(a: Any, b: Any) -> float:
    """Characters shared, as a share of the longer span."""
    fa, fb = fragments(a), fragments(b)
    shared = _shared(fa, fb)
    return shared / max(_length(fa), _length(fb)) if shared > 0 else 0.0


def coverage(gold: Any, found: Any) -> float:
    """Share of the gold span's characters that the found span covers."""
    fg = fragments(gold)
    total = _length(fg)
    return _shared(fg, fragments(found)) / total if total > 0 else 0.0


def trimmed_bounds(text: str, span: Any, chars: str) -> tuple[int, int]:
    a, b = hull(span)
    if not chars:
        return a, b
    while a < b and text[a] in chars:
        a += 1
    while b > a and text[b - 1] in chars:
        b -= 1
    return a, b


def _ratio(g: Any, f: Any, rule: MatchRule) -> float:
    return coverage(g, f) if rule.lenient == "gold" else overlap_ratio(g, f)


def matches(a: Any, b: Any, strict: bool, rule: MatchRule = WRITTEN_GOLD,
            text: str = "") -> bool:
    """Whether suggestion `b` matches gold span `a`."""
    if strict:
        if rule.trim:
            return trimmed_bounds(text, a, rule.trim) == trimmed_bounds(text, b, rule.trim)
        return fragments(a) == fragments(b)
    return _ratio(a, b, rule) >= rule.threshold


def pair_up(gold: Sequence[Any], found: Sequence[Any], strict: bool,
            rule: MatchRule = WRITTEN_GOLD, text: str = "") -> list[tuple[int, int]]:
    """One-to-one (gold index, found index) pairs, best overlap first (ties: text order)."""
    candidates = []
    for gi, g in enumerate(gold):
        for fi, f in enumerate(found):
            if matches(g, f, strict, rule, text):
                candidates.append((1.0 if strict else _ratio(g, f, rule), gi, fi))
    if rule.ties_in_text_order:
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    else:
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


def score(pairs: Iterable[tuple[Sequence[Any], Sequence[Any]]
                         | tuple[Sequence[Any], Sequence[Any], str]],
          rule: MatchRule = WRITTEN_GOLD) -> Scores:
    """Scores over (gold, found) attribution lists, one pair per article; with a rule that
    trims before the strict comparison, each item also carries the article's text:
    (gold, found, text). Attributions are anything with source, cue and content spans."""
    result = Scores()
    for kind in KINDS:
        for mode in ("lenient", "strict"):
            result.spans[(kind, mode)] = Counts()
    for item in pairs:
        gold, found = item[0], item[1]
        text = item[2] if len(item) > 2 else ""
        result.articles += 1
        for kind in KINDS:
            g_spans = [getattr(a, kind) for a in gold if getattr(a, kind)]
            f_spans = [getattr(a, kind) for a in found if getattr(a, kind)]
            for mode in ("lenient", "strict"):
                counts = result.spans[(kind, mode)]
                counts.gold += len(g_spans)
                counts.found += len(f_spans)
                counts.true_pos += len(pair_up(g_spans, f_spans, mode == "strict", rule, text))
        _score_sources(gold, found, result, rule, text)
    return result


def _score_sources(gold: Sequence[Any], found: Sequence[Any], result: Scores,
                   rule: MatchRule, text: str) -> None:
    g_with = [a for a in gold if a.content]
    f_with = [a for a in found if a.content]
    pairs = pair_up([a.content for a in g_with], [a.content for a in f_with], False, rule, text)
    for gi, fi in pairs:
        g, f = g_with[gi], f_with[fi]
        result.attribute_checked += 1
        for key in ATTRIBUTE_KEYS:
            if getattr(g, key, None) == getattr(f, key, None):
                result.attribute_right[key] = result.attribute_right.get(key, 0) + 1
        if not g.source:
            if rule.sourceless_right:
                result.source_checked += 1
                result.right_source += not f.source
            continue
        result.source_checked += 1
        if f.source and matches(g.source, f.source, False, rule, text):
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
