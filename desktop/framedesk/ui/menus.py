"""The menu bar: File Edit View Code Review Help, and the window-wide keyboard actions.

Other parts add their own actions to `window.menus["Code"]` etc.; actions defined here are
in `window.actions_by_name` so tests and other panels can trigger or extend them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from framedesk import APP_NAME, __version__
from framedesk.ui import icons
from framedesk.ui.dialogs import KEYBOARD_SHEET, plain_message

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow

MENU_NAMES = ("File", "Edit", "View", "Code", "Review", "Help")


def build_menus(window: MainWindow) -> tuple[dict[str, QMenu], dict[str, QAction]]:
    bar = window.menuBar()
    menus = {name: bar.addMenu(f"&{name}") for name in MENU_NAMES}
    actions: dict[str, QAction] = {}

    def add(menu: str, name: str, text: str, slot: Callable[[], object],
            keys: list[str | QKeySequence.StandardKey] | None = None,
            icon: str | None = None, tip: str = "") -> QAction:
        action = QAction(text, window)
        if icon:
            action.setIcon(icons.icon(icon))
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        if tip:
            action.setStatusTip(tip)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        menus[menu].addAction(action)
        window.addAction(action)  # shortcuts work with the menu bar hidden, too
        actions[name] = action
        return action

    p = window.project_actions
    add("File", "new", "&New project...", p.new_project, [QKeySequence.StandardKey.New], "new")
    add("File", "open", "&Open project...", p.choose_and_open, [QKeySequence.StandardKey.Open],
        "open")
    window.recent_menu = menus["File"].addMenu("Open &recent")
    window.recent_menu.aboutToShow.connect(window.fill_recent_menu)
    menus["File"].addSeparator()
    add("File", "import_files", "&Import files...", p.choose_files, ["Ctrl+I"], "import",
        "Plain text, JSONL, CSV, HTML and other tools' exports; or drop files on the window")
    add("File", "import_folder", "Import &folder...", p.choose_folder, ["Ctrl+Shift+I"],
        "import-folder")
    menus["File"].addSeparator()
    add("File", "close", "&Close project", p.close_project, [QKeySequence.StandardKey.Close],
        "close")
    add("File", "quit", "&Quit", window.close, [QKeySequence.StandardKey.Quit], "quit")

    add("Edit", "find", "&Search articles", window.focus_search,
        [QKeySequence.StandardKey.Find], "search")
    add("Edit", "find_in_article", "&Find in this article", window.reader.find_bar.open_bar,
        ["Ctrl+Shift+F"], "search")

    add("View", "next_article", "&Next article", lambda: window.article_list.move(+1),
        ["J", "Alt+Down"], "next")
    add("View", "previous_article", "&Previous article", lambda: window.article_list.move(-1),
        ["K", "Alt+Up"], "previous")
    menus["View"].addSeparator()
    add("View", "toggle_filters", "Show &filters",
        lambda: window.article_list.filters_button.toggle(), [], "filter")

    add("Code", "find_entities", "Find &entities in this article",
        lambda: window.project_actions.find_entities(
            [window.current_article_id] if window.current_article_id else []),
        [], "entities", "Run the spaCy pipeline over the open article again")

    review_placeholder = QAction("Compare with a colleague's file (coming)", window)
    review_placeholder.setEnabled(False)
    menus["Review"].addAction(review_placeholder)
    actions["review_placeholder"] = review_placeholder
    # Hidden as soon as the review part adds its own actions.
    menus["Review"].aboutToShow.connect(lambda: review_placeholder.setVisible(
        len(menus["Review"].actions()) == 1))

    add("Help", "keyboard", "&Keyboard", lambda: plain_message(window, "Keyboard",
                                                                KEYBOARD_SHEET),
        ["?"], "keyboard")
    add("Help", "about", f"&About {APP_NAME}", lambda: plain_message(
        window, f"About {APP_NAME}",
        f"{APP_NAME} {__version__}: annotate framing, sourcing and entities in news "
        f"articles. Every change is saved at once in the project file."), [], "help")
    return menus, actions
