"""Code > Codebooks...: edit the project's codebooks in a table.

Every change is written at once (and bumps the codebook's version). Key clashes and bad
values are refused with the core's one-sentence explanation; deleting or merging a code that
annotations use says how many and asks first. Import and export share a codebook as YAML.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.codebook import (
    Code,
    Codebook,
    load_shipped,
    readable_on_both,
    shipped_codebook_paths,
)
from framedesk.core.errors import FramedeskError
from framedesk.core.store import Project
from framedesk.core.store.codebooks import Usage
from framedesk.messages import describe
from framedesk.ui.coding.panels import swatch
from framedesk.ui.reader.view import plain_label

COLUMNS = ("Key", "Label", "Colour", "Definition", "Id")
KEY, LABEL, COLOUR, DEFINITION, ID = range(len(COLUMNS))
CODE_ROLE = Qt.ItemDataRole.UserRole


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    """A yes/no question whose text (code labels) is never read as HTML."""
    box = QMessageBox(QMessageBox.Icon.Question, title, "", parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


def usage_text(usage: Usage) -> str:
    parts = []
    if usage.documents:
        parts.append(f"{usage.documents:,} frame or tone code{'s' if usage.documents != 1 else ''}")
    if usage.spans:
        parts.append(f"{usage.spans:,} cue{'s' if usage.spans != 1 else ''}")
    if usage.attributions:
        parts.append(f"{usage.attributions:,} attribution{'s' if usage.attributions != 1 else ''}")
    return " and ".join(parts)


class CodebookEditor(QDialog):
    changed = Signal()   # a codebook was edited: panels and keys reload

    def __init__(self, project: Project, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.setWindowTitle("Codebooks")
        self.resize(820, 520)
        self.books = QComboBox()
        self.version = plain_label("", selectable=False)
        self.description = plain_label("")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DEFINITION, QHeaderView.ResizeMode.Stretch)
        for column in (KEY, COLOUR, ID):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnWidth(LABEL, 200)
        self.table.verticalHeader().setVisible(False)
        buttons = QHBoxLayout()
        self.add_button = self._button(buttons, "Add code", self.add_code)
        self.up_button = self._button(buttons, "Move up", lambda: self.move(-1))
        self.down_button = self._button(buttons, "Move down", lambda: self.move(+1))
        self.merge_button = self._button(buttons, "Merge into...", self.merge_code)
        self.delete_button = self._button(buttons, "Delete", self.delete_code)
        buttons.addStretch(1)
        self._button(buttons, "Add shipped...", self.add_shipped)
        self._button(buttons, "Import YAML...", self.import_yaml)
        self._button(buttons, "Export YAML...", self.export_yaml)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.books, 1)
        top.addWidget(self.version)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.description)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(plain_label("Edits are saved at once. Keys must be unique across the "
                                     "frame and tone codebooks; J, K, M and N are taken by "
                                     "the keyboard sheet. Double-click a colour to change it.",
                                     selectable=False))
        layout.addWidget(close)
        self.books.currentIndexChanged.connect(lambda _i: self.show_book())
        self.table.itemChanged.connect(self._edited)
        self.table.cellDoubleClicked.connect(self._double_clicked)
        self.fill_books()

    def _button(self, row: QHBoxLayout, text: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _=False: slot())
        row.addWidget(button)
        return button

    # ------------------------------------------------------------ showing
    def fill_books(self, select: str | None = None) -> None:
        current = select or self.books.currentData()
        self.books.blockSignals(True)
        self.books.clear()
        for book in self.project.codebooks.all():
            self.books.addItem(f"{book.title} ({book.kind})", book.name)
        index = self.books.findData(current) if current else 0
        self.books.setCurrentIndex(max(0, index))
        self.books.blockSignals(False)
        self.show_book()

    @property
    def book(self) -> Codebook | None:
        name = self.books.currentData()
        return self.project.codebooks.find(name) if name else None

    def show_book(self, select_code: str | None = None) -> None:
        book = self.book
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        if book is not None:
            self.version.setText(f"version {book.version}")
            self.description.setText(book.description)
            for row, code in enumerate(book.codes):
                self.table.insertRow(row)
                self._fill_row(row, code)
                if code.id == select_code:
                    self.table.selectRow(row)
        self.table.blockSignals(False)

    def _fill_row(self, row: int, code: Code) -> None:
        def item(text: str, editable: bool = True) -> QTableWidgetItem:
            it = QTableWidgetItem(text)
            it.setData(CODE_ROLE, (code.id, code.attribute))
            if not editable:
                it.setFlags(it.flags() & ~Qt.ItemFlag.ItemIsEditable)
            return it

        self.table.setItem(row, KEY, item(code.key or ""))
        self.table.setItem(row, LABEL, item(code.label))
        colour = item(code.color or "", editable=False)
        colour.setIcon(swatch(code.color))
        if code.color and not readable_on_both(code.color):
            colour.setToolTip("Hard to see on a light or a dark background")
        self.table.setItem(row, COLOUR, colour)
        definition = item(code.definition)
        definition.setToolTip(code.definition)
        self.table.setItem(row, DEFINITION, definition)
        code_id = f"{code.attribute}/{code.id}" if code.attribute else code.id
        self.table.setItem(row, ID, item(code_id, editable=False))

    def selected(self) -> tuple[str, str | None] | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.table.item(rows[0].row(), ID).data(CODE_ROLE)

    # ------------------------------------------------------------ editing
    def _apply(self, action, select: str | None = None) -> bool:
        """Run one store edit; on a refusal say why and show the codebook as it is."""
        try:
            action()
        except FramedeskError as exc:
            self.show_error(describe(exc))
            self.show_book(select)
            return False
        self.fill_books()
        self.show_book(select)
        self.changed.emit()
        return True

    def show_error(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "Codebooks", "", parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.last_error = text

    def _edited(self, item: QTableWidgetItem) -> None:
        code_id, attribute = item.data(CODE_ROLE)
        name = self.books.currentData()
        store = self.project.codebooks
        text = item.text()
        column = item.column()
        if column == KEY:
            self._apply(lambda: store.update_code(name, code_id, key=text or None,
                                                  attribute=attribute), code_id)
        elif column == LABEL:
            self._apply(lambda: store.update_code(name, code_id, label=text,
                                                  attribute=attribute), code_id)
        elif column == DEFINITION:
            self._apply(lambda: store.update_code(name, code_id, definition=text,
                                                  attribute=attribute), code_id)

    def _double_clicked(self, row: int, column: int) -> None:
        if column == COLOUR:
            code_id, attribute = self.table.item(row, ID).data(CODE_ROLE)
            self.recolour(code_id, attribute)

    def recolour(self, code_id: str, attribute: str | None = None,
                 colour: QColor | None = None) -> bool:
        book = self.book
        code = book.code(code_id, attribute) if book else None
        if code is None:
            return False
        if colour is None:
            colour = QColorDialog.getColor(QColor(code.color or "#888888"), self,
                                           f"Colour of {code.label}")
        if not colour.isValid():
            return False
        return self._apply(lambda: self.project.codebooks.update_code(
            book.name, code_id, color=colour.name(), attribute=attribute), code_id)

    def add_code(self, code_id: str | None = None, label: str | None = None) -> bool:
        book = self.book
        if book is None:
            return False
        if label is None:
            label, ok = QInputDialog.getText(self, "Add code", "Label of the new code:")
            if not ok or not label.strip():
                return False
        code_id = code_id or _slug(label, book.ids())
        colour = "#868e96" if book.kind != "sourcing" else None
        attribute = None
        if book.kind == "sourcing":
            chosen = self.selected()
            attribute = chosen[1] if chosen else next(iter(book.attributes), None)
        return self._apply(lambda: self.project.codebooks.add_code(
            book.name, Code(code_id, label.strip(), "", colour, None, attribute)), code_id)

    def move(self, step: int) -> bool:
        chosen, book = self.selected(), self.book
        if chosen is None or book is None:
            return False
        code_id, attribute = chosen
        index = next(i for i, c in enumerate(book.codes)
                     if c.id == code_id and c.attribute == attribute)
        return self._apply(lambda: self.project.codebooks.move_code(
            book.name, code_id, index + step, attribute), code_id)

    def delete_code(self) -> bool:
        chosen, book = self.selected(), self.book
        if chosen is None or book is None:
            return False
        code_id, attribute = chosen
        code = book.code(code_id, attribute)
        usage = self.project.codebooks.usage(book.name, code_id, attribute)
        question = f"Delete the code \u201c{code.label}\u201d?"
        if usage.total:
            question += (f"\n\nIt is used by {usage_text(usage)} (all analysts); "
                         f"they will be deleted too.")
        if not confirm(self, "Delete code", question):
            return False
        return self._apply(lambda: self.project.codebooks.delete_code(book.name, code_id,
                                                                      attribute))

    def merge_code(self, target: str | None = None) -> bool:
        chosen, book = self.selected(), self.book
        if chosen is None or book is None:
            return False
        code_id, attribute = chosen
        code = book.code(code_id, attribute)
        others = [c for c in book.codes if c.attribute == attribute and c.id != code_id]
        if target is None:
            labels = [c.label for c in others]
            picked, ok = QInputDialog.getItem(self, "Merge code",
                                              f"Merge \u201c{code.label}\u201d into:",
                                              labels, 0, False)
            if not ok:
                return False
            target = others[labels.index(picked)].id
        into = book.code(target, attribute)
        usage = self.project.codebooks.usage(book.name, code_id, attribute)
        question = (f"Merge \u201c{code.label}\u201d into \u201c{into.label}\u201d?\n\n"
                    + (f"{usage_text(usage)} will move to \u201c{into.label}\u201d."
                       if usage.total else "No annotation uses it yet."))
        if not confirm(self, "Merge code", question):
            return False
        return self._apply(lambda: self.project.codebooks.merge_code(
            book.name, code_id, target, attribute), target)

    # ------------------------------------------------------------ files
    def import_yaml(self, path: str | None = None) -> bool:
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Import codebook", "",
                                                  "Codebooks (*.yaml *.yml)")
            if not path:
                return False
        holder: list[Codebook] = []
        ok = self._apply(lambda: holder.append(self.project.codebooks.import_file(path)))
        if ok and holder:
            self.fill_books(holder[0].name)
        return ok

    def add_shipped(self, name: str | None = None) -> bool:
        """Add a codebook Framedesk ships (e.g. the generic frames beside the policy frames);
        keys it shares with the project's codebooks move to free keys."""
        have = set(self.project.codebooks.names())
        available = [n for n in shipped_codebook_paths() if n not in have]
        if name is None:
            if not available:
                self.show_error("Every codebook Framedesk ships is already in this project.")
                return False
            titles = [load_shipped(n).title for n in available]
            picked, ok = QInputDialog.getItem(self, "Add codebook", "Codebook:", titles, 0, False)
            if not ok:
                return False
            name = available[titles.index(picked)]
        ok = self._apply(lambda: self.project.codebooks.choose([name]))
        if ok:
            self.fill_books(name)
        return ok

    def export_yaml(self, path: str | None = None) -> bool:
        book = self.book
        if book is None:
            return False
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Export codebook",
                                                  f"{book.name}.yaml", "Codebooks (*.yaml)")
            if not path:
                return False
        try:
            self.project.codebooks.export_file(book.name, Path(path))
        except OSError as exc:
            self.show_error(f"Could not write {path}: {exc.strerror or exc}.")
            return False
        return True


def _slug(label: str, taken: list[str]) -> str:
    ascii_only = "".join(ch if ch.isascii() and ch.isalnum() else "_" for ch in label.lower())
    base = "_".join(p for p in ascii_only.split("_") if p)[:40] or "code"
    if not base[0].isalpha():
        base = "c_" + base
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate
