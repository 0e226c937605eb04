"""Coding in the reader itself: a context menu that marks the selection as a frame cue, or
recodes, selects or deletes the cue under the mouse (the reader's own Copy and Select All
stay), and Delete for a cue selected by clicking it.

Built from an event filter on the reader's viewport, so the reader needs no change for it.
The Delete action is enabled only while a selected cue's text is still selected, so it never
competes with other panels' Delete.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QKeySequence
from PySide6.QtWidgets import QMenu

from framedesk.core.store.coding import Cue
from framedesk.ui.coding.controller import CUES_LAYER, CodingController
from framedesk.ui.coding.panels import no_mnemonic, swatch


class ReaderCodingMenu(QObject):
    def __init__(self, controller: CodingController) -> None:
        super().__init__(controller)
        self.controller = controller
        reader = controller.reader
        self.delete_action = QAction("Delete selected cue", self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_action.setEnabled(False)
        self.delete_action.triggered.connect(lambda _=False: controller.delete_cue())
        if reader is not None:
            reader.text.viewport().installEventFilter(self)
            reader.text.addAction(self.delete_action)
            reader.selection_changed.connect(lambda _s, _e: self._enable_delete())
        controller.cue_selected.connect(lambda _cue: self._enable_delete())
        controller.state_changed.connect(self._enable_delete)

    def _enable_delete(self) -> None:
        cue = self.controller.selected_cue
        self.delete_action.setEnabled(
            cue is not None and self.controller.selection() == (cue.start, cue.end))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ContextMenu and self.controller.state.article_id:
            assert isinstance(event, QContextMenuEvent)
            menu = self.menu_at(event.pos())
            menu.exec(event.globalPos())
            menu.deleteLater()
            return True
        return super().eventFilter(watched, event)

    def cue_at(self, point: QPoint) -> Cue | None:
        """The cue under a viewport point (the innermost when cues overlap)."""
        reader = self.controller.reader
        position = reader.text.cursorForPosition(point).position()
        offset = reader.mapping.from_qt(position)
        ids = [h.span.payload for h in reader.hits_at(offset) if h.layer == CUES_LAYER]
        cues = [c for c in self.controller.state.cues if c.id in ids]
        return min(cues, key=lambda c: c.end - c.start) if cues else None

    def menu_at(self, point: QPoint) -> QMenu:
        controller = self.controller
        reader = controller.reader
        menu = QMenu(reader)
        start, end = controller.selection()
        if end > start:
            mark = menu.addMenu("Mark as frame cue")
            for book in controller.frame_books():
                if len(controller.frame_books()) > 1:
                    mark.addSection(no_mnemonic(book.title))
                for code in book.codes:
                    label = no_mnemonic(code.label)
                    text = f"{label}\t{code.key}" if code.key else label
                    action = mark.addAction(swatch(code.color), text)
                    action.triggered.connect(
                        lambda _=False, b=book.name, c=code.id, s=start, e=end:
                        controller.mark_cue(b, c, s, e))
        cue = self.cue_at(point)
        if cue is not None:
            label = controller.label(cue.codebook, cue.code)
            menu.addSection(no_mnemonic(f"Cue: {label}"))
            menu.addAction("Select cue", lambda: controller.select_cue(cue))
            recode = menu.addMenu("Recode cue as")
            book = next((b for b in controller.frame_books() if b.name == cue.codebook), None)
            for code in book.codes if book else ():
                action = recode.addAction(swatch(code.color), no_mnemonic(code.label))
                action.setEnabled(code.id != cue.code)
                action.triggered.connect(
                    lambda _=False, c=code.id: controller.recode_cue(cue, c))
            menu.addAction("Delete cue", lambda: controller.delete_cue(cue))
        standard = reader.text.createStandardContextMenu(point)
        if menu.actions():
            menu.addSeparator()
        for action in standard.actions():
            action.setParent(menu)
            menu.addAction(action)
        standard.deleteLater()
        return menu
