"""The article table's columns: the title takes the room, the rest are as wide as they need.

The title column stretches over what the short columns leave; in a narrow list it keeps
TITLE_MIN pixels and the table scrolls sideways instead of squeezing titles to "K...".
Count columns (icon headers, not sortable) are as narrow as their icon.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

from framedesk.ui.article_list.model import COLUMNS, COUNT_COLUMNS, ArticleTableModel

TITLE = 0
OUTLET = 1
OUTLET_MAX = 130   # px; longer outlet names are elided (the full name is in the tooltip)
TITLE_MIN = 120    # px; below this the table scrolls sideways instead


class ArticleHeader(QHeaderView):
    """The table's header; no room kept for a sort arrow the count columns never show."""

    def sectionSizeFromContents(self, logical_index: int) -> QSize:  # noqa: N802
        size = super().sectionSizeFromContents(logical_index)
        if logical_index in COUNT_COLUMNS:
            margin = self.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin)
            icon = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
            size.setWidth(icon + 3 * margin)
        return size


class ArticleColumns(QObject):
    """Sets up and keeps the widths of an article table's columns."""

    def __init__(self, table: QTableView, model: ArticleTableModel) -> None:
        super().__init__(table)
        self.table = table
        self.model = model
        table.setHorizontalHeader(ArticleHeader(Qt.Orientation.Horizontal, table))
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        # Fitting columns to contents looks at the rows on screen only (a lazy model).
        header.setResizeContentsPrecision(0)
        self.set_modes()
        model.modelReset.connect(self.fit_outlet)
        header.sectionResized.connect(self._on_section_resized)
        table.viewport().installEventFilter(self)

    def set_modes(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(OUTLET, QHeaderView.ResizeMode.Interactive)
        for column in range(2, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.fit_outlet()

    def restore(self, state: QByteArray) -> None:
        """Widths and order from an earlier run; the resize modes stay this version's."""
        self.table.horizontalHeader().restoreState(state)
        self.set_modes()

    def fit_outlet(self) -> None:
        header_width = self.table.horizontalHeader().sectionSizeHint(OUTLET)
        rows_width = self.table.sizeHintForColumn(OUTLET) if self.model.rowCount() else 0
        self.table.setColumnWidth(OUTLET, min(OUTLET_MAX, max(header_width, rows_width)))
        self.keep_title_readable()

    def keep_title_readable(self) -> None:
        """Stretch the title over the room left, or keep TITLE_MIN and scroll sideways."""
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in range(1, header.count())
                     if not header.isSectionHidden(c))
        room = self.table.viewport().width() - others
        stretching = header.sectionResizeMode(TITLE) == QHeaderView.ResizeMode.Stretch
        if room < TITLE_MIN and stretching:
            header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(TITLE, TITLE_MIN)
        elif room >= TITLE_MIN and not stretching:
            header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)

    def _on_section_resized(self, column: int, _old: int, _new: int) -> None:
        if column != TITLE:
            self.keep_title_readable()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize:
            self.keep_title_readable()
        return super().eventFilter(watched, event)
