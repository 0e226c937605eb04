"""The shape shared by the app's two-level trees (sources by source, articles by story):
groups at the top, their items below, nothing deeper.

A group row's internalId is TOP; an item's is its group's row + 1, so parent() needs no
lookup table and the indexes stay valid while the data does.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex

TOP = 0
Index = QModelIndex | QPersistentModelIndex


class TwoLevelModel(QAbstractItemModel):
    """Subclasses say how many groups and items there are, and how many columns."""

    def group_count(self) -> int:
        raise NotImplementedError

    def item_count(self, group_row: int) -> int:
        raise NotImplementedError

    def column_total(self) -> int:
        raise NotImplementedError

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not child.isValid() or child.internalId() == TOP:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, TOP)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return self.group_count()
        if parent.internalId() == TOP and parent.column() == 0:
            return self.item_count(parent.row())
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return self.column_total()
