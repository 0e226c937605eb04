"""The differences of one kind on one article, item by item, as an adjudicator decides them.

A kind's disputed items are split into separate differences wherever they can be told apart:
each secondary frame is one; cues, attributions and entity mentions that overlap in the text
form one difference (Ana's 'security' cue on "Kyiv" against Ben's 'economic' cue on the same
word is one question, not two). A primary frame and a tone hold one value per article, so
all their disputed items are a single difference.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from framedesk.core.review.compare import KindDiff
from framedesk.core.review.log import describe_items
from framedesk.core.review.work import (
    ATTRIBUTIONS,
    CUES,
    ENTITIES,
    SECONDARY,
    SINGLE_VALUED,
    SPAN_PARTS,
    Item,
)

# What an adjudicator can do with one difference. "neither" drops every coder's version.
ITEM_DECISIONS = ("mine", "theirs", "both", "neither", "edited")


@dataclass(slots=True)
class Difference:
    """One question for the adjudicator: each coder's version of one item (possibly none)."""

    kind: str
    versions: dict[str, list[Item]]        # coder -> that coder's items in this difference

    @property
    def label(self) -> str:
        """The log's `item` column, and how a decision is found again for this difference."""
        return describe_items(self.kind, self.versions)

    def keys(self) -> set[tuple]:
        return {i.key for items in self.versions.values() for i in items}

    def spans(self) -> list[tuple[int, int]]:
        return [s for items in self.versions.values() for i in items for s in item_spans(i)]


def item_spans(item: Item) -> list[tuple[int, int]]:
    """Where an item sits in the text (document-level codes sit nowhere)."""
    d = item.data
    if item.kind in (CUES, ENTITIES):
        return [(d["start"], d["end"])]
    if item.kind == ATTRIBUTIONS:
        return [(d[p][0], d[p][1]) for p in SPAN_PARTS if d.get(p)]
    return []


def _overlap(a: Item, b: Item) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in item_spans(a) for s2, e2 in item_spans(b))


def differences(diff: KindDiff) -> list[Difference]:
    """The kind's differences, in text order (empty when the coders agree)."""
    if diff.agrees:
        return []
    disputed = diff.disputed()
    coders = list(disputed)
    if diff.kind in SINGLE_VALUED:
        return [Difference(diff.kind, {c: list(disputed[c]) for c in coders})]
    # Every disputed item once, with the coders who have it.
    pool: list[tuple[Item, list[str]]] = []
    index: dict[tuple, int] = {}
    for coder in coders:
        for item in disputed[coder]:
            if item.key not in index:
                index[item.key] = len(pool)
                pool.append((item, []))
            pool[index[item.key]][1].append(coder)
    # Group overlapping items (secondary frames never overlap: each stands alone).
    parent = list(range(len(pool)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    if diff.kind != SECONDARY:
        for a in range(len(pool)):
            for b in range(a + 1, len(pool)):
                if _overlap(pool[a][0], pool[b][0]):
                    parent[root(b)] = root(a)
    groups: dict[int, Difference] = {}
    for n, (item, holders) in enumerate(pool):
        group = groups.setdefault(root(n), Difference(diff.kind, {c: [] for c in coders}))
        for coder in holders:
            group.versions[coder].append(item)
    return sorted(groups.values(), key=_position)


def _position(d: Difference) -> tuple:
    spans = d.spans()
    return (min(spans) if spans else (0, 0), d.label)


def decided_items(versions: Mapping[str, Sequence[Item]], decision: str, *, mine: str,
                  coder: str | None, items: Sequence[Item] = ()) -> tuple[list[Item],
                                                                           str | None]:
    """What the gold file holds for a difference after `decision`, and whose version it is."""
    if decision == "mine":
        if mine not in versions:
            raise ValueError(f"{mine} did not code this article")
        return list(versions[mine]), mine
    if decision == "theirs":
        if coder is None:
            others = [c for c in versions if c != mine]
            if len(others) != 1:
                raise ValueError("theirs needs a coder when more than two files are open")
            coder = others[0]
        if coder not in versions:       # taking nothing from a coder who did not code it
            raise ValueError(f"{coder} did not code this article")
        return list(versions[coder]), coder
    if decision == "both":
        out, seen = [], set()
        for listed in versions.values():
            for i in listed:
                if i.key not in seen:
                    seen.add(i.key)
                    out.append(i)
        return out, ", ".join(versions)
    if decision == "neither":
        return [], None
    if decision == "edited":
        return list(items), None
    raise ValueError(decision)
