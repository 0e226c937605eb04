"""Find in this article (Ctrl+Shift+F): matches drawn as the "find" layer, Enter / Shift+Enter
step through them, Escape closes the bar."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

LAYER = "find"
MAX_MATCHES = 20000


def find_spans(text: str, needle: str) -> list[tuple[int, int, str, int]]:
    """Case-insensitive plain-text matches (no patterns: users type words, not regexes)."""
    if not needle.strip():
        return []
    found = []
    for n, m in enumerate(re.finditer(re.escape(needle), text, re.IGNORECASE)):
        found.append((m.start(), m.end(), "search", n))
        if len(found) >= MAX_MATCHES:
            break
    return found


class FindBar(QWidget):
    def __init__(self, reader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.field = QLineEdit()
        self.field.setPlaceholderText("Find in this article")
        self.field.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        close = QToolButton()
        close.setText("\u2715")
        close.setAutoRaise(True)
        close.setToolTip("Close (Esc)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 2, 10, 2)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(close)
        self.matches: list[tuple[int, int, str, int]] = []
        self.current = -1
        self.field.textChanged.connect(self.refresh)
        self.field.returnPressed.connect(lambda: self.step(+1))
        close.clicked.connect(self.close_bar)
        self.field.installEventFilter(self)
        self.setVisible(False)

    def open_bar(self) -> None:
        self.setVisible(True)
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self.refresh()

    def close_bar(self) -> None:
        self.setVisible(False)
        self.reader.clear_layer(LAYER)
        self.reader.text.setFocus()

    def refresh(self) -> None:
        """Find again (typed text changed, or another article was opened)."""
        article = self.reader.article
        if not self.isVisible() or article is None:
            self.matches = []
        else:
            self.matches = find_spans(article.text, self.field.text())
        self.current = -1
        self.reader.set_layer(LAYER, self.matches)
        self._show_count()

    def step(self, direction: int) -> None:
        if not self.matches:
            return
        self.current = (self.current + direction) % len(self.matches)
        start, end, _style, _n = self.matches[self.current]
        self.reader.select_range(start, end)
        self._show_count()

    def _show_count(self) -> None:
        if not self.field.text().strip():
            self.count.setText("")
        elif not self.matches:
            self.count.setText("not found")
        elif self.current < 0:
            self.count.setText(f"{len(self.matches)} found")
        else:
            self.count.setText(f"{self.current + 1} of {len(self.matches)}")

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.field and isinstance(event, QKeyEvent) \
                and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                    and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.step(-1)
                return True
        return super().eventFilter(watched, event)
