"""Ctrl+Enter on an article that lacks what "done" requires: say what is missing and let the
analyst confirm (Enter) or keep coding (Escape); Code > "Done" requires sets the rule."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from framedesk.core import done_rule
from framedesk.core.errors import FramedeskError
from framedesk.messages import describe
from framedesk.ui.coding.controller import CodingController


class DoneCheck(QObject):
    def __init__(self, controller: CodingController, host: QWidget,
                 code_menu: QMenu | None = None) -> None:
        super().__init__(host)
        self.controller = controller
        self.host = host
        self.question: QMessageBox | None = None
        self.rule_actions: dict[str, QAction] = {}
        controller.incomplete.connect(self.ask)
        if code_menu is not None:
            self._add_menu(code_menu)

    # ------------------------------------------------------------ the question
    def ask(self, article_id: int, lacking: list) -> None:
        box = QMessageBox(self.host)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Not complete")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(f"This article has {done_rule.sentence(list(lacking))}. "
                    f"Mark it done anyway?")
        done = box.addButton("Mark done anyway", QMessageBox.ButtonRole.AcceptRole)
        keep = box.addButton("Keep coding", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(done)
        box.setEscapeButton(keep)
        box.buttonClicked.connect(
            lambda clicked: clicked is done and self._confirmed(article_id))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.question = box
        box.open()

    def _confirmed(self, article_id: int) -> None:
        if self.controller.state.article_id == article_id:
            self.controller.done_and_next(confirmed=True)

    # ------------------------------------------------------------ the rule
    def _add_menu(self, code_menu: QMenu) -> None:
        menu = code_menu.addMenu("\u201cDone\u201d &requires")
        menu.setToolTipsVisible(True)
        group = QActionGroup(menu)
        group.setExclusive(False)
        for key, words in done_rule.REQUIREMENTS.items():
            action = QAction(words[0].upper() + words[1:], menu)
            action.setCheckable(True)
            action.toggled.connect(lambda _on, k=key: self._rule_changed())
            menu.addAction(action)
            self.rule_actions[key] = action
        menu.aboutToShow.connect(self.show_rule)

    def show_rule(self) -> None:
        project = self.controller.project
        wanted = set(done_rule.parse(project.meta(done_rule.META_KEY))) if project else set()
        for key, action in self.rule_actions.items():
            action.blockSignals(True)
            action.setChecked(key in wanted)
            action.setEnabled(project is not None and not project.read_only)
            action.blockSignals(False)

    def _rule_changed(self) -> None:
        project = self.controller.project
        if project is None:
            return
        chosen = [k for k, a in self.rule_actions.items() if a.isChecked()]
        try:
            project.set_meta(done_rule.META_KEY, ",".join(chosen))
        except FramedeskError as exc:
            self.controller.message.emit(describe(exc))
