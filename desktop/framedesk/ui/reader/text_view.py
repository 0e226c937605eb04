"""The read-only body text: hover and click on spans, selections in code points."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from framedesk.ui.offsets import OffsetMap


class ReaderText(QPlainTextEdit):
    """A QPlainTextEdit that reports which character the mouse is over (as a Qt position)."""

    hovered_position = Signal(int, QPoint)   # Qt position, global point; -1 when off text
    clicked_position = Signal(int)           # Qt position of a plain click (no drag), or -1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        self.viewport().setMouseTracking(True)
        self.mapping = OffsetMap("")
        self._press: QPoint | None = None
        self._last_hover = -2

    def position_at(self, point: QPoint) -> int:
        """The Qt position of the character under a viewport point, or -1 if none."""
        cursor = self.cursorForPosition(point)
        pos = cursor.position()
        rect = self.cursorRect(cursor)
        if point.x() < rect.x():
            pos -= 1
        if pos < 0 or pos >= self.mapping.qt_length:
            return -1
        probe = QTextCursor(self.document())
        probe.setPosition(pos)
        left = self.cursorRect(probe)
        probe.setPosition(pos + 1)
        right = self.cursorRect(probe)
        if right.y() != left.y():  # the character ends a visual line
            right = left.adjusted(left.height() // 2 + 4, 0, left.height() // 2 + 4, 0)
        if not (left.top() <= point.y() <= left.bottom() and left.x() <= point.x() <= right.x()):
            return -1
        if self.document().characterAt(pos) == "\u2029":  # a paragraph break is no text
            return -1
        return pos

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseMoveEvent(event)
        point = event.position().toPoint()
        pos = self.position_at(point)
        if pos != self._last_hover:
            self._last_hover = pos
            self.hovered_position.emit(pos, self.viewport().mapToGlobal(point))

    def leaveEvent(self, event) -> None:  # noqa: N802
        super().leaveEvent(event)
        if self._last_hover != -1:
            self._last_hover = -1
            self.hovered_position.emit(-1, QPoint())

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        point = event.position().toPoint()
        if (event.button() == Qt.MouseButton.LeftButton and self._press is not None
                and (point - self._press).manhattanLength() < 4
                and not self.textCursor().hasSelection()):
            self.clicked_position.emit(self.position_at(point))
        self._press = None
