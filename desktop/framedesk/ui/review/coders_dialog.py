"""Which analysts to compare: every analyst in any file is a coder.

Shown when review opens: one row per analyst of each file, with how many articles the
analyst coded; those who coded something are ticked. Nothing is chosen behind the user's
back (a shared file's second analyst is not dropped for the one with most work), and the
line under the table says who will be compared, as the review window's title will.
Names come from other people's files: QTableWidgetItem shows them as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.review.analysts import FileAnalysts

COLUMNS = ("Analyst", "File", "Coded articles")


class CoderChoiceDialog(QDialog):
    def __init__(self, files: Sequence[FileAnalysts], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose the coders to compare")
        self.rows: list[tuple[Path, str]] = []
        intro = QLabel("Each analyst in a file is a coder. Tick two or more to compare; "
                       "the first ticked is \u201cmine\u201d.")
        intro.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for f in files:
            for analyst in f.analysts:
                self._add_row(f, analyst.name, analyst.articles)
        self.table.itemChanged.connect(lambda _item: self._update())
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Compare")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self.resize(640, 360)
        self._update()

    def _add_row(self, f: FileAnalysts, name: str, articles: int) -> None:
        n = self.table.rowCount()
        self.table.insertRow(n)
        self.rows.append((f.path, name))
        who = QTableWidgetItem(name)
        who.setFlags(who.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        who.setCheckState(Qt.CheckState.Checked if articles else Qt.CheckState.Unchecked)
        file = QTableWidgetItem(f.path.name)
        file.setToolTip(str(f.path))
        count = QTableWidgetItem(f"{articles:,} of {f.articles:,}" if articles
                                 else f"none of {f.articles:,}")
        count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for column, item in enumerate((who, file, count)):
            self.table.setItem(n, column, item)

    def set_checked(self, path: Path, name: str, on: bool) -> None:
        n = self.rows.index((path, name))
        self.table.item(n, 0).setCheckState(Qt.CheckState.Checked if on
                                            else Qt.CheckState.Unchecked)

    def chosen(self) -> list[tuple[Path, str]]:
        """(file, analyst) of every ticked row, in the table's order."""
        return [row for n, row in enumerate(self.rows)
                if self.table.item(n, 0).checkState() == Qt.CheckState.Checked]

    def _update(self) -> None:
        chosen = self.chosen()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(len(chosen) >= 2)
        if len(chosen) < 2:
            self.summary.setText("Tick at least two analysts to compare.")
        else:
            self.summary.setText("Comparing: " + " \u00b7 ".join(
                f"{name} ({path.name})" for path, name in chosen))
