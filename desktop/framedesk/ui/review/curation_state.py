"""Which differences are still open: the comparison's differences against the gold file's log.

A difference is decided when the latest log row for its item (article, kind, label) is a
decision, not 'undecided'. The article list, the differences table and the curation view
all ask here, so after a decision none of them still says "differ" about it. Differences
are computed per article on first use and kept; a decision re-reads one article's log.
"""

from __future__ import annotations

from framedesk.core.review.compare import ArticleDiff, Comparison
from framedesk.core.review.items import Difference, differences
from framedesk.core.review.log import read_log
from framedesk.core.review.work import KINDS
from framedesk.core.store import Project

Entry = tuple[str, Difference]          # (kind, difference)


class OpenDifferences:
    def __init__(self, comparison: Comparison, gold: Project | None = None) -> None:
        self.comparison = comparison
        self.gold = gold
        self._all: dict[str, list[Entry]] = {}
        self._decided: dict[str, set[tuple[str, str]]] = {}   # uid -> {(kind, label)}
        self._total: int | None = None
        self.reload()

    def set_gold(self, gold: Project | None) -> None:
        self.gold = gold
        self.reload()

    def reload(self) -> None:
        self._decided = {}
        self._total = None
        if self.gold is None:
            return
        latest: dict[tuple[str, str, str], str] = {}
        for e in read_log(self.gold):
            latest[e.article_uid, e.kind, e.item] = e.decision
        for (uid, kind, item), decision in latest.items():
            if decision != "undecided":
                self._decided.setdefault(uid, set()).add((kind, item))

    def refresh(self, uid: str) -> None:
        """Read one article's log again (after a decision on it)."""
        if self.gold is None:
            return
        latest: dict[tuple[str, str], str] = {}
        for e in read_log(self.gold, uid):
            latest[e.kind, e.item] = e.decision
        self._decided[uid] = {k for k, d in latest.items() if d != "undecided"}
        self._total = None

    # ------------------------------------------------------------ asking
    def all_in(self, article: ArticleDiff) -> list[Entry]:
        """Every difference of the article, kind by kind (KINDS order), in text order."""
        found = self._all.get(article.uid)
        if found is None:
            found = [(kind, d) for kind in KINDS for d in differences(article.kinds[kind])]
            self._all[article.uid] = found
        return found

    def is_decided(self, uid: str, kind: str, difference: Difference) -> bool:
        return (kind, difference.label) in self._decided.get(uid, ())

    def open_in(self, article: ArticleDiff) -> list[Entry]:
        decided = self._decided.get(article.uid, set())
        return [(k, d) for k, d in self.all_in(article) if (k, d.label) not in decided]

    def kind_decided(self, article: ArticleDiff, kind: str) -> bool:
        """The coders differ on `kind` here, and every one of those differences is decided."""
        entries = [d for k, d in self.all_in(article) if k == kind]
        return bool(entries) and all(self.is_decided(article.uid, kind, d) for d in entries)

    def total_open(self) -> int:
        if self._total is None:
            self._total = sum(len(self.open_in(a)) for a in self.comparison.disagreements())
        return self._total

    def remaining_text(self, article: ArticleDiff | None) -> str:
        """'3 of 12 differences left in this article, 40 in all'."""
        total = self.total_open()
        if article is None:
            return f"{total} difference{'s' if total != 1 else ''} left in all"
        left, count = len(self.open_in(article)), len(self.all_in(article))
        if count == 0:
            return f"The coders agree on this article; {total} difference(s) left in all"
        return (f"{left} of {count} difference{'s' if count != 1 else ''} left in this "
                f"article, {total} in all")
