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
    out: list[Interval] = []
    last_end = -1
    for start, end in sorted(spans):
        if start < 0 or end > length:            # a span past the text (never written)
            start, end = max(0, start), min(length, end)
        if end <= start:
            continue
        if start < last_end:
            if end > last_end:
                out[-1] = (out[-1][0], end)
                last_end = end
        else:
            out.append((start, end))
            last_end = end
    return out


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
    """Running sums for one category over many articles: the coders' squared distances,
    and how often each unit length and gap length occurred (D_e needs only those)."""

    __slots__ = ("distance", "units", "gaps", "present")

    def __init__(self) -> None:
        self.distance = 0
        # Plain dicts (length -> count): Counter's methods cost more than the sums here.
        self.units: dict[int, int] = {}
        self.gaps: dict[int, int] = {}
        self.present: dict[int, int] = {}        # lengths of the articles that have some

    def add_same(self, units: Sequence[Interval], length: int, coders: int) -> None:
        """Every coder cut the continuum the same way: no distance, m times the lengths."""
        self.present[length] = self.present.get(length, 0) + 1
        gaps, found = self.gaps, self.units
        pos = 0
        for s, e in units:
            if s > pos:
                gaps[s - pos] = gaps.get(s - pos, 0) + coders
            found[e - s] = found.get(e - s, 0) + coders
            pos = e
        if pos < length:
            gaps[length - pos] = gaps.get(length - pos, 0) + coders

    def add(self, partitions: Sequence[Sequence[tuple[int, int, int]]], length: int) -> None:
        self.present[length] = self.present.get(length, 0) + 1
        for n, a in enumerate(partitions):
            for k, b in enumerate(partitions):
                if n < k:                    # the distance is symmetric: count both orders
                    self.distance += 2 * pair_distance(a, b)
            for s, e, w in a:
                counts = self.units if w else self.gaps
                counts[e - s] = counts.get(e - s, 0) + 1

    def merge(self, other: _Category) -> None:
        self.distance += other.distance
        for mine, theirs in ((self.units, other.units), (self.gaps, other.gaps),
                             (self.present, other.present)):
            for length, n in theirs.items():
                mine[length] = mine.get(length, 0) + n

    def result(self, category: str, coders: int, length: int,
               articles: dict[int, int]) -> UnitizingAlpha:
        """`articles`: the lengths of all articles; those without a unit of this category
        are one gap for each coder."""
        m, L = coders, length
        units = sum(self.units.values())
        if m < 2 or L < 2:
            return UnitizingAlpha(category, 0.0, 0.0, units)
        observed = self.distance / (m * (m - 1) * L * L)
        gap_counts = dict(self.gaps)
        for l, n in articles.items():
            n -= self.present.get(l, 0)
            if n:
                gap_counts[l] = gap_counts.get(l, 0) + n * m
        gaps = sorted(gap_counts)
        # Suffix sums over gaps of count, and count * (length + 1), for "every gap at least
        # as long as l".
        tail_n = [0] * (len(gaps) + 1)
        tail_sum = [0] * (len(gaps) + 1)
        for g in range(len(gaps) - 1, -1, -1):
            n = gap_counts[gaps[g]]
            tail_n[g] = tail_n[g + 1] + n
            tail_sum[g] = tail_sum[g + 1] + n * (gaps[g] + 1)
        within = 0.0
        inside = 0
        for l, k in self.units.items():
            first = bisect_left(gaps, l)
            within += k * ((units - 1) / 3 * (2 * l ** 3 - 3 * l ** 2 + l)
                           + l * l * (tail_sum[first] - l * tail_n[first]))
            inside += k * l * (l - 1)
        total = m * L
        denominator = total * (total - 1) - inside
        expected = 4 / total * within / denominator if denominator > 0 else 0.0
        return UnitizingAlpha(category, observed, expected, units)


def unitizing_alpha(spans: Spans, lengths: Mapping[str, int],
                    articles: Iterable[str] | None = None, *,
                    each: dict[str, float | None] | None = None
                    ) -> tuple[UnitizingAlpha, list[UnitizingAlpha]]:
    """u-alpha over `articles` (default: every article in `lengths` that each coder has in
    `spans`): overall (category "") and one per category, categories sorted.

    `spans[coder][article][category]` are that coder's spans; an article a coder has with
    no spans of a category counts as all gap for it. Coders whose `spans[coder][article]`
    is one and the same object agree there: it is read once.

    `each`: filled with every article's own u-alpha over all categories where the coders
    differ (computed from the same sections, so asking costs little more)."""
    coders = list(spans)
    if articles is None:
        articles = [a for a in lengths if all(a in spans[c] for c in coders)]
    articles = list(articles)
    sums: dict[str, _Category] = {}
    lengths_seen: dict[int, int] = {}
    L = 0
    m = len(coders)
    for article in articles:
        length = lengths[article]
        L += length
        lengths_seen[length] = lengths_seen.get(length, 0) + 1
        held = [spans[c].get(article, {}) for c in coders]
        if all(h is held[0] for h in held):     # one object: the coders' spans are equal
            for cat, found in held[0].items():
                if found:
                    sums.setdefault(cat, _Category()).add_same(join_overlaps(found, length),
                                                               length, m)
            continue
        # Categories no coder used here are all gap: counted once, in result().
        here: dict[str, _Category] = {}
        for cat in sorted({cat for h in held for cat, found in h.items() if found}):
            first = held[0].get(cat, ())
            if all(h.get(cat, ()) == first for h in held):   # e.g. the labels not relabelled
                here.setdefault(cat, _Category()).add_same(join_overlaps(first, length),
                                                           length, m)
                continue
            here.setdefault(cat, _Category()).add(
                [_sections(join_overlaps(h.get(cat, ()), length), length) for h in held],
                length)
        if each is not None:
            results = [c.result(cat, m, length, {length: 1}) for cat, c in here.items()]
            each[article] = UnitizingAlpha("", sum(r.observed for r in results),
                                           sum(r.expected for r in results),
                                           sum(r.units for r in results)).alpha
        for cat, found in here.items():
            sums.setdefault(cat, _Category()).merge(found)
    per = [sums[cat].result(cat, m, L, lengths_seen) for cat in sorted(sums)]
    overall = UnitizingAlpha("", sum(r.observed for r in per), sum(r.expected for r in per),
                             sum(r.units for r in per))
    return overall, per
