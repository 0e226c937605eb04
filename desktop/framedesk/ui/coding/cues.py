"""The list of the open article's frame cues, and the memo editor."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QFocusEvent, QKeySequence
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.store.coding import Cue
from framedesk.ui.coding.controller import CodingController
from framedesk.ui.coding.panels import no_mnemonic, swatch
from framedesk.ui.reader.view import plain_label

EXCERPT = 60
VISIBLE_ROWS = 12
CUE_ROLE = Qt.ItemDataRole.UserRole


def excerpt(text: str, limit: int = EXCERPT) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "\u2026"


class CuesList(QWidget):
    """Cues in text order. Click jumps to the text; Delete removes; right click recodes."""

    def __init__(self, controller: CodingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.list = QListWidget()
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setUniformItemSizes(True)
        self.list.setAccessibleName("Frame cues")
        self.empty = plain_label("Select text in the article and press a frame's key to mark "
                                 "it as a cue.", selectable=False)
        self.empty.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        self.delete_action = QAction("Delete cue", self.list)
        self.delete_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Delete),
                                         QKeySequence(Qt.Key.Key_Backspace)])
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.triggered.connect(self.delete_current)
        self.list.addAction(self.delete_action)
        self.list.itemClicked.connect(self._jump)
        self.list.itemActivated.connect(self._jump)
        self.list.customContextMenuRequested.connect(self._menu)
        controller.state_changed.connect(self.show_state)
        controller.codebooks_changed.connect(self.show_state)
        controller.cue_selected.connect(self._select)
        self.show_state()

    def show_state(self) -> None:
        state = self.controller.state
        article = self.controller.reader.article if self.controller.reader else None
        text = article.text if article is not None and article.id == state.article_id else ""
        selected = self.controller.selected_cue
        self.list.blockSignals(True)
        self.list.clear()
        for cue in state.cues:
            code = self.controller.code(cue.codebook, cue.code)
            label = code.label if code else cue.code
            item = QListWidgetItem(swatch(code.color if code else None),
                                   f"{label}: {excerpt(text[cue.start:cue.end])}")
            item.setData(CUE_ROLE, cue.id)
            item.setToolTip("")
            self.list.addItem(item)
            if selected is not None and selected.id == cue.id:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.empty.setVisible(not state.cues)
        self.list.setVisible(bool(state.cues))
        # As tall as its rows (up to a dozen, then it scrolls): no empty box in the pane.
        rows = min(max(len(state.cues), 1), VISIBLE_ROWS)
        row_height = self.list.sizeHintForRow(0) if state.cues else 18
        self.list.setFixedHeight(rows * row_height + 2 * self.list.frameWidth() + 4)

    def cue_of(self, item: QListWidgetItem | None) -> Cue | None:
        if item is None:
            return None
        cue_id = item.data(CUE_ROLE)
        return next((c for c in self.controller.state.cues if c.id == cue_id), None)

    def _jump(self, item: QListWidgetItem) -> None:
        cue = self.cue_of(item)
        if cue is not None:
            self.controller.select_cue(cue)

    def _select(self, cue: Cue | None) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if cue is not None and item.data(CUE_ROLE) == cue.id:
                self.list.blockSignals(True)
                self.list.setCurrentItem(item)
                self.list.blockSignals(False)
                return

    def delete_current(self) -> None:
        cue = self.cue_of(self.list.currentItem())
        if cue is not None:
            self.controller.delete_cue(cue)

    def _menu(self, point: QPoint) -> None:
        cue = self.cue_of(self.list.itemAt(point))
        if cue is not None:
            self.context_menu(cue).exec(self.list.viewport().mapToGlobal(point))

    def context_menu(self, cue: Cue) -> QMenu:
        menu = QMenu(self)
        recode = menu.addMenu("Recode as")
        book = next((b for b in self.controller.frame_books() if b.name == cue.codebook), None)
        for code in book.codes if book else ():
            action = recode.addAction(swatch(code.color), no_mnemonic(code.label))
            action.setEnabled(code.id != cue.code)
            action.triggered.connect(lambda _=False, c=code.id: self.controller.recode_cue(cue, c))
        menu.addAction("Show in text", lambda: self.controller.select_cue(cue))
        menu.addAction("Delete cue", lambda: self.controller.delete_cue(cue))
        return menu


class MemoEdit(QPlainTextEdit):
    """Plain text; saved (one undoable edit per article) after a pause or on leaving it."""

    IDLE_MS = 800

    def __init__(self, controller: CodingController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setPlaceholderText("Memo for this article (M). Saved as you type.")
        self.setTabChangesFocus(True)
        self.setAccessibleName("Memo")
        self._article: int | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.IDLE_MS)
        self._timer.timeout.connect(self.save)
        self.textChanged.connect(self._edited)
        controller.leaving_article.connect(self.save)
        controller.state_changed.connect(self.show_state)
        self.show_state()

    def _edited(self) -> None:
        if self._article is not None:
            self._timer.start()

    def save(self) -> None:
        self._timer.stop()
        if self._article is not None and self._article == self.controller.state.article_id:
            self.controller.save_memo(self.toPlainText())

    def show_state(self) -> None:
        state = self.controller.state
        if state.article_id != self._article or (
                not self.hasFocus() and self.toPlainText() != state.memo):
            self._article = state.article_id
            self.blockSignals(True)
            self.setPlainText(state.memo)
            self.blockSignals(False)
        self.setEnabled(state.article_id is not None)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        self.save()
        super().focusOutEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape:
            self.save()
            self.clearFocus()
            return
        super().keyPressEvent(event)
