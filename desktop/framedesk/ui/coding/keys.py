"""The coding keys as window actions, rebuilt from the codebooks whenever they change.

Each code's key (and Shift + key for frames) is a QAction with a window-wide shortcut, also
listed in the Code menu so the keys can be discovered. Single-key shortcuts do not fire while
typing in an editable field (the memo, the search box): Qt lets those widgets keep the keys.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from framedesk.ui.coding.controller import CodingController

DONE_NEXT_KEYS = ("Ctrl+Return", "Ctrl+Enter")
MEMO_KEY = "M"


class CodingKeys(QObject):
    def __init__(self, controller: CodingController, host: QWidget, menu: QMenu | None = None,
                 focus_memo: Callable[[], None] | None = None) -> None:
        super().__init__(host)
        self.controller = controller
        self.host = host
        self.menu = menu
        self.code_actions: list[QAction] = []
        self.done_next = self._action("Done, next article to do", list(DONE_NEXT_KEYS),
                                      controller.done_and_next)
        self.memo = self._action("Edit memo", [MEMO_KEY], focus_memo or (lambda: None))
        if menu is not None:
            menu.addAction(self.done_next)
            menu.addAction(self.memo)
            self._separator = menu.addSeparator()
        controller.codebooks_changed.connect(self.rebuild)
        controller.state_changed.connect(self._enable)
        self.rebuild()

    def _action(self, text: str, keys: list[str], slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.host)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _=False: slot())
        self.host.addAction(action)
        return action

    def rebuild(self) -> None:
        for action in self.code_actions:
            self.host.removeAction(action)
            if self.menu is not None:
                self.menu.removeAction(action)
            action.deleteLater()
        self.code_actions = []
        controller = self.controller
        for key, (book, code) in sorted(controller.keys.items(),
                                        key=lambda kv: (kv[1][0].kind, kv[1][0].name)):
            if book.kind == "tone":
                self.code_actions.append(self._action(
                    f"Tone: {code.label}", [key], lambda k=key: controller.press_key(k)))
                continue
            self.code_actions.append(self._action(
                f"Frame (or cue): {code.label}", [key], lambda k=key: controller.press_key(k)))
            self.code_actions.append(self._action(
                f"Primary frame: {code.label}", [f"Shift+{key}"],
                lambda k=key: controller.press_key(k, shift=True)))
        if self.menu is not None:
            for action in self.code_actions:
                self.menu.addAction(action)
        self._enable()

    def _enable(self) -> None:
        on = self.controller.state.article_id is not None
        for action in [*self.code_actions, self.done_next, self.memo]:
            action.setEnabled(on)
