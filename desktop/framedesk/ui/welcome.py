"""The welcome screen: what a new (or project-less) analyst can do next.

Shown in place of the three panes whenever no project is open, and on the very first run
next to the demo project that is being made: open the demo, create a project, open a file,
or one of the recent ones. Plugged into the window as a part (install_welcome), which puts a
stack around the window's central splitter.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from framedesk import APP_NAME
from framedesk.core.errors import FramedeskError
from framedesk.core.store import Project
from framedesk.ui import icons
from framedesk.ui.dialogs import error_message
from framedesk.ui.preferences import Preferences
from framedesk.ui.reader.view import tooltip_html
from framedesk.ui.welcome_new import NewProject, NewProjectDialog

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow

SEEN_KEY = "welcome/seen"


def label(text: str, name: str = "") -> QLabel:
    widget = QLabel(text)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setWordWrap(True)
    if name:
        widget.setObjectName(name)
    return widget


class WelcomePage(QWidget):
    open_demo = Signal()
    create_project = Signal()
    open_file = Signal()
    open_recent = Signal(object)   # Path
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label(f"Welcome to {APP_NAME}", "welcomeTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.hint = label("Code how news articles frame a story, who they let speak, and "
                          "which people, places and organisations they name. Every change is "
                          "saved in the project file the moment you make it.", "welcomeHint")
        self.demo_button = QPushButton(icons.icon("fa5s.play-circle"), "  Open the demo project")
        self.demo_button.setToolTip("Two sample articles, ready to code: the quickest way to "
                                    "see how it works.")
        self.new_button = QPushButton(icons.icon("new"), "  Create a project...")
        self.open_button = QPushButton(icons.icon("open"), "  Open a project file...")
        self.continue_button = QPushButton(icons.icon("fa5s.play-circle"),
                                           "  Continue to the demo project")
        self.continue_button.hide()
        for button in (self.demo_button, self.new_button, self.open_button,
                       self.continue_button):
            button.setMinimumHeight(36)
        self.demo_button.clicked.connect(self.open_demo)
        self.new_button.clicked.connect(self.create_project)
        self.open_button.clicked.connect(self.open_file)
        self.continue_button.clicked.connect(self.dismissed)
        self.recent_title = label("Recent projects")
        self.recent = QListWidget()
        self.recent.setMinimumHeight(120)
        self.recent.itemActivated.connect(
            lambda item: self.open_recent.emit(Path(item.data(Qt.ItemDataRole.UserRole))))
        self.tip = label("Tip: press ? at any time for the keyboard, and see Help > How to "
                         "code an article.", "welcomeHint")

        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.hint)
        column.addSpacing(16)
        for button in (self.continue_button, self.demo_button, self.new_button,
                       self.open_button):
            column.addWidget(button)
        column.addSpacing(16)
        column.addWidget(self.recent_title)
        column.addWidget(self.recent)
        column.addWidget(self.tip)
        column.addStretch(2)
        box = QWidget()
        box.setLayout(column)
        box.setMaximumWidth(620)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(box, 3)
        outer.addStretch(1)

    def set_recent(self, paths: list[Path]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.stem}    ({path.parent})")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(tooltip_html([str(path)]))
            self.recent.addItem(item)
        self.recent_title.setVisible(bool(paths))
        self.recent.setVisible(bool(paths))

    def set_first_run(self, demo_open: bool) -> None:
        """With the demo already open, the first button continues to it."""
        self.continue_button.setVisible(demo_open)
        self.demo_button.setVisible(not demo_open)
        (self.continue_button if demo_open else self.demo_button).setDefault(True)


class Welcome:
    """The page in the window, and what its buttons do."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.page = WelcomePage()
        self.new_dialog: NewProjectDialog | None = None
        self.first_run = not bool(window.settings.value(SEEN_KEY, False))
        main = window.takeCentralWidget()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.page)
        self.stack.addWidget(main)
        window.setCentralWidget(self.stack)
        self.page.open_demo.connect(self.open_demo)
        self.page.create_project.connect(self.ask_new_project)
        self.page.open_file.connect(window.project_actions.choose_and_open)
        self.page.open_recent.connect(window.project_actions.open_path)
        self.page.dismissed.connect(self.dismiss)
        window.project_changed.connect(self.follow)
        self.follow(window.project)

    @property
    def showing(self) -> bool:
        return self.stack.currentWidget() is self.page

    def follow(self, project: Project | None) -> None:
        w = self.window
        self.page.set_recent(w.settings.recent_projects())
        keep_for_demo = (self.first_run and project is not None
                         and project.path.resolve() == w.settings.demo_path.resolve())
        self.page.set_first_run(keep_for_demo)
        self.stack.setCurrentIndex(0 if project is None or keep_for_demo else 1)
        if project is not None and not keep_for_demo:
            self.mark_seen()

    def mark_seen(self) -> None:
        if self.first_run:
            self.first_run = False
            self.window.settings.set_value(SEEN_KEY, True)
            self.window.settings.sync()

    def dismiss(self) -> None:
        self.mark_seen()
        self.stack.setCurrentIndex(1 if self.window.project is not None else 0)

    def open_demo(self) -> bool:
        from framedesk.ui.app import finish_demo

        w = self.window
        demo = w.settings.demo_path
        self.mark_seen()
        if w.project is not None and w.project.path.resolve() == demo.resolve():
            self.dismiss()
            return True
        if demo.exists():
            if w.project_actions.open_path(demo):
                finish_demo(w)
                return True
            return False
        return w.project_actions.create_demo(demo)

    def ask_new_project(self) -> NewProjectDialog:
        w = self.window
        prefs = Preferences(w.settings)
        folder = w.project.path.parent if w.project is not None else Path.home()
        dialog = NewProjectDialog(w, folder=folder, analyst=prefs.analyst,
                                  default_model=prefs.default_model)
        dialog.accepted.connect(lambda: self.create(dialog.result_project))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.new_dialog = dialog
        return dialog

    def create(self, chosen: NewProject | None) -> bool:
        if chosen is None:
            return False
        w = self.window
        if chosen.analyst and not w.settings.analyst:
            w.settings.analyst = chosen.analyst
        try:
            chosen.path.parent.mkdir(parents=True, exist_ok=True)
            if chosen.path.exists() and chosen.path.stat().st_size == 0:
                chosen.path.unlink()
            project = Project.create(chosen.path, annotator=chosen.analyst or None,
                                     language=chosen.language, model=chosen.model,
                                     codebooks=chosen.codebooks)
        except (FramedeskError, OSError) as exc:
            w.project_actions.last_dialog = error_message(w, "Could not create the project",
                                                          exc)
            return False
        self.mark_seen()
        w.set_project(project)
        w.settings.add_recent(chosen.path)
        return True


def install_welcome(window: MainWindow) -> Welcome:
    """The welcome page, and File > New opening the full "Create a project" form."""
    window.welcome = Welcome(window)
    new = window.actions_by_name.get("new")
    if new is not None:
        new.triggered.disconnect()
        new.triggered.connect(lambda _c=False: window.welcome.ask_new_project())
    return window.welcome
