"""What changed, told once: views refresh from the change, not by reloading everything.

After a command, an import or a background job, whoever changed the project calls
`hub.notify(kinds, article_ids)`; every view listening to `hub.changed` looks at the kinds it
shows and the articles it holds and refreshes only those. (Anki's OpChanges, in small.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

# The kinds of change views care about. Others may be added by new panels.
ARTICLES = "articles"          # articles added or removed: lists recount
STATUS = "status"              # an article's status
METADATA = "metadata"          # title, outlet, date ...
ENTITIES = "entities"          # entity mentions or canonical entities
FRAMES = "frames"              # document codes: frames and tone
CUES = "cues"                  # span codes
ATTRIBUTIONS = "attributions"
MEMO = "memo"
PROJECT = "project"            # a different project (or a reset): everything


@dataclass(frozen=True, slots=True)
class Changes:
    kinds: frozenset[str]
    article_ids: frozenset[int] = frozenset()   # empty with a kind: possibly every article

    def touches(self, kind: str, article_id: int | None = None) -> bool:
        """Does this change concern `kind` (for this article, if given)?"""
        if PROJECT in self.kinds:
            return True
        if kind not in self.kinds:
            return False
        return article_id is None or not self.article_ids or article_id in self.article_ids


class ChangeHub(QObject):
    changed = Signal(object)   # Changes

    def notify(self, kinds: Iterable[str] | str, article_ids: Iterable[int] = ()) -> Changes:
        kinds = frozenset([kinds] if isinstance(kinds, str) else kinds)
        change = Changes(kinds, frozenset(article_ids))
        self.changed.emit(change)
        return change
