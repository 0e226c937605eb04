"""The compare view: the articles of one story side by side, and what differs between them.

Columns (one reader per article, each scrolling on its own) on the left; on the right the
spellings of the entities they share and the frames, tone and sources of each outlet. Picking
an entity in one column (a click on it, or selecting it) highlights the same canonical
entity in every column, whatever each outlet calls it.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.store import Project
from framedesk.core.story_compare import LinkedEntity, StoryComparison, compare
from framedesk.ui.compare.column import CompareColumn
from framedesk.ui.compare.tables import ENTITY_ROLE, CodingTableModel, SpellingModel
from framedesk.ui.reader.styles import is_dark
from framedesk.ui.reader.view import plain_label

MAX_COLUMNS = 4   # more would be too narrow to read; the table still lists every article
MAX_LABEL_WIDTH = 220


def _table(model) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    table.setShowGrid(False)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.horizontalHeader().setStretchLastSection(False)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 6)
    return table


def _fit_columns(table: QTableView, fixed: int) -> None:
    """Labels fit their text up to a limit; the outlets' columns share the rest."""
    header = table.horizontalHeader()
    for column in range(table.model().columnCount()):
        if column < fixed:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            table.resizeColumnToContents(column)
            table.setColumnWidth(column, min(table.columnWidth(column), MAX_LABEL_WIDTH))
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)


def _heading(text: str) -> QLabel:
    label = _one_line(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _one_line(text: str = "") -> QLabel:
    """A plain one-line label that does not hold the view wider than the window allows."""
    label = plain_label(text, selectable=False, wrap=False)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    return label


class CompareView(QWidget):
    column_focused = Signal(int)      # article id: the analyst is now working in that column
    close_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project: Project | None = None
        self.annotator: str | None = None
        self.article_ids: list[int] = []
        self.columns: list[CompareColumn] = []
        self.comparison = StoryComparison([], {})
        self.picked: LinkedEntity | None = None
        self._picking = False

        self.title = _one_line()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.hint = _one_line()
        self.hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.back = QPushButton("Back to the reader")
        self.back.setToolTip("Leave the compare view (Ctrl+Shift+C)")
        self.back.clicked.connect(self.close_requested)
        top = QHBoxLayout()
        top.setContentsMargins(8, 4, 8, 0)
        top.addWidget(self.title, 3)
        top.addWidget(self.hint, 1)
        top.addWidget(self.back)

        self.column_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.column_splitter.setChildrenCollapsible(False)
        self.spellings = SpellingModel(self)
        self.coding = CodingTableModel(self)
        self.spelling_table = _table(self.spellings)
        self.coding_table = _table(self.coding)
        self.spelling_table.clicked.connect(self._on_spelling_row)
        self.spelling_table.activated.connect(self._on_spelling_row)
        spellings = QWidget()
        spellings_layout = QVBoxLayout(spellings)
        spellings_layout.setContentsMargins(4, 0, 0, 0)
        spellings_layout.addWidget(_heading("Shared entities and their spellings"))
        spellings_layout.addWidget(self.spelling_table, 1)
        coding = QWidget()
        coding_layout = QVBoxLayout(coding)
        coding_layout.setContentsMargins(4, 0, 0, 0)
        self.legend = _heading("Frames, tone and sources by outlet")
        self.legend.setToolTip("Tinted rows: only one outlet has it. A source marked ? was "
                               "suggested by the tool and not yet accepted.")
        key = _one_line("tinted: only one outlet has it · ?: suggested, not yet accepted")
        key.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        coding_layout.addWidget(self.legend)
        coding_layout.addWidget(key)
        coding_layout.addWidget(self.coding_table, 1)
        tables = QSplitter(Qt.Orientation.Horizontal)
        tables.addWidget(spellings)
        tables.addWidget(coding)
        tables.setStretchFactor(0, 2)
        tables.setStretchFactor(1, 3)
        tables.setChildrenCollapsible(False)
        # Columns above, the tables below: both get the whole width of the view.
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.column_splitter)
        self.splitter.addWidget(tables)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

    # ------------------------------------------------------------ showing a story
    def show_articles(self, project: Project, article_ids: list[int], title: str,
                      annotator: str | None = None) -> None:
        """Show these articles (the first MAX_COLUMNS as columns, all in the tables)."""
        self.project = project
        self.annotator = annotator
        self.article_ids = list(article_ids)
        self.picked = None
        self.title.setText(title)
        shown = self.article_ids[:MAX_COLUMNS]
        self.hint.setText(f"{len(shown)} of {len(self.article_ids)} articles shown as columns"
                          if len(self.article_ids) > len(shown) else "")
        while len(self.columns) > len(shown):
            column = self.columns.pop()
            column.setParent(None)
            column.deleteLater()
        while len(self.columns) < len(shown):
            column = CompareColumn()
            column.focused.connect(self.column_focused)
            column.entity_picked.connect(lambda aid, entity: self.pick_entity(entity, origin=aid))
            self.columns.append(column)
            self.column_splitter.addWidget(column)
        for column, aid in zip(self.columns, shown):
            column.show_article(project, aid, annotator)
        self.column_splitter.setSizes([1000] * len(self.columns))
        self.refresh_comparison()

    def column_of(self, article_id: int) -> CompareColumn | None:
        return next((c for c in self.columns if c.article_id == article_id), None)

    def refresh(self, article_ids: set[int] | None = None) -> None:
        """The coding or entities of some shown articles changed: redraw them."""
        if self.project is None:
            return
        for column in self.columns:
            if article_ids is None or column.article_id in article_ids:
                column.paint(self.project, self.annotator)
        self.refresh_comparison()

    def refresh_comparison(self) -> None:
        if self.project is None:
            return
        self.comparison = compare(self.project, self.article_ids)
        dark = is_dark(self.palette())
        self.spellings.dark = self.coding.dark = dark
        self.spellings.set_comparison(self.comparison)
        self.coding.set_comparison(self.comparison)
        _fit_columns(self.spelling_table, len(SpellingModel.FIXED))
        _fit_columns(self.coding_table, len(CodingTableModel.FIXED))
        for column in self.columns:
            column.set_comparison(self.comparison)
        if self.picked is not None:
            again = next((e for e in self.comparison.entities
                          if e.entity_id == self.picked.entity_id), None)
            self.pick_entity(again, scroll=False)

    # ------------------------------------------------------------ linking entities
    def pick_entity(self, entity: LinkedEntity | None, scroll: bool = True,
                    origin: int | None = None) -> None:
        """Highlight one canonical entity in every column and in the spellings table; the
        other columns scroll to it (not the one it was picked in: its selection stays)."""
        if self._picking:
            return
        self._picking = True
        try:
            self.picked = entity
            for column in self.columns:
                column.show_linked(entity, scroll=scroll and column.article_id != origin)
            if entity is not None:
                row = next((i for i, e in enumerate(self.spellings.entities)
                            if e.entity_id == entity.entity_id), None)
                if row is not None:
                    self.spelling_table.selectRow(row)
        finally:
            self._picking = False

    def _on_spelling_row(self, index: QModelIndex) -> None:
        entity = index.data(ENTITY_ROLE)
        if entity is not None:
            self.pick_entity(entity)
