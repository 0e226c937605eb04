"""Article by article, kind by kind: do the coders agree, and on which items?

Articles are matched by their stable uid. Only articles that at least two coders worked on
are compared (two untouched imports agree trivially); the rest are listed so nothing is
silently dropped. With more than two coders, an item is agreed when every coder who worked
on the article has it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from framedesk.core.review.work import ENTITIES, KINDS, ArticleWork, Item


class KindDiff:
    """One kind on one article: each coder's items, the items all share, whether they agree.

    Built lazily for entity mentions the coders' files hold identically (`kind_diff_of`):
    their Items are only made when `items` or `agreed` is read."""

    __slots__ = ("kind", "_items", "_agreed", "agrees", "_works", "equal_count")

    def __init__(self, kind: str, items: dict[str, list[Item]] | None = None,
                 agreed: list[Item] | None = None, agrees: bool = True,
                 works: Mapping[str, ArticleWork] | None = None,
                 equal_count: int | None = None) -> None:
        self.kind = kind
        self._items = items
        self._agreed = agreed if agreed is not None or items is None else []
        self.agrees = agrees
        self._works = works              # coder -> work, to build the items from
        # When set: every coder has this many items, the same ones in the same order.
        self.equal_count = equal_count

    def _build(self) -> None:
        assert self._works is not None
        built = diff_kind(self.kind, {c: w.of(self.kind) for c, w in self._works.items()})
        self._items, self._agreed, self._works = built._items, built._agreed, None

    @property
    def items(self) -> dict[str, list[Item]]:
        """coder -> that coder's items of this kind"""
        if self._items is None:
            self._build()
        return self._items  # type: ignore[return-value]

    @property
    def agreed(self) -> list[Item]:
        if self._items is None:
            self._build()
        return self._agreed  # type: ignore[return-value]

    def __repr__(self) -> str:
        return f"KindDiff({self.kind}, agrees={self.agrees})"

    def shared_raw(self) -> str | None:
        """Entity mentions every coder holds identically, as the JSON text the store
        handed over (see ArticleWork.entity_json), while no Item was made of them."""
        if self.equal_count is not None and self._items is None and self._works:
            return next(iter(self._works.values())).raw_entities
        return None

    def shared_items(self) -> list[Item]:
        """When every coder holds the same items (`equal_count` set): one coder's, without
        building the others' (entity mentions of a large comparison stay lazy)."""
        assert self.equal_count is not None
        if self._items is None and self._works:
            return next(iter(self._works.values())).of(self.kind)
        return next(iter(self.items.values()), [])

    def disputed(self) -> dict[str, list[Item]]:
        """Each coder's items that not everyone has."""
        shared = {i.key for i in self.agreed}
        return {coder: [i for i in items if i.key not in shared]
                for coder, items in self.items.items()}


@dataclass(slots=True)
class ArticleDiff:
    uid: str
    title: str
    coders: list[str]
    kinds: dict[str, KindDiff]

    @property
    def agrees(self) -> bool:
        return all(k.agrees for k in self.kinds.values())

    @property
    def disagreeing(self) -> list[str]:
        return [name for name, k in self.kinds.items() if not k.agrees]


@dataclass(frozen=True, slots=True)
class ArticleRef:
    uid: str
    title: str
    present_in: tuple[str, ...]            # coders whose file has it (partial) or who coded it


@dataclass(slots=True)
class Comparison:
    coders: list[str]
    articles: list[ArticleDiff]            # compared: in two or more files, coded by 2+
    partial: list[ArticleRef]              # not in every file
    uncoded: list[ArticleRef]              # in two or more files, but coded by fewer than 2

    def disagreements(self) -> list[ArticleDiff]:
        return [a for a in self.articles if not a.agrees]

    def article(self, uid: str) -> ArticleDiff | None:
        for a in self.articles:
            if a.uid == uid:
                return a
        return None

    def summary(self) -> dict[str, dict[str, int]]:
        """Per kind: how many compared articles agree and disagree."""
        out = {k: {"agree": 0, "disagree": 0} for k in KINDS}
        for a in self.articles:
            for name, k in a.kinds.items():
                out[name]["agree" if k.agrees else "disagree"] += 1
        return out


def diff_kind(kind: str, items: Mapping[str, list[Item]]) -> KindDiff:
    lists = list(items.values())
    if all(len(lst) == len(lists[0]) for lst in lists):
        keys = [[i.key for i in lst] for lst in lists]
        if all(k == keys[0] for k in keys) and len(set(keys[0])) == len(keys[0]):
            return KindDiff(kind, dict(items), list(lists[0]), True,  # the common case
                            equal_count=len(lists[0]))
    common = set.intersection(*({i.key for i in lst} for lst in lists)) if lists else set()
    agreed, seen = [], set()
    for i in lists[0] if lists else []:
        if i.key in common and i.key not in seen:
            agreed.append(i)
            seen.add(i.key)
    sets = [frozenset(i.key for i in lst) for lst in lists]
    return KindDiff(kind, dict(items), agreed, all(k == sets[0] for k in sets))


def kind_diff_of(kind: str, works: Mapping[str, ArticleWork]) -> KindDiff:
    """The diff of one kind between the coders' works on one article (`works`: coder ->
    work). Entity mentions whose JSON texts are equal in every file agree without building
    a single Item (equal texts hold equal keys in the same order)."""
    if kind == ENTITIES:
        raw = [w.raw_entities for w in works.values()]
        first = raw[0]
        if first is not None and all(r == first for r in raw):
            count = next(iter(works.values())).entity_count
            return KindDiff(kind, agrees=True, works=dict(works), equal_count=count)
    return diff_kind(kind, {c: w.of(kind) for c, w in works.items()})


def compare(works: Mapping[str, Mapping[str, ArticleWork]]) -> Comparison:
    """`works`: coder label -> (uid -> that coder's work), in the order coders are shown."""
    coders = list(works)
    order: dict[str, str] = {}                 # uid -> title, first file's order first
    for by_uid in works.values():
        for uid, w in by_uid.items():
            order.setdefault(uid, w.title)
    articles: list[ArticleDiff] = []
    partial: list[ArticleRef] = []
    uncoded: list[ArticleRef] = []
    for uid, title in order.items():
        holders = [c for c in coders if uid in works[c]]
        if len(holders) < len(coders):
            partial.append(ArticleRef(uid, title, tuple(holders)))
        if len(holders) < 2:
            continue
        coding = [c for c in holders if works[c][uid].coded]
        if len(coding) < 2:
            uncoded.append(ArticleRef(uid, title, tuple(coding)))
            continue
        article = {c: works[c][uid] for c in coding}
        kinds = {k: kind_diff_of(k, article) for k in KINDS}
        articles.append(ArticleDiff(uid, title, coding, kinds))
    return Comparison(coders, articles, partial, uncoded)
