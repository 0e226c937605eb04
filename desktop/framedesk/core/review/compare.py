"""Article by article, kind by kind: do the coders agree, and on which items?

Articles are matched by their stable uid. Only articles that at least two coders worked on
are compared (two untouched imports agree trivially); the rest are listed so nothing is
silently dropped. With more than two coders, an item is agreed when every coder who worked
on the article has it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from framedesk.core.review.work import KINDS, ArticleWork, Item


@dataclass(slots=True)
class KindDiff:
    kind: str
    items: dict[str, list[Item]]           # coder -> that coder's items of this kind
    agreed: list[Item] = field(default_factory=list)
    agrees: bool = True                    # every coder has the same items

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
            return KindDiff(kind, dict(items), list(lists[0]), True)  # the common case
    common = set.intersection(*({i.key for i in lst} for lst in lists)) if lists else set()
    agreed, seen = [], set()
    for i in lists[0] if lists else []:
        if i.key in common and i.key not in seen:
            agreed.append(i)
            seen.add(i.key)
    sets = [frozenset(i.key for i in lst) for lst in lists]
    return KindDiff(kind, dict(items), agreed, all(k == sets[0] for k in sets))


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
        kinds = {k: diff_kind(k, {c: works[c][uid].of(k) for c in coding}) for k in KINDS}
        articles.append(ArticleDiff(uid, title, coding, kinds))
    return Comparison(coders, articles, partial, uncoded)
