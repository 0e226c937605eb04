"""The aliases editor: the project's canonical entities with their spellings; merge one into
another (Kiev into Kyiv), rename the canonical name, split a spelling out into its own
entity. Each action is one command on the shared undo history.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.commands import Command
from framedesk.core.entity_commands import MergeEntities, RenameEntity, SplitSpelling
from framedesk.core.store import Project
from framedesk.core.store.entity_corrections import EntityCorrections
from framedesk.ui.entities_panel import type_name
from framedesk.ui.rows_model import RowsTableModel

_Index = QModelIndex | QPersistentModelIndex


class EntityListModel(RowsTableModel[tuple[int, str, str, int]]):
    HEADERS = ("Entity", "Type", "Mentions")

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        entity_id, name, label, count = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (name, type_name(label), count)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return entity_id
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class AliasesDialog(QDialog):
    def __init__(self, project: Project, run: Callable[[Command], bool],
                 article_id: Callable[[], int | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Entities and aliases")
        self.project = project
        self._run = run
        self._article_id = article_id
        self.model = EntityListModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(0)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter entities")
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.spellings = QListWidget()
        self.info = QLabel()
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setWordWrap(True)
        rename = QPushButton("Rename...")
        merge = QPushButton("Merge into...")
        split = QPushButton("Split spelling out")
        split.setToolTip("The selected spelling becomes an entity of its own")
        rename.clicked.connect(lambda _c=False: self.ask_rename())
        merge.clicked.connect(lambda _c=False: self.ask_merge())
        split.clicked.connect(lambda _c=False: self.split_selected())
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        right = QVBoxLayout()
        right.addWidget(QLabel("Written in the articles as:"))
        right.addWidget(self.spellings, 1)
        for button in (rename, merge, split):
            right.addWidget(button)
        right.addStretch(0)
        right.addWidget(close)
        body = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.table, 1)
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(self.info)
        self.table.selectionModel().currentRowChanged.connect(
            lambda _c, _p: self.show_spellings())
        self.resize(720, 480)
        self.reload()

    # ------------------------------------------------------------ showing
    def reload(self, keep: int | None = None) -> None:
        keep = keep if keep is not None else self.selected_entity()
        self.model.set_rows([tuple(r) for r in self.project.entities.all_entities()])
        if keep is not None:
            self.select_entity(keep)
        self.show_spellings()

    def select_entity(self, entity_id: int) -> bool:
        for row, r in enumerate(self.model.rows):
            if r[0] == entity_id:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if index.isValid():
                    self.table.setCurrentIndex(index)
                    return True
        return False

    def selected_entity(self) -> int | None:
        index = self.table.currentIndex()
        return index.siblingAtColumn(0).data(Qt.ItemDataRole.UserRole) if index.isValid() else None

    def entity_row(self, entity_id: int) -> tuple[int, str, str, int] | None:
        return next((r for r in self.model.rows if r[0] == entity_id), None)

    def show_spellings(self) -> None:
        self.spellings.clear()
        entity_id = self.selected_entity()
        if entity_id is None:
            return
        for text, count in EntityCorrections(self.project).spellings(entity_id):
            item = QListWidgetItem(f"{text} ({count})")
            item.setData(Qt.ItemDataRole.UserRole, text)
            self.spellings.addItem(item)
        if self.spellings.count():
            self.spellings.setCurrentRow(0)

    # ------------------------------------------------------------ actions
    def _done(self, command: Command, keep: int | None) -> bool:
        article_id = self._article_id()
        if article_id is None:
            self.info.setText("Open an article first.")
            return False
        if not self._run(command):
            return False
        self.info.setText(command.text + ".")
        self.reload(keep)
        return True

    def _article(self) -> int:
        return self._article_id() or 0

    def rename(self, entity_id: int, name: str) -> bool:
        if not name.strip():
            return False
        return self._done(RenameEntity(self.project, self._article(), entity_id, name),
                          entity_id)

    def merge(self, source_id: int, into_id: int) -> bool:
        if source_id == into_id:
            return False
        return self._done(MergeEntities(self.project, self._article(), source_id, into_id),
                          into_id)

    def split(self, entity_id: int, spelling: str) -> bool:
        command = SplitSpelling(self.project, self._article(), entity_id, spelling)
        ok = self._done(command, None)
        if ok and command.new_id is not None:
            self.select_entity(command.new_id)
            self.show_spellings()
        return ok

    def ask_rename(self) -> bool:
        entity_id = self.selected_entity()
        row = self.entity_row(entity_id) if entity_id is not None else None
        if row is None:
            return False
        name, ok = QInputDialog.getText(self, "Rename entity", "Canonical name:", text=row[1])
        return self.rename(entity_id, name) if ok else False

    def ask_merge(self) -> bool:
        entity_id = self.selected_entity()
        row = self.entity_row(entity_id) if entity_id is not None else None
        if row is None:
            return False
        targets = [r for r in self.model.rows if r[0] != entity_id and r[2] == row[2]]
        names = [f"{r[1]} ({r[3]})" for r in targets]
        if not names:
            self.info.setText(f"No other {type_name(row[2]).lower()} to merge into.")
            return False
        chosen, ok = QInputDialog.getItem(self, "Merge entity",
                                          f"Merge {row[1]} into:", names, 0, False)
        if not ok or chosen not in names:
            return False
        return self.merge(entity_id, targets[names.index(chosen)][0])

    def split_selected(self) -> bool:
        entity_id = self.selected_entity()
        item = self.spellings.currentItem()
        if entity_id is None or item is None:
            return False
        if self.spellings.count() < 2:
            self.info.setText("This entity is written only one way: nothing to split.")
            return False
        return self.split(entity_id, item.data(Qt.ItemDataRole.UserRole))
