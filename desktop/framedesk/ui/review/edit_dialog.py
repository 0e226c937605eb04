"""'Edit' a resolution: pick exactly the items the gold file should hold, from every coder's
version (for a primary frame or a tone: exactly one, or none)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.review.work import Item


def choices(versions: Mapping[str, Sequence[Item]]) -> list[tuple[Item, list[str]]]:
    """Every distinct item once, with the coders who have it."""
    out: dict[tuple, tuple[Item, list[str]]] = {}
    for coder, items in versions.items():
        for item in items:
            out.setdefault(item.key, (item, []))[1].append(coder)
    return list(out.values())


class EditDialog(QDialog):
    def __init__(self, kind_title: str, versions: Mapping[str, Sequence[Item]],
                 single: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit: {kind_title}")
        self.single = single
        self.options = choices(versions)
        hint = QLabel("Tick what the gold file should hold"
                      + (" (one at most)." if single else "."))
        hint.setTextFormat(Qt.TextFormat.PlainText)
        self.list = QListWidget()
        for item, coders in self.options:
            row = QListWidgetItem(f"{item.text}    ({', '.join(coders)})")
            row.setFlags(row.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            row.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(row)
        self.list.itemChanged.connect(self._one_at_most)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def _one_at_most(self, changed: QListWidgetItem) -> None:
        if not self.single or changed.checkState() != Qt.CheckState.Checked:
            return
        self.list.blockSignals(True)
        for n in range(self.list.count()):
            row = self.list.item(n)
            if row is not changed:
                row.setCheckState(Qt.CheckState.Unchecked)
        self.list.blockSignals(False)

    def set_checked(self, rows: Sequence[int]) -> None:
        for n in rows:
            self.list.item(n).setCheckState(Qt.CheckState.Checked)

    def chosen(self) -> list[Item]:
        return [item for n, (item, _) in enumerate(self.options)
                if self.list.item(n).checkState() == Qt.CheckState.Checked]
