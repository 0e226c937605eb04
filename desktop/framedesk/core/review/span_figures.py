"""Span agreement as the field reports it (Krippendorff's unitizing alpha per span type and
label) and per-article figures, so the articles with the most disagreement can be found.

Span types: entity mentions (categories: their labels), frame cues (their codes) and
attributions (their parts: source, cue, content). u-alpha is computed over the articles
every coder of the comparison coded (core.review.unitizing); with fewer than two such
coders or articles the rows are left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from framedesk.core.review.compare import ArticleDiff, Comparison
from framedesk.core.review.unitizing import unitizing_alpha
from framedesk.core.review.work import ATTRIBUTIONS, CUES, ENTITIES, KINDS, SPAN_PARTS, Item

ENTITY_SPANS = "entity spans"
CUE_SPANS = "frame cue spans"
ATTRIBUTION_SPANS = "attribution spans"
WORST_SHOWN = 10


# Each span type: its kind, and what one item of it holds as (category, start, end).
# Written out per kind: this runs for every item of a large comparison.
def _entities(items: list[Item]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for i in items:
        k = i.key                                 # start, end, label, canonical
        out.setdefault(k[2], []).append((k[0], k[1]))
    return out


def _cues(items: list[Item]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for i in items:
        k = i.key                                 # start, end, codebook, code
        out.setdefault(k[3], []).append((k[0], k[1]))
    return out


def _attributions(items: list[Item]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for i in items:
        for part, span in zip(SPAN_PARTS, i.key[:3]):   # source, cue, content spans
            if span:
                out.setdefault(part, []).append((span[0], span[1]))
    return out


SPAN_TYPES: dict[str, tuple[str, Callable[[list[Item]], dict[str, list[tuple[int, int]]]]]] = {
    ENTITY_SPANS: (ENTITIES, _entities),
    CUE_SPANS: (CUES, _cues),
    ATTRIBUTION_SPANS: (ATTRIBUTIONS, _attributions),
}


@dataclass(slots=True)
class SpanAlpha:
    """One row: a span type overall (label "") or one of its labels."""

    variable: str
    label: str
    alpha: float | None
    observed: float
    expected: float
    units: int                                 # units of all coders together
    articles: int                              # articles every coder coded
    coders: int


@dataclass(slots=True)
class ArticleFigures:
    uid: str
    title: str
    coders: list[str]
    differences: dict[str, int] = field(default_factory=dict)    # kind -> open questions
    span_alpha: dict[str, float | None] = field(default_factory=dict)   # variable -> u-alpha

    @property
    def total(self) -> int:
        return sum(self.differences.values())

    @property
    def lowest_alpha(self) -> float | None:
        known = [a for a in self.span_alpha.values() if a is not None]
        return min(known) if known else None


def _spans_of(article: ArticleDiff, kind: str, by_category: Callable) -> dict[str, dict]:
    """coder -> {category: [(start, end)]} for one article. Coders who hold the same items
    share one dict (unitizing_alpha then knows they agree without comparing)."""
    diff = article.kinds[kind]
    raw = diff.shared_raw() if kind == ENTITIES else None
    if raw is not None:
        # The bulk of a large comparison: read the mentions' JSON rows [start, end, label,
        # ...] straight, without making an Item of each.
        same: dict[str, list[tuple[int, int]]] = {}
        for row in json.loads(f"[{raw}]"):
            same.setdefault(row[2], []).append((row[0], row[1]))
        return {coder: same for coder in article.coders}
    if diff.equal_count is not None:
        same = by_category(diff.shared_items())
        return {coder: same for coder in article.coders}
    return {coder: by_category(diff.items.get(coder, [])) for coder in article.coders}


def span_alphas(comparison: Comparison, lengths: Mapping[str, int],
                each: dict[str, dict[str, float | None]] | None = None) -> list[SpanAlpha]:
    """u-alpha per span type (overall, then per label) over the articles all coders coded.
    `each`: filled with variable -> uid -> that article's u-alpha where the coders differ."""
    coders = comparison.coders
    full = [a for a in comparison.articles
            if len(a.coders) == len(coders) and a.uid in lengths]
    if len(coders) < 2 or not full:
        return []
    rows: list[SpanAlpha] = []
    for variable, (kind, spans) in SPAN_TYPES.items():
        per_coder: dict[str, dict[str, dict]] = {c: {} for c in coders}
        for article in full:
            for coder, by_category in _spans_of(article, kind, spans).items():
                per_coder[coder][article.uid] = by_category
        found: dict[str, float | None] = {}
        overall, per = unitizing_alpha(per_coder, lengths, [a.uid for a in full],
                                       each=found)
        if each is not None:
            each[variable] = found
        for result in (overall, *per):
            rows.append(SpanAlpha(variable, result.category, result.alpha, result.observed,
                                  result.expected, result.units, len(full), len(coders)))
    return rows


def article_figures(comparison: Comparison, lengths: Mapping[str, int],
                    known: Mapping[str, Mapping[str, float | None]] | None = None
                    ) -> list[ArticleFigures]:
    """Per compared article: the open questions per kind (what an adjudicator decides) and
    each span type's u-alpha; most disagreement first (ties: lowest u-alpha first).
    `known`: per-article u-alphas span_alphas already computed (variable -> uid -> alpha)."""
    # Imported here: items -> log -> report -> agreement -> this module.
    from framedesk.core.review.items import differences

    out = []
    for article in comparison.articles:
        figures = ArticleFigures(article.uid, article.title, list(article.coders))
        for kind in KINDS:
            diff = article.kinds[kind]
            figures.differences[kind] = 0 if diff.agrees else len(differences(diff))
        length = lengths.get(article.uid)
        for variable, (kind, spans) in SPAN_TYPES.items():
            if length is None or article.kinds[kind].agrees:
                # Equal spans (or none at all): agreement is complete where there are any.
                has = article.kinds[kind].equal_count or any(
                    article.kinds[kind].items.get(c) for c in article.coders)
                figures.span_alpha[variable] = 1.0 if has else None
                continue
            if known is not None and article.uid in known.get(variable, {}):
                figures.span_alpha[variable] = known[variable][article.uid]
                continue
            per_coder = {c: {article.uid: s}
                         for c, s in _spans_of(article, kind, spans).items()}
            overall, _ = unitizing_alpha(per_coder, {article.uid: length}, [article.uid])
            figures.span_alpha[variable] = overall.alpha
        out.append(figures)
    out.sort(key=lambda f: (-f.total, 2.0 if f.lowest_alpha is None else f.lowest_alpha,
                            f.title))
    return out
