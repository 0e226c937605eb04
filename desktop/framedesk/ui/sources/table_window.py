"""The corpus sourcing table: per outlet, attributions by identification and source type,
the share of unnamed sources and the most cited sources, for the whole project or the
article list's current filter; exported as CSV through the core's `to_csv`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.errors import ExportError
from framedesk.core.sourcing_table import UNSPECIFIED, OutletSourcing, SourcingTable, sourcing_table
from framedesk.core.store import Project
from framedesk.ui.sources.vocabulary import Vocabulary

_Index = QModelIndex | QPersistentModelIndex
WHOLE, FILTERED = "whole", "filtered"
TOP_SOURCES = 5


class SourcingTableModel(QAbstractTableModel):
    """One row per outlet and a last row for all of them; counts as numbers (so sorting
    and copying keep them numeric), the unnamed share as a percentage."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.table: SourcingTable | None = None
        self.rows: list[OutletSourcing] = []
        self.columns: list[tuple[str, str, str | None]] = []   # (header, kind, key)
        self.vocabulary = Vocabulary()

    def set_table(self, table: SourcingTable | None, vocabulary: Vocabulary) -> None:
        self.beginResetModel()
        self.table = table
        self.vocabulary = vocabulary
        self.rows = [*table.rows, table.total] if table is not None else []
        self.columns = [("Outlet", "outlet", None), ("Articles", "articles", None),
                        ("Attributions", "attributions", None),
                        ("Unnamed", "unnamed_share", None)]
        if table is not None:
            used_ids = {k for r in self.rows for k, n in r.by_identification.items() if n}
            used_types = {k for r in self.rows for k, n in r.by_source_type.items() if n}
            for key in (*table.identifications, UNSPECIFIED):
                if key in used_ids or key in table.identifications:
                    self.columns.append((vocabulary.label("identification", key)
                                         if key != UNSPECIFIED else "Identification not set",
                                         "identification", key))
            for key in (*table.source_types, UNSPECIFIED):
                if key in used_types:
                    self.columns.append((vocabulary.label("source_type", key)
                                         if key != UNSPECIFIED else "Type not set",
                                         "source_type", key))
        self.columns.append(("Most cited sources", "top", None))
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self.columns):
            return self.columns[section][0]
        return None

    def value(self, row: int, column: int) -> Any:
        r = self.rows[row]
        _header, kind, key = self.columns[column]
        if kind == "outlet":
            return r.outlet
        if kind in ("articles", "attributions"):
            return getattr(r, kind)
        if kind == "unnamed_share":
            return r.unnamed_share
        if kind == "identification":
            return r.by_identification[key]
        if kind == "source_type":
            return r.by_source_type[key]
        return "; ".join(f"{name} ({n})" for name, n in r.top_sources(TOP_SOURCES))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)
                                       and 0 <= index.column() < len(self.columns)):
            return None
        value = self.value(index.row(), index.column())
        kind = self.columns[index.column()][1]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value:.0%}" if kind == "unnamed_share" else value
        if role == Qt.ItemDataRole.TextAlignmentRole and kind not in ("outlet", "top"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and index.row() == len(self.rows) - 1:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None


class SourcingTableWindow(QDialog):
    def __init__(self, project: Project, article_list: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sourcing table")
        self.project = project
        self.article_list = article_list
        self.table: SourcingTable | None = None
        self.scope = QComboBox()
        self.scope.addItem("Whole project", WHOLE)
        self.scope.addItem("Articles in the list (current search and filters)", FILTERED)
        self.suggestions = QCheckBox("Count unchecked suggestions")
        self.suggestions.setToolTip("Without this, only accepted and hand-made attributions "
                                    "count; rejected suggestions never do.")
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.model = SourcingTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        self.export_button = QPushButton("Export CSV...")
        close = QPushButton("Close")
        top = QHBoxLayout()
        top.addWidget(self.scope, 1)
        top.addWidget(self.suggestions)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.suggestions.toggled.connect(lambda _on: self.refresh())
        self.export_button.clicked.connect(lambda _c=False: self.export())
        close.clicked.connect(self.close)
        self.resize(980, 420)

    def article_ids(self) -> list[int] | None:
        if self.scope.currentData() != FILTERED or self.article_list is None:
            return None
        return list(self.article_list.model.ids())

    def refresh(self) -> SourcingTable:
        self.table = sourcing_table(self.project, self.article_ids(),
                                    include_suggestions=self.suggestions.isChecked())
        self.model.set_table(self.table, Vocabulary.for_project(self.project))
        self.view.resizeColumnsToContents()
        total = self.table.total
        self.summary.setText(f"{total.attributions} attributions in {total.articles} articles; "
                             f"unnamed sources: {total.unnamed_share:.0%}.")
        return self.table

    def export(self, path: str | Path | None = None) -> Path | None:
        """Write the table shown as CSV; returns the file, or None if cancelled or failed."""
        if self.table is None:
            self.refresh()
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(self, "Export sourcing table",
                                                    str(Path.home() / "sourcing.csv"),
                                                    "CSV (*.csv)")
            if not chosen:
                return None
            path = chosen
        try:
            written = self.table.to_csv(path, top=TOP_SOURCES, force=True)  # the dialog asked
        except ExportError as exc:
            from framedesk.messages import describe

            self.summary.setText(describe(exc))
            return None
        self.summary.setText(f"Written to {written}.")
        return written
