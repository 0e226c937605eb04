"""The article list's Qt model: row ids in display order plus a cache of the visible rows.

Holding only ids keeps a 100,000-article project cheap to open; the columns of the rows
being drawn are fetched a page at a time (ArticleStore.summaries) and kept in a bounded
cache. A change to some articles drops just their cached rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from framedesk.core.store import Project
from framedesk.core.store.articles import ArticleFilter
from framedesk.ui import icons
from framedesk.ui.reader.view import tooltip_html

STATUS_TEXT = {"todo": "to do", "in_progress": "in progress", "done": "done",
               "skipped": "skipped"}
# (header, summary key, sort column in the store or None)
COLUMNS: list[tuple[str, str, str | None]] = [
    ("Title", "title", "title"),
    ("Outlet", "outlet", "outlet"),
    ("Date", "published", "published"),
    ("Status", "status", "status"),
    ("Entities", "entities", None),
    ("Frames", "frames", None),
    ("Cues", "cues", None),
    ("Sources", "attributions", None),
]
COUNT_COLUMNS = {4, 5, 6, 7}
COUNT_ICONS = {4: "entities", 5: "frames", 6: "cues", 7: "sources"}
STATUS_COLUMN = 3
ICON_HEADERS = {**COUNT_ICONS, STATUS_COLUMN: "status"}
STATUS_ICONS = {"todo": "status-todo", "in_progress": "status-in-progress",
                "done": "status-done", "skipped": "status-skipped"}
PAGE = 200
CACHE_LIMIT = 5000
ID_ROLE = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class ArticleTableModel(QAbstractTableModel):
    def __init__(self, project: Project | None = None, parent=None) -> None:
        super().__init__(parent)
        self.project = project
        self.filter = ArticleFilter()
        self.order_column = 0
        self.sort_key = "id"
        self.descending = False
        self._ids: list[int] = []
        self._row_of: dict[int, int] | None = None
        self._cache: dict[int, dict[str, Any]] = {}
        if project is not None:
            self._ids = project.articles.ids(self.filter, self.sort_key, self.descending)

    # ------------------------------------------------------------ loading
    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.filter = ArticleFilter()
        self.refresh()

    def set_filter(self, flt: ArticleFilter) -> None:
        self.filter = flt
        self.refresh()

    def refresh(self) -> None:
        """Ask the store again for the ids (after a filter, sort or import)."""
        self.beginResetModel()
        self._cache.clear()
        self._row_of = None
        self._ids = (self.project.articles.ids(self.filter, self.sort_key, self.descending)
                     if self.project is not None else [])
        self.endResetModel()

    def set_ids(self, ids: list[int], flt: ArticleFilter) -> None:
        """Rows found elsewhere (a background read) for this filter, in the current order."""
        self.beginResetModel()
        self.filter = flt
        self._cache.clear()
        self._row_of = None
        self._ids = ids
        self.endResetModel()

    def refresh_articles(self, ids: Iterable[int]) -> None:
        """Some articles changed (status, counts): redraw just their rows."""
        rows = []
        for article_id in ids:
            self._cache.pop(article_id, None)
            row = self.row_of(article_id)
            if row is not None:
                rows.append(row)
        for row in rows:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def invalidate_cache(self) -> None:
        self._cache.clear()
        if self._ids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    # ------------------------------------------------------------ ids and rows
    def article_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, article_id: int) -> int | None:
        if self._row_of is None:
            self._row_of = {a: r for r, a in enumerate(self._ids)}
        return self._row_of.get(article_id)

    def ids(self) -> list[int]:
        return list(self._ids)

    def _summary(self, row: int) -> dict[str, Any] | None:
        article_id = self._ids[row]
        found = self._cache.get(article_id)
        if found is None and self.project is not None:
            if len(self._cache) > CACHE_LIMIT:
                self._cache.clear()
            lo = max(0, row - PAGE // 4)
            page = [a for a in self._ids[lo:lo + PAGE] if a not in self._cache]
            self._cache.update(self.project.articles.summaries(page, self.project.annotator))
            found = self._cache.get(article_id)
        return found

    # ------------------------------------------------------------ Qt model
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return "" if section in ICON_HEADERS else COLUMNS[section][0]
            if role == Qt.ItemDataRole.DecorationRole and section in ICON_HEADERS:
                return icons.icon(ICON_HEADERS[section])
            if role == Qt.ItemDataRole.ToolTipRole and section == STATUS_COLUMN:
                return "Status: to do, in progress, done or skipped"
            if role == Qt.ItemDataRole.ToolTipRole and section in COUNT_COLUMNS:
                return f"{COLUMNS[section][0]} in the article (not sortable)"
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._ids)):
            return None
        column = index.column()
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in COUNT_COLUMNS:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        wanted = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                  Qt.ItemDataRole.DecorationRole)
        if role not in wanted:
            return None
        if role == Qt.ItemDataRole.DecorationRole and column != STATUS_COLUMN:
            return None
        summary = self._summary(index.row())
        if summary is None:
            return None
        value = summary.get(COLUMNS[column][1])
        if column == STATUS_COLUMN:
            if role == Qt.ItemDataRole.DecorationRole:
                return icons.icon(STATUS_ICONS.get(value, "status-todo"))
            # An icon in the cell (narrow list); the words in the tooltip.
            text = STATUS_TEXT.get(value, value)
            return text if role == Qt.ItemDataRole.ToolTipRole else ""
        if column == 2:
            return (value or "")[:10]
        if column in COUNT_COLUMNS:
            return value if value else ("" if role == Qt.ItemDataRole.DisplayRole else 0)
        if role == Qt.ItemDataRole.ToolTipRole and value:
            return tooltip_html([str(value)])   # titles and outlets are data: escaped
        return value or ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not (0 <= column < len(COLUMNS)) or COLUMNS[column][2] is None:
            return
        self.order_column = column
        self.sort_key = COLUMNS[column][2] or "id"
        self.descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        old_ids = [self._ids[i.row()] if i.row() < len(self._ids) else None for i in old]
        self._ids = (self.project.articles.ids(self.filter, self.sort_key, self.descending)
                     if self.project is not None else [])
        self._row_of = None
        new = []
        for index, article_id in zip(old, old_ids):
            row = self.row_of(article_id) if article_id is not None else None
            new.append(self.index(row, index.column()) if row is not None else QModelIndex())
        self.changePersistentIndexList(old, new)
        self.layoutChanged.emit()
