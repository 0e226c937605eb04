"""Span agreement as the field reports it (Krippendorff's unitizing alpha per span type and
label) and per-article figures, so the articles with the most disagreement can be found.

Span types: entity mentions (categories: their labels), frame cues (their codes) and
attributions (their parts: source, cue, content). u-alpha is computed over the articles
every coder of the comparison coded (core.review.unitizing); with fewer than two such
coders or articles the rows are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from framedesk.core.review.compare import ArticleDiff, Comparison
from framedesk.core.review.unitizing import unitizing_alpha
from framedesk.core.review.work import ATTRIBUTIONS, CUES, ENTITIES, KINDS, SPAN_PARTS, Item

ENTITY_SPANS = "entity spans"
CUE_SPANS = "frame cue spans"
ATTRIBUTION_SPANS = "attribution spans"
WORST_SHOWN = 10


def _entity(i: Item) -> list[tuple[str, int, int]]:
    return [(i.key[2], i.key[0], i.key[1])]


def _cue(i: Item) -> list[tuple[str, int, int]]:
    return [(i.key[3], i.key[0], i.key[1])]


def _attribution(i: Item) -> list[tuple[str, int, int]]:
    return [(part, *span) for part, span in zip(SPAN_PARTS, i.key[:3]) if span]


# variable -> (kind, item -> [(category, start, end)])
SPAN_TYPES: dict[str, tuple[str, Callable[[Item], list[tuple[str, int, int]]]]] = {
    ENTITY_SPANS: (ENTITIES, _entity),
    CUE_SPANS: (CUES, _cue),
    ATTRIBUTION_SPANS: (ATTRIBUTIONS, _attribution),
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


def _spans_of(article: ArticleDiff, kind: str, spans: Callable) -> dict[str, dict]:
    """coder -> {category: [(start, end)]} for one article."""
    out: dict[str, dict[str, list[tuple[int, int]]]] = {}
    diff = article.kinds[kind]
    for coder in article.coders:
        by_category: dict[str, list[tuple[int, int]]] = {}
        for item in diff.items.get(coder, []):
            for category, start, end in spans(item):
                by_category.setdefault(category, []).append((start, end))
        out[coder] = by_category
    return out


def span_alphas(comparison: Comparison, lengths: Mapping[str, int]) -> list[SpanAlpha]:
    """u-alpha per span type (overall, then per label) over the articles all coders coded."""
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
        overall, per = unitizing_alpha(per_coder, lengths, [a.uid for a in full])
        for result in (overall, *per):
            rows.append(SpanAlpha(variable, result.category, result.alpha, result.observed,
                                  result.expected, result.units, len(full), len(coders)))
    return rows


def article_figures(comparison: Comparison, lengths: Mapping[str, int]
                    ) -> list[ArticleFigures]:
    """Per compared article: the open questions per kind (what an adjudicator decides) and
    each span type's u-alpha; most disagreement first (ties: lowest u-alpha first)."""
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
            per_coder = {c: {article.uid: s}
                         for c, s in _spans_of(article, kind, spans).items()}
            overall, _ = unitizing_alpha(per_coder, {article.uid: length}, [article.uid])
            figures.span_alpha[variable] = overall.alpha
        out.append(figures)
    out.sort(key=lambda f: (-f.total, 2.0 if f.lowest_alpha is None else f.lowest_alpha,
                            f.title))
    return out
