"""The article table's columns: the title takes the room, the rest are as wide as they need.

The title column stretches over what the short columns leave; in a narrow list it keeps
TITLE_MIN pixels and the table scrolls sideways instead of squeezing titles to "K...".
Count columns (icon headers, not sortable) are as narrow as their icon.

Widths are measured on a bounded sample of rows (those on screen, or the first SAMPLE_ROWS
while the table is not shown yet) and, for the outlet, on the longest outlet names the store
holds. Qt's own fitting (ResizeToContents, sizeHintForColumn) reads every row of the model
while the table is hidden, which is what a project being opened is: at 10,000 articles that
was a million data() calls and 6 s before the window appeared.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QStyle, QTableView

from framedesk.ui.article_list.model import COLUMNS, COUNT_COLUMNS, ArticleTableModel

TITLE = 0
OUTLET = 1
OUTLET_MAX = 130   # px; longer outlet names are elided (the full name is in the tooltip)
TITLE_MIN = 120    # px; below this the table scrolls sideways instead
SAMPLE_ROWS = 60   # rows measured while the table is not on screen yet
LONGEST_OUTLETS = 8
FITTED = range(2, len(COLUMNS))   # date, status and the counts follow their contents


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
        header.setResizeContentsPrecision(0)
        # Rows that change (a count after coding) or scroll into view are measured a moment
        # later, together, so a column grows when a wider value appears.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(120)
        self._refit.timeout.connect(self.fit_contents)
        self.set_modes()
        model.modelReset.connect(self.fit_all)
        model.dataChanged.connect(lambda *_args: self._refit.start())
        table.verticalScrollBar().valueChanged.connect(lambda _v: self._refit.start())
        header.sectionResized.connect(self._on_section_resized)
        table.viewport().installEventFilter(self)

    def set_modes(self) -> None:
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.fit_all()

    def restore(self, state: QByteArray) -> None:
        """Widths and order from an earlier run; the resize modes stay this version's."""
        self.table.horizontalHeader().restoreState(state)
        self.set_modes()

    # ------------------------------------------------------------ measuring
    def sample_rows(self) -> range:
        """The rows on screen when the table is shown, else the first SAMPLE_ROWS."""
        count = self.model.rowCount()
        if self.table.isVisible():
            top = max(0, self.table.rowAt(0))
            bottom = self.table.rowAt(self.table.viewport().height() - 1)
            bottom = count - 1 if bottom < 0 else bottom
            return range(top, min(count, bottom + 1))
        return range(min(count, SAMPLE_ROWS))

    def _contents_width(self, column: int, rows: range) -> int:
        widest = self.table.horizontalHeader().sectionSizeHint(column)
        for row in rows:
            hint = self.table.sizeHintForIndex(self.model.index(row, column))
            widest = max(widest, hint.width() + (1 if self.table.showGrid() else 0))
        return widest

    def _outlet_width(self, rows: range) -> int:
        widest = self._contents_width(OUTLET, rows)
        project = self.model.project
        if project is not None:
            metrics = self.table.fontMetrics()
            margin = 2 * (self.table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
            for name in project.articles.longest_outlets(LONGEST_OUTLETS):
                widest = max(widest, metrics.horizontalAdvance(name) + margin)
        return min(OUTLET_MAX, widest)

    def fit_all(self) -> None:
        """After a reset: the outlet column from the store's names, the others from rows."""
        rows = self.sample_rows()
        self.table.setColumnWidth(OUTLET, self._outlet_width(rows))
        self._fit(rows, grow_only=False)

    def fit_contents(self) -> None:
        """After rows changed or scrolled: widen a short column if a value no longer fits."""
        self._fit(self.sample_rows(), grow_only=True)

    def _fit(self, rows: range, grow_only: bool) -> None:
        header = self.table.horizontalHeader()
        for column in FITTED:
            width = self._contents_width(column, rows)
            if grow_only and width <= header.sectionSize(column):
                continue
            header.resizeSection(column, width)
        self.keep_title_readable()

    # ------------------------------------------------------------ the title column
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
        elif event.type() == QEvent.Type.Show:
            self._refit.start()   # measure the rows actually on screen
        return super().eventFilter(watched, event)
