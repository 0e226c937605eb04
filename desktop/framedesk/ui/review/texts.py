"""The article's text once per coder, side by side, with the selected difference tinted.

Every column shows the same text (articles are matched by a uid derived from it); each tints
that coder's version of the selected row: disputed items amber, shared ones grey. Offsets
from the core are Python indices, converted once here through OffsetMap.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QSplitter, QTextEdit, QVBoxLayout, QWidget

from framedesk.core.review.items import item_spans
from framedesk.core.review.work import Item
from framedesk.ui.offsets import OffsetMap
from framedesk.ui.review.colours import background



class CoderTexts(QSplitter):
    def __init__(self, coders: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.views: dict[str, QPlainTextEdit] = {}
        self.text = ""
        self.mapping = OffsetMap("")
        for coder in coders:
            box = QWidget()
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 0, 0, 0)
            name = QLabel(coder)
            name.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(name)
            view = QPlainTextEdit()
            view.setReadOnly(True)
            layout.addWidget(view)
            self.views[coder] = view
            self.addWidget(box)

    def show_text(self, text: str) -> None:
        self.text = text
        self.mapping = OffsetMap(text)
        for view in self.views.values():
            view.setPlainText(text)

    def tint(self, items: dict[str, list[Item]], agreed: set[tuple]) -> None:
        """Each coder's `items` (agreed keys grey, the rest amber); the view scrolls to them."""
        agreed_tint, disputed_tint = background("agreed_tint"), background("disputed_tint")
        for coder, view in self.views.items():
            selections = []
            for item in items.get(coder, []):
                for start, end in item_spans(item):
                    if not 0 <= start < end <= len(self.text):
                        continue
                    qt_start, qt_end = self.mapping.span_to_qt(start, end)
                    selection = QTextEdit.ExtraSelection()
                    fmt = QTextCharFormat()
                    fmt.setBackground(agreed_tint if item.key in agreed else disputed_tint)
                    selection.format = fmt
                    cursor = QTextCursor(view.document())
                    cursor.setPosition(qt_start)
                    cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
                    selection.cursor = cursor
                    selections.append(selection)
            view.setExtraSelections(selections)

    def scroll_to(self, spans: list[tuple[int, int]]) -> None:
        """Bring the first of `spans` into view in every column."""
        spans = [s for s in spans if 0 <= s[0] <= len(self.text)]
        if not spans:
            return
        position = self.mapping.to_qt(min(spans)[0])
        for view in self.views.values():
            cursor = view.textCursor()
            cursor.setPosition(position)
            view.setTextCursor(cursor)
            view.centerCursor()

    def selection(self) -> tuple[int, int] | None:
        """The words selected in a column (Python offsets), for Edit."""
        for view in self.views.values():
            cursor = view.textCursor()
            if cursor.hasSelection():
                return self.mapping.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())
        return None
