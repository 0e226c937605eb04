"""Everything coding adds to a window, put together: history, controller, sections, keys.

`CodingUI` needs only a reader, a widget to hang the shortcuts on, and a few callables, so it
works in the main window (see install.py) and in any other host, e.g. a review view.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QUndoView, QVBoxLayout, QWidget

from framedesk.core.store import Project
from framedesk.ui.coding.controller import CodingController
from framedesk.ui.coding.cues import CuesList, MemoEdit
from framedesk.ui.coding.done_check import DoneCheck
from framedesk.ui.coding.keys import CodingKeys
from framedesk.ui.coding.panels import FramesPanel, StatusPanel, TonePanel
from framedesk.ui.coding.reader_menu import ReaderCodingMenu
from framedesk.ui.coding.undo import CodingHistory
from framedesk.ui.reader import ReaderWidget

UNDO_KEYS = ("Ctrl+Z",)
REDO_KEYS = ("Ctrl+Shift+Z", "Ctrl+Y")
SECTION_TITLES = ("Status", "Frames", "Tone", "Frame cues", "Memo")


class CodingUI(QObject):
    def __init__(self, project: Project, reader: ReaderWidget, host: QWidget, *,
                 add_section: Callable[[str, QWidget], object],
                 open_article: Callable[[int], None] | None = None,
                 notify: Callable[[set[str], set[int]], object] | None = None,
                 edit_menu: QMenu | None = None, code_menu: QMenu | None = None,
                 show_section: Callable[[str], None] | None = None) -> None:
        super().__init__(host)
        self.host = host
        self.history = CodingHistory(notify, self)
        self.controller = CodingController(project, self.history, reader, open_article, self)
        c = self.controller
        self.status = StatusPanel(c)
        self.frames = FramesPanel(c)
        self.tone = TonePanel(c)
        self.cues = CuesList(c)
        self.memo = MemoEdit(c)
        self._show_section = show_section
        for title, widget in zip(SECTION_TITLES,
                                 (self.status, self.frames, self.tone, self.cues, self.memo)):
            add_section(title, widget)
        self.keys = CodingKeys(c, host, code_menu, self.focus_memo)
        self.done_check = DoneCheck(c, host, code_menu)
        self.reader_menu = ReaderCodingMenu(c)
        self.undo_action = self.history.stack.createUndoAction(host, "&Undo")
        self.redo_action = self.history.stack.createRedoAction(host, "&Redo")
        for action, keys in ((self.undo_action, UNDO_KEYS), (self.redo_action, REDO_KEYS)):
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            host.addAction(action)
        self.history_action = QAction("Coding &history...", host)
        self.history_action.triggered.connect(self.show_history)
        self._history_dialog: QDialog | None = None
        if edit_menu is not None:
            first = edit_menu.actions()[0] if edit_menu.actions() else None
            edit_menu.insertActions(first, [self.undo_action, self.redo_action,
                                            self.history_action])
            if first is not None:
                edit_menu.insertSeparator(first)

    # ------------------------------------------------------------ following the window
    def set_project(self, project: Project) -> None:
        """Another project was opened: its own history, codebooks and keys."""
        self.controller.set_article(None)
        self.history.clear()
        self.controller.project = project
        self.controller.reload_codebooks()

    def set_article(self, article_id: int | None) -> None:
        self.controller.set_article(article_id)

    def focus_memo(self) -> None:
        if self._show_section is not None:
            self._show_section("Memo")
        self.memo.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_history(self) -> QDialog:
        """Edit > Coding history: every action of this session; clicking one goes back to it."""
        if self._history_dialog is None:
            dialog = QDialog(self.host)
            dialog.setWindowTitle("Coding history")
            view = QUndoView(self.history.stack)
            view.setEmptyLabel("Opened the project")
            layout = QVBoxLayout(dialog)
            layout.addWidget(view)
            dialog.resize(360, 420)
            self._history_dialog = dialog
        self._history_dialog.show()
        self._history_dialog.raise_()
        return self._history_dialog
