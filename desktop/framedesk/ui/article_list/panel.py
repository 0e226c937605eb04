"""The left pane: search box, filters and the article table."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QDate,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.model import STATUSES
from framedesk.core.store import Project
from framedesk.core.store.articles import ArticleFilter
from framedesk.ui import icons
from framedesk.ui.background_reads import BackgroundReads
from framedesk.ui.article_list.columns import ArticleColumns
from framedesk.ui.article_list.model import (
    COUNT_COLUMNS,
    STATUS_TEXT,
    ArticleTableModel,
)

SEARCH_DELAY_MS = 180
NO_DATE = QDate(1900, 1, 1)
ENTITY_CHOICES = 400   # the most mentioned entities offered in the filter


def _date_edit() -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText("any")
    edit.setDate(NO_DATE)
    return edit


class FilterBar(QWidget):
    """Status, outlet, date range and entity; emits `changed` when any of them does."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QComboBox()
        self.status.addItem("any status", None)
        for s in STATUSES:
            self.status.addItem(STATUS_TEXT[s], s)
        self.outlet = QComboBox()
        self.outlet.addItem("any outlet", None)
        self.date_from = _date_edit()
        self.date_to = _date_edit()
        self.entity = QComboBox()
        self.entity.addItem("any entity", None)
        self.entity.setMinimumContentsLength(12)
        self.entity.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.outlet.setMinimumContentsLength(10)
        self.outlet.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.clear = QPushButton("Clear")
        self._extra: list[tuple[Callable[[ArticleFilter], None], Callable[[], None] | None]] = []
        grid = self.grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(4)
        grid.setVerticalSpacing(3)
        grid.addWidget(self.status, 0, 0)
        grid.addWidget(self.outlet, 0, 1)
        grid.addWidget(QLabel("from"), 1, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.date_from, 1, 1)
        grid.addWidget(QLabel("to"), 2, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.date_to, 2, 1)
        grid.addWidget(self.entity, 3, 0, 1, 2)
        grid.addWidget(self.clear, 9, 1, Qt.AlignmentFlag.AlignRight)
        for combo in (self.status, self.outlet, self.entity):
            combo.currentIndexChanged.connect(self.changed)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.changed)
        self.clear.clicked.connect(self.reset)
        self._filled_for: Project | None = None

    def fill(self, project: Project | None, reads: BackgroundReads | None = None) -> None:
        """Offer the project's outlets and most mentioned entities (once per project). The
        entity ranking reads every mention (over a second for 100,000 articles), so with
        background reads it arrives a moment later instead of freezing the window."""
        if project is None or self._filled_for is project:
            return
        self._filled_for = project
        self._set_choices(self.outlet, [(o, o) for o in project.articles.outlets()])

        def entities(rows: list[tuple[int, str, str, int]] | None) -> None:
            if rows is not None and self._filled_for is project:
                self._set_choices(self.entity, [(f"{name} ({label})", eid)
                                                for eid, name, label, _n in rows])

        def ranked(p: Project) -> list[tuple[int, str, str, int]]:
            return p.entities.all_entities()[:ENTITY_CHOICES]

        if reads is None:
            entities(ranked(project))
        else:
            reads.read(ranked, entities)

    def _set_choices(self, combo: QComboBox, items: list[tuple[str, object]]) -> None:
        keep = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(0, combo.findData(keep)))
        combo.blockSignals(False)

    def add_filter(self, widget: QWidget, apply: Callable[[ArticleFilter], None],
                   changed: SignalInstance, reset: Callable[[], None] | None = None) -> None:
        """More filters from other panels (frames, source types): `apply` fills its fields
        of the ArticleFilter, `changed` tells the list to ask again, `reset` clears it."""
        self.grid.addWidget(widget, 4 + len(self._extra), 0, 1, 2)
        self._extra.append((apply, reset))
        changed.connect(self.changed)

    def add_list_filter(self, list_filter: Any) -> None:
        """A panel's filter object with `widget`, `apply`, `changed` and `reset`."""
        self.add_filter(list_filter.widget, list_filter.apply, list_filter.changed,
                        list_filter.reset)

    def forget_project(self) -> None:
        self._filled_for = None

    def set_entity(self, entity_id: int, text: str) -> None:
        index = self.entity.findData(entity_id)
        if index < 0:
            self.entity.addItem(text, entity_id)
            index = self.entity.count() - 1
        self.entity.setCurrentIndex(index)

    def reset(self) -> None:
        self.blockSignals(True)
        for combo in (self.status, self.outlet, self.entity):
            combo.setCurrentIndex(0)
        self.date_from.setDate(NO_DATE)
        self.date_to.setDate(NO_DATE)
        for _apply, reset in self._extra:
            if reset is not None:
                reset()
        self.blockSignals(False)
        self.changed.emit()

    def apply_to(self, flt: ArticleFilter) -> ArticleFilter:
        status = self.status.currentData()
        outlet = self.outlet.currentData()
        entity = self.entity.currentData()
        flt.statuses = (status,) if status else ()
        flt.outlets = (outlet,) if outlet else ()
        flt.entity_ids = (entity,) if entity is not None else ()
        flt.date_from = (self.date_from.date().toString("yyyy-MM-dd")
                         if self.date_from.date() > NO_DATE else None)
        flt.date_to = (self.date_to.date().toString("yyyy-MM-dd")
                       if self.date_to.date() > NO_DATE else None)
        for apply, _reset in self._extra:
            apply(flt)
        return flt

    @property
    def active(self) -> bool:
        f = self.apply_to(ArticleFilter())
        return bool(f.statuses or f.outlets or f.entity_ids or f.date_from or f.date_to
                    or f.frame_codes or f.source_types or f.identifications)


class ArticleListPanel(QWidget):
    article_selected = Signal(int)      # the user moved to another article
    query_changed = Signal(str)         # the search words, for highlighting hits
    filter_applied = Signal()           # the list now shows the current search and filters
    selection_changed = Signal()        # rows selected or unselected (Shift/Ctrl-click)
    search_left = Signal()              # Escape in the search box: back to the article

    def __init__(self, parent: QWidget | None = None,
                 reads: BackgroundReads | None = None) -> None:
        super().__init__(parent)
        self.reads = reads
        self._generation = 0
        self.model = ArticleTableModel()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search articles (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.addAction(icons.icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.filters_button = QToolButton()
        self.filters_button.setIcon(icons.icon("filter"))
        self.filters_button.setToolTip("Filters: status, outlet, date, entity")
        self.filters_button.setCheckable(True)
        self.filters = FilterBar()
        self.filters.setVisible(False)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.columns = ArticleColumns(self.table, self.model)   # before sorting is set up
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows for "selected articles" (export, stories) with Shift/Ctrl; the
        # current row is the one the reader shows.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        # Qt sorts by the first column on enabling; the list starts in import order.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.order_column, self.model.sort_key, self.model.descending = -1, "id", False
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultSectionSize(self.fontMetrics().height() + 8)
        hh = self.table.horizontalHeader()
        hh.sortIndicatorChanged.connect(self._on_sort_indicator)
        self.table.setMinimumWidth(220)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.search, 1)
        top.addWidget(self.filters_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.count)
        layout.addWidget(self.table, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(lambda _t: self._timer.start())
        self.search.returnPressed.connect(self.apply_filter)
        # Escape leaves the search box (the search stays applied), so that the coding keys
        # reach the article again without the mouse.
        leave = QAction("Back to the article", self.search)
        leave.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        leave.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        leave.triggered.connect(lambda _=False: self.search_left.emit())
        QWidget.addAction(self.search, leave)
        self.filters.changed.connect(self.apply_filter)
        self.filters_button.toggled.connect(self._show_filters)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.table.selectionModel().selectionChanged.connect(
            lambda _selected, _deselected: self.selection_changed.emit())
        self.model.modelReset.connect(self._update_count)
        self._total = 0
        self._current_id: int | None = None

    # ------------------------------------------------------------ columns and selection
    def restore_columns(self, state: QByteArray) -> None:
        self.columns.restore(state)

    def selected_ids(self) -> list[int]:
        """The selected articles in list order (Shift/Ctrl-click selects several)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [a for a in (self.model.article_id(r) for r in rows) if a is not None]

    # ------------------------------------------------------------ project
    def set_project(self, project: Project | None) -> None:
        self._timer.stop()   # a search typed for the previous project is void
        self._generation += 1
        self._current_id = None
        self.filters.forget_project()
        self.model.project = project
        self._total = project.articles.count() if project is not None else 0
        if self.filters.isVisible():
            self.filters.fill(project, self.reads)
        self.model.set_filter(self.current_filter())

    def current_filter(self) -> ArticleFilter:
        return self.filters.apply_to(ArticleFilter(query=self.search.text().strip()))

    def apply_filter(self) -> None:
        """Ask the store for the rows matching search and filters. A text search runs off
        the GUI thread when background reads are available (a word in every other article
        of 100,000 takes a few hundred ms) and only the newest answer is shown; filters
        alone are indexed lookups and are answered at once."""
        self._timer.stop()
        flt = self.current_filter()
        query = self.search.text().strip()
        self._generation += 1
        if self.reads is None or self.model.project is None or not flt.query:
            self.model.set_filter(flt)
            self._filtered(query)
            return
        generation, key, descending = self._generation, self.model.sort_key, self.model.descending
        self.count.setText("searching\u2026")

        def found(ids: list[int] | None) -> None:
            if generation == self._generation and ids is not None:
                self.model.set_ids(ids, flt)
                self._filtered(query)

        self.reads.read(lambda project: project.articles.ids(flt, key, descending), found)

    def _filtered(self, query: str) -> None:
        keep = self._current_id
        self.query_changed.emit(query)
        if keep is not None:
            self.select_article(keep, emit=False)
        self.filter_applied.emit()

    @property
    def pending(self) -> bool:
        """A search or filter is still being answered in the background."""
        return self.count.text().startswith("searching")

    def refresh(self, recount: bool = True) -> None:
        """Articles were added or removed: ask the store again, keeping the selection."""
        if recount and self.model.project is not None:
            self._total = self.model.project.articles.count()
        self.filters.forget_project()
        if self.filters.isVisible():
            self.filters.fill(self.model.project, self.reads)
        keep = self._current_id
        self.model.refresh()
        if keep is not None:
            self.select_article(keep, emit=False)

    def _on_sort_indicator(self, column: int, _order: Qt.SortOrder) -> None:
        """Counts are not sortable (the store sorts): put the indicator back."""
        if column in COUNT_COLUMNS:
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(self.model.order_column,
                                    Qt.SortOrder.DescendingOrder if self.model.descending
                                    else Qt.SortOrder.AscendingOrder)
            header.blockSignals(False)

    def _show_filters(self, shown: bool) -> None:
        if shown:
            self.filters.fill(self.model.project, self.reads)
        self.filters.setVisible(shown)

    def _update_count(self) -> None:
        shown = self.model.rowCount()
        if shown == self._total:
            self.count.setText(f"{shown:,} articles")
        else:
            self.count.setText(f"{shown:,} of {self._total:,} articles")

    # ------------------------------------------------------------ moving
    @property
    def current_id(self) -> int | None:
        return self._current_id

    def select_article(self, article_id: int, emit: bool = True) -> bool:
        row = self.model.row_of(article_id)
        if row is None:
            return False
        self._select_row(row, emit)
        return True

    def _select_row(self, row: int, emit: bool = True) -> None:
        index = self.model.index(row, 0)
        sm = self.table.selectionModel()
        if not emit:
            sm.blockSignals(True)
        sm.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                           | QItemSelectionModel.SelectionFlag.Rows)
        if not emit:
            sm.blockSignals(False)
            self._current_id = self.model.article_id(row)
            self.table.viewport().update()
        self.table.scrollTo(index)

    def move(self, step: int) -> bool:
        """Next (+1) or previous (-1) article in the list; False at either end."""
        rows = self.model.rowCount()
        if rows == 0:
            return False
        current = self.model.row_of(self._current_id) if self._current_id is not None else None
        row = (0 if step > 0 else rows - 1) if current is None else current + step
        if not 0 <= row < rows:
            return False
        self._select_row(row)
        return True

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = self.model.article_id(current.row()) if current.isValid() else None
        if article_id is not None and article_id != self._current_id:
            self._current_id = article_id
            self.article_selected.emit(article_id)
