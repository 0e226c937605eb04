"""The article list grouped by story: a two-level tree (story -> its articles).

Like the flat list it adapts the store and owns nothing: it holds the stories of the
articles the list currently shows (search and filters apply) and fetches the articles' titles
a page at a time. Articles in no story are gathered under a last node, so grouping never
hides an article.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from framedesk.core.store import Project
from framedesk.ui.two_level_model import TOP, TwoLevelModel

COLUMNS = ("Story / title", "Outlet", "Date")
NO_STORY = "Not in a story"
ID_ROLE = Qt.ItemDataRole.UserRole + 1        # article id (child rows) or None
STORY_ROLE = Qt.ItemDataRole.UserRole + 2     # story id (story rows and their children)
PAGE = 200

_Index = QModelIndex | QPersistentModelIndex


@dataclass(slots=True)
class StoryNode:
    story_id: int | None          # None: the articles in no story
    name: str
    manual: bool
    article_ids: list[int]


class StoryTreeModel(TwoLevelModel):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.nodes: list[StoryNode] = []
        self._rows: dict[int, dict[str, Any]] = {}

    # ------------------------------------------------------------ loading
    def load(self, project: Project | None, visible_ids: list[int]) -> None:
        """Stories of the visible articles (the flat list's rows, in its order)."""
        self.beginResetModel()
        self.project = project
        self._rows.clear()
        self.nodes = []
        if project is not None:
            visible = set(visible_ids)
            order = {aid: i for i, aid in enumerate(visible_ids)}
            grouped: set[int] = set()
            for story in project.stories.all():
                members = sorted((a for a in story.article_ids if a in visible),
                                 key=order.__getitem__)
                if members:
                    self.nodes.append(StoryNode(story.story_id, story.name, story.manual,
                                                members))
                    grouped.update(members)
            self.nodes.sort(key=lambda n: order[n.article_ids[0]])
            rest = [a for a in visible_ids if a not in grouped]
            if rest:
                self.nodes.append(StoryNode(None, NO_STORY, False, rest))
        self.endResetModel()

    def forget_rows(self, article_ids=None) -> None:
        """Titles or dates changed: fetch them again when drawn."""
        if article_ids is None:
            self._rows.clear()
        else:
            for aid in article_ids:
                self._rows.pop(aid, None)
        if self.nodes:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.nodes) - 1,
                                                               len(COLUMNS) - 1))

    def _row(self, node: StoryNode, i: int) -> dict[str, Any]:
        aid = node.article_ids[i]
        found = self._rows.get(aid)
        if found is None and self.project is not None:
            lo = max(0, i - PAGE // 4)
            page = [a for a in node.article_ids[lo:lo + PAGE] if a not in self._rows]
            self._rows.update(self.project.articles.summaries(page))
            found = self._rows.get(aid, {})
        return found or {}

    # ------------------------------------------------------------ finding things
    def node_of(self, index: _Index) -> tuple[StoryNode | None, int | None]:
        """(the story node, the article's row in it or None for the story row itself)."""
        if not index.isValid():
            return None, None
        if index.internalId() == TOP:
            return self.nodes[index.row()], None
        return self.nodes[index.internalId() - 1], index.row()

    def article_id(self, index: _Index) -> int | None:
        node, row = self.node_of(index)
        return node.article_ids[row] if node is not None and row is not None else None

    def index_of_article(self, article_id: int) -> QModelIndex:
        for n, node in enumerate(self.nodes):
            if article_id in node.article_ids:
                return self.index(node.article_ids.index(article_id), 0, self.index(n, 0))
        return QModelIndex()

    def index_of_story(self, story_id: int) -> QModelIndex:
        for n, node in enumerate(self.nodes):
            if node.story_id == story_id:
                return self.index(n, 0)
        return QModelIndex()

    # ------------------------------------------------------------ Qt model
    def group_count(self) -> int:
        return len(self.nodes)

    def item_count(self, group_row: int) -> int:
        return len(self.nodes[group_row].article_ids)

    def column_total(self) -> int:
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        node, row = self.node_of(index)
        if node is None:
            return None
        if role == STORY_ROLE:
            return node.story_id
        if role == ID_ROLE:
            return node.article_ids[row] if row is not None else None
        column = index.column()
        if row is None:   # a story
            if role == Qt.ItemDataRole.DisplayRole:
                if column == 0:
                    return f"{node.name} ({len(node.article_ids)})"
                if column == 1 and node.story_id is not None:
                    outlets = {self._row(node, i).get("outlet") or "?"
                               for i in range(min(len(node.article_ids), PAGE))}
                    return f"{len(outlets)} outlet{'s' if len(outlets) != 1 else ''}"
                return ""
            if role == Qt.ItemDataRole.ToolTipRole and column == 0:
                how = ("named or edited by an analyst" if node.manual else
                       "grouped automatically") if node.story_id is not None else (
                       "articles no other article retells (yet)")
                return f"{node.name}: {len(node.article_ids)} articles, {how}"
            if role == Qt.ItemDataRole.FontRole and node.story_id is not None:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        summary = self._row(node, row)
        key = ("title", "outlet", "published")[column]
        value = summary.get(key) or ""
        return value[:10] if column == 2 else value
