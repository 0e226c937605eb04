"""Krippendorff's unitizing alpha (u-alpha) for spans: how well coders agree on where units
begin and end in a continuum (here: an article's characters), per category and overall.

Following Krippendorff (1995, "On the reliability of unitizing continuous data", and 2004,
"Content Analysis", 2nd ed., section 12.4): for one category, each coder cuts every
continuum into sections, units of the category (w = 1) and gaps (w = 0). Two coders' sections
that meet contribute a squared distance:
  both units that overlap:      (b_g - b_h)^2 + (e_g - e_h)^2   (begin and end differences)
  a unit inside the other's gap: the unit's length^2
  anything else:                 0
Observed disagreement D_o is the sum over all ordered pairs of coders divided by
m (m - 1) L^2 (m coders, L characters). Expected disagreement D_e is what the same units
would give placed anywhere in the continuum; it has a closed form in the units' and gaps'
lengths. alpha = 1 - D_o / D_e; across categories alpha = 1 - sum D_o / sum D_e.

Checked against the book's worked example (2004, p. 254: alpha_c 0.7286, overall 0.8591)
and the 1995 paper's examples (tests/core/test_unitizing_alpha.py). The closed form for
D_e as printed is half of what the worked examples use; the factor 2 here makes both
match (and agrees with the examples to every printed digit).

Several articles: sections never cross an article's end, so a gap at the end of one
article and the start of the next stay two gaps; L is the total length. A coder's
overlapping spans of one category are joined into one unit first (u-alpha needs a
partition of the continuum). Only articles that every coder coded count.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Interval = tuple[int, int]                 # start, end (exclusive)
# coder -> article -> category -> spans
Spans = Mapping[str, Mapping[str, Mapping[str, Sequence[Interval]]]]


@dataclass(slots=True)
class UnitizingAlpha:
    category: str                          # a label, or "" for all categories together
    observed: float                        # D_o
    expected: float                        # D_e
    units: int                             # units (joined spans) of all coders

    @property
    def alpha(self) -> float | None:
        if self.expected <= 0:
            return None if self.observed > 0 or self.units == 0 else 1.0
        return 1.0 - self.observed / self.expected


def join_overlaps(spans: Iterable[Interval], length: int) -> list[Interval]:
    """The spans clipped to [0, length), sorted, overlapping ones joined (touching ones stay
    two units: two quotes side by side are two)."""
    out: list[list[int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in spans):
        if end <= start:
            continue
        if out and start < out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(s, e) for s, e in out]


def _sections(units: Sequence[Interval], length: int) -> list[tuple[int, int, int]]:
    """(begin, end, w) covering [0, length): the units and the gaps between them."""
    out, pos = [], 0
    for s, e in units:
        if s > pos:
            out.append((pos, s, 0))
        out.append((s, e, 1))
        pos = e
    if pos < length:
        out.append((pos, length, 0))
    return out


def pair_distance(a: Sequence[tuple[int, int, int]], b: Sequence[tuple[int, int, int]]
                  ) -> int:
    """Sum of the squared distances of a's sections against b's (both partitions of one
    continuum), walking both in order: only sections that meet can count."""
    total = i = j = 0
    while i < len(a) and j < len(b):
        bg, eg, wg = a[i]
        bh, eh, wh = b[j]
        if wg and wh:                       # they meet here, so they overlap
            total += (bg - bh) ** 2 + (eg - eh) ** 2
        elif wg and bh <= bg and eg <= eh:  # a's unit inside b's gap
            total += (eg - bg) ** 2
        elif wh and bg <= bh and eh <= eg:  # b's unit inside a's gap
            total += (eh - bh) ** 2
        if eg <= eh:
            i += 1
        if eh <= eg:
            j += 1
    return total


class _Category:
    """Running sums for one category over many articles."""

    __slots__ = ("distance", "unit_lengths", "gap_lengths")

    def __init__(self) -> None:
        self.distance = 0
        self.unit_lengths: list[int] = []
        self.gap_lengths: list[int] = []

    def add(self, partitions: Sequence[Sequence[tuple[int, int, int]]]) -> None:
        for n, a in enumerate(partitions):
            for k, b in enumerate(partitions):
                if n < k:                    # the distance is symmetric: count both orders
                    self.distance += 2 * pair_distance(a, b)
            for s, e, w in a:
                (self.unit_lengths if w else self.gap_lengths).append(e - s)

    def result(self, category: str, coders: int, length: int) -> UnitizingAlpha:
        m, L = coders, length
        units = len(self.unit_lengths)
        if m < 2 or L < 2:
            return UnitizingAlpha(category, 0.0, 0.0, units)
        observed = self.distance / (m * (m - 1) * L * L)
        gaps = sorted(self.gap_lengths)
        # Suffix sums over gaps of (length + 1), for "every gap at least as long as l".
        tail = [0] * (len(gaps) + 1)
        for g in range(len(gaps) - 1, -1, -1):
            tail[g] = tail[g + 1] + gaps[g] + 1
        within = 0
        for l in self.unit_lengths:
            first = bisect_left(gaps, l)
            longer = len(gaps) - first
            within += (units - 1) / 3 * (2 * l ** 3 - 3 * l ** 2 + l) \
                + l * l * (tail[first] - l * longer)
        total = m * L
        denominator = total * (total - 1) - sum(l * (l - 1) for l in self.unit_lengths)
        expected = 4 / total * within / denominator if denominator > 0 else 0.0
        return UnitizingAlpha(category, observed, expected, units)


def unitizing_alpha(spans: Spans, lengths: Mapping[str, int],
                    articles: Iterable[str] | None = None
                    ) -> tuple[UnitizingAlpha, list[UnitizingAlpha]]:
    """u-alpha over `articles` (default: every article in `lengths` that each coder has in
    `spans`): overall (category "") and one per category, categories sorted.

    `spans[coder][article][category]` are that coder's spans; an article a coder has with
    no spans of a category counts as all gap for it."""
    coders = list(spans)
    if articles is None:
        articles = [a for a in lengths if all(a in spans[c] for c in coders)]
    articles = list(articles)
    categories = sorted({cat for c in coders for a in articles
                         for cat in spans[c].get(a, {})})
    sums = {cat: _Category() for cat in categories}
    L = 0
    for article in articles:
        length = lengths[article]
        L += length
        for cat in categories:
            sums[cat].add([_sections(join_overlaps(spans[c].get(article, {}).get(cat, ()),
                                                   length), length) for c in coders])
    per = [sums[cat].result(cat, len(coders), L) for cat in categories]
    overall = UnitizingAlpha("", sum(r.observed for r in per), sum(r.expected for r in per),
                             sum(r.units for r in per))
    return overall, per
