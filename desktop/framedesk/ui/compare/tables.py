"""The compare view's two tables: how each outlet spells the shared entities, and how each
article is framed, toned and sourced, with what only one outlet has marked.

Both adapt a StoryComparison (core/story_compare.py); all text is plain (display role only).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from framedesk.core.story_compare import ComparisonRow, LinkedEntity, StoryComparison

_Index = QModelIndex | QPersistentModelIndex
ONLY_ONE_TINT = "#fde7c8"       # a calm orange behind rows only one outlet has
ONLY_ONE_TINT_DARK = "#5a4221"
ENTITY_ROLE = Qt.ItemDataRole.UserRole + 1


def outlet_headers(comparison: StoryComparison) -> list[str]:
    """One header per article: its outlet, numbered when two articles share an outlet."""
    names = [comparison.outlets.get(a, "?") for a in comparison.article_ids]
    return [f"{n} ({i + 1})" if names.count(n) > 1 else n for i, n in enumerate(names)]


class _ComparisonModel(QAbstractTableModel):
    FIXED: tuple[str, ...] = ()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.comparison = StoryComparison([], {})
        self.headers: list[str] = []
        self.dark = False
        self._load()

    def set_comparison(self, comparison: StoryComparison) -> None:
        self.beginResetModel()
        self.comparison = comparison
        self.headers = outlet_headers(comparison)
        self._load()
        self.endResetModel()

    def _load(self) -> None:
        raise NotImplementedError

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.FIXED) + len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        names = [*self.FIXED, *self.headers]
        return names[section] if 0 <= section < len(names) else None


class SpellingModel(_ComparisonModel):
    """Entity | spelling in article 1 | spelling in article 2 ...: differences first."""

    FIXED = ("Entity",)

    def _load(self) -> None:
        self.entities: list[LinkedEntity] = list(self.comparison.entities)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.entities)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.entities):
            return None
        entity = self.entities[index.row()]
        column = index.column()
        if role == ENTITY_ROLE:
            return entity
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return entity.name
            aid = self.comparison.article_ids[column - 1]
            return " / ".join(entity.spellings.get(aid, [])) or "—"
        if role == Qt.ItemDataRole.FontRole and entity.spelled_differently and column > 0:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and entity.spelled_differently:
            return QBrush(QColor(ONLY_ONE_TINT_DARK if self.dark else ONLY_ONE_TINT))
        return None


class CodingTableModel(_ComparisonModel):
    """What | item | one cell per article; rows only one outlet has are tinted and bold."""

    FIXED = ("", "Code or source")

    def _load(self) -> None:
        self.rows: list[ComparisonRow] = list(self.comparison.rows)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                # The section name once, at the first row of its group.
                first = index.row() == 0 or self.rows[index.row() - 1].section != row.section
                if role == Qt.ItemDataRole.ToolTipRole:
                    return row.section
                return row.section if first else ""
            if column == 1:
                if role == Qt.ItemDataRole.ToolTipRole and row.only_one:
                    return f"{row.item}: only one outlet has this"
                return row.item
            aid = self.comparison.article_ids[column - 2]
            value = row.cells.get(aid, "")
            return value or ("—" if role == Qt.ItemDataRole.DisplayRole else "not in this article")
        if role == Qt.ItemDataRole.BackgroundRole and row.only_one and column > 0:
            return QBrush(QColor(ONLY_ONE_TINT_DARK if self.dark else ONLY_ONE_TINT))
        if role == Qt.ItemDataRole.FontRole and row.only_one and column == 1:
            font = QFont()
            font.setBold(True)
            return font
        return None
