"""The review window's article list: compared articles, agree / differ per kind.

Adapts a core Comparison; holds only the row order of the current filter. Titles come from
other people's files: item views show DisplayRole text as plain text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from framedesk.core.review.compare import ArticleDiff, Comparison
from framedesk.core.review.work import KINDS
from framedesk.ui.reader.view import tooltip_html
from framedesk.ui.review.colours import text_brush
from framedesk.ui.review.curation_state import OpenDifferences

KIND_TITLES = {
    "primary_frame": "Primary frame",
    "secondary_frames": "Secondary frames",
    "tone": "Tone",
    "cues": "Frame cues",
    "attributions": "Attributions",
    "entities": "Entities",
}
# The list has a column per kind: short headers keep it narrow beside the texts.
SHORT_TITLES = {
    "primary_frame": "Primary",
    "secondary_frames": "Second.",
    "tone": "Tone",
    "cues": "Cues",
    "attributions": "Attrib.",
    "entities": "Entities",
}
AGREE, DIFFER, DECIDED = "agree", "differ", "decided"
OPEN_COLUMN = 1 + len(KINDS)

Index = QModelIndex | QPersistentModelIndex


class ReviewListModel(QAbstractTableModel):
    """Column 0: title; one column per kind, 'agree', 'differ' or 'decided'; then the
    number of differences left to decide."""

    def __init__(self, comparison: Comparison, parent=None,
                 state: OpenDifferences | None = None) -> None:
        super().__init__(parent)
        self.comparison = comparison
        self.state = state           # which differences the gold file has decided
        self.disagreements_only = False
        self.rows: list[ArticleDiff] = list(comparison.articles)

    def set_disagreements_only(self, on: bool) -> None:
        self.beginResetModel()
        self.disagreements_only = on
        articles = self.comparison.articles
        self.rows = [a for a in articles if not a.agrees] if on else list(articles)
        self.endResetModel()

    def article(self, row: int) -> ArticleDiff | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def article_changed(self, uid: str) -> None:
        """A decision on the article: its agree/differ/decided cells are read again."""
        row = self.row_of(uid)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 1), self.index(row, OPEN_COLUMN))

    def decisions_changed(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self.rows) - 1,
                                                               OPEN_COLUMN))

    def row_of(self, uid: str) -> int:
        for n, a in enumerate(self.rows):
            if a.uid == uid:
                return n
        return -1

    # ------------------------------------------------------------ Qt
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else 2 + len(KINDS)     # title, kinds, open

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        article = self.rows[index.row()]
        column = index.column()
        if column == 0:
            if role == Qt.ItemDataRole.DisplayRole:
                return article.title
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip_html([article.title])    # tooltips are rich text: escaped
            return None
        if column == OPEN_COLUMN:
            return self._open_data(article, role)
        kind = KINDS[column - 1]
        agrees = article.kinds[kind].agrees
        decided = (not agrees and self.state is not None
                   and self.state.kind_decided(article, kind))
        if role == Qt.ItemDataRole.DisplayRole:
            return AGREE if agrees else (DECIDED if decided else DIFFER)
        if role == Qt.ItemDataRole.ForegroundRole and not agrees:
            return text_brush("decided" if decided else "differ")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None

    def _open_data(self, article: ArticleDiff, role: int) -> Any:
        """How many differences are left to decide ('' where the coders agree)."""
        if article.agrees:
            return None
        left = (len(self.state.open_in(article)) if self.state is not None
                else len(article.disagreeing))
        if role == Qt.ItemDataRole.DisplayRole:
            return str(left) if left else "\u2713"
        if role == Qt.ItemDataRole.ForegroundRole:
            return text_brush("differ" if left else "decided")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_html([f"{left} difference(s) left to decide" if left
                                 else "Every difference decided"])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role not in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if section == 0:
            return "Article"
        if section == OPEN_COLUMN:
            return "Open" if role == Qt.ItemDataRole.DisplayRole else "Differences left"
        if 1 <= section <= len(KINDS):
            kind = KINDS[section - 1]
            return (SHORT_TITLES if role == Qt.ItemDataRole.DisplayRole else KIND_TITLES)[kind]
        return None
