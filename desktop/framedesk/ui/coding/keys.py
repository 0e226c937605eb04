"""The coding keys as window actions, rebuilt from the codebooks whenever they change.

Each code's key (and Shift + key for frames) is a QAction with a window-wide shortcut, also
listed in submenus of the Code menu so the keys can be discovered. Single-key shortcuts do not fire while
typing in an editable field (the memo, the search box): Qt lets those widgets keep the keys.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from framedesk.ui.coding.controller import CodingController
from framedesk.ui.coding.panels import no_mnemonic

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
        self.submenus: list[QMenu] = []
        self.done_next = self._action("Done, next article to do", list(DONE_NEXT_KEYS),
                                      controller.done_and_next)
        self.memo = self._action("Edit memo", [MEMO_KEY], focus_memo or (lambda: None))
        if menu is not None:
            menu.addAction(self.done_next)
            menu.addAction(self.memo)
            menu.addSeparator()
            self._end = menu.addSeparator()   # the code submenus go just above it
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
            action.deleteLater()
        for submenu in self.submenus:
            submenu.menuAction().deleteLater()
            submenu.deleteLater()
        self.code_actions, self.submenus = [], []
        controller = self.controller
        frames, primary, tone = [], [], []
        for book in controller.books:
            if book.kind == "sourcing":
                continue
            for code in book.codes:
                key = code.key
                if not key or controller.keys.get(key, (None, None))[1] is not code:
                    continue
                label = no_mnemonic(code.label)
                if book.kind == "tone":
                    tone.append(self._action(label, [key],
                                             lambda k=key: controller.press_key(k)))
                    continue
                frames.append(self._action(label, [key], lambda k=key: controller.press_key(k)))
                primary.append(self._action(label, [f"Shift+{key}"],
                                            lambda k=key: controller.press_key(k, shift=True)))
        self.code_actions = frames + primary + tone
        if self.menu is not None:
            for title, actions in (("&Frame (with a selection: cue)", frames),
                                   ("&Primary frame", primary), ("&Tone", tone)):
                if actions:
                    submenu = QMenu(title, self.menu)
                    submenu.addActions(actions)
                    self.menu.insertMenu(self._end, submenu)
                    self.submenus.append(submenu)
        self._enable()

    def _enable(self) -> None:
        on = self.controller.state.article_id is not None
        for action in [*self.code_actions, self.done_next, self.memo]:
            action.setEnabled(on)
