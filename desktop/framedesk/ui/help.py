"""The Help menu: keyboard sheet (?), codebook definitions, coding guide, About.

The keyboard sheet is generated from the window's actual actions and the project's codebook
keys, so it stays true when a team changes its keys. Everything is plain text (code labels
and definitions come from codebooks a colleague may have written).
"""

from __future__ import annotations

import importlib.metadata
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QFontDatabase, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QPlainTextEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from framedesk import APP_NAME, __version__
from framedesk.core.codebook import DEFAULT_CODEBOOKS, Codebook, load_shipped
from framedesk.core.errors import CodebookError
from framedesk.logs import log_path
from framedesk.ui.help_texts import CODING_GUIDE, READER_KEYS

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow


def plain(text: str) -> str:
    """An action's text without mnemonics and trailing dots."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip(".\u2026").strip()


def project_codebooks(window: MainWindow) -> list[Codebook]:
    if window.project is not None:
        return window.project.codebooks.all()
    books = []
    for name in DEFAULT_CODEBOOKS:
        try:
            books.append(load_shipped(name))
        except CodebookError:
            continue
    return books


def code_key_lines(books: list[Codebook]) -> tuple[list[tuple[str, str]], set[str]]:
    """(key, what) rows for the code keys, and every shortcut they take."""
    rows, taken, seen = [], set(), set()
    for book in books:
        if book.kind == "sourcing":
            continue
        for code in book.codes:
            if not code.key or code.key in seen:
                continue   # a later codebook's duplicate key does nothing
            seen.add(code.key)
            taken.update({code.key, f"Shift+{code.key}"})
            rows.append((code.key, f"{book.title}: {code.label}"))
    return rows, taken


# The sheet's groups, in the order of an analyst's work; what each holds is decided by the
# action's name, then the part of the program that made it, then its menu.
TASKS = ("Move and find", "Code", "Sources", "Review", "Edit", "Views", "Project and files",
         "Help")
MOVE_COMMANDS = {"Next article", "Previous article", "Search articles",
                 "Find in this article", "Back to the article"}
CODE_COMMANDS = {"Done, next article to do", "Edit memo"}
MENU_TASKS = {"File": "Project and files", "Edit": "Edit", "View": "Views", "Code": "Code",
              "Review": "Review", "Help": "Help"}
# Keys that are not actions (they act on what is selected in the reader), by task.
READER_TASKS = {"Tab / Shift+Tab": "Move and find", "N": "Sources"}


def _menu_of(window: MainWindow) -> dict[int, str]:
    """id(action) -> the top menu it sits in (submenus included)."""
    found: dict[int, str] = {}

    def walk(menu, title: str) -> None:
        for action in menu.actions():
            found.setdefault(id(action), title)
            if action.menu() is not None:
                walk(action.menu(), title)

    for title, menu in getattr(window, "menus", {}).items():
        walk(menu, title)
    return found


def _task_of(action: QAction, name: str, menus: dict[int, str]) -> str:
    if name in MOVE_COMMANDS:
        return "Move and find"
    if name in CODE_COMMANDS:
        return "Code"
    owner, parent = "", action.parent()
    while parent is not None and not owner.startswith("framedesk."):
        owner, parent = type(parent).__module__, parent.parent()   # a Qt list inside a panel
    for part, task in (("framedesk.ui.sources", "Sources"), ("framedesk.ui.review", "Review"),
                       ("framedesk.ui.coding", "Code")):
        if owner.startswith(part):
            return task
    return MENU_TASKS.get(menus.get(id(action), ""), "Views")


def _window_actions(window: MainWindow) -> list[QAction]:
    """The window's actions and those of its panels (the sources panel's keys)."""
    actions = list(window.actions())
    for widget in window.findChildren(QWidget):
        if isinstance(widget, QMenu):
            continue   # menus hold window actions, and a rebuilt menu waits to be deleted
        actions += [a for a in widget.actions() if a not in actions]
    return actions


def keyboard_sheet(window: MainWindow) -> str:
    """The sheet as plain text, grouped by task: move, code, sources, review, edit..."""
    books = project_codebooks(window)
    code_rows, code_keys = code_key_lines(books)
    menus = _menu_of(window)
    grouped: dict[str, dict[str, list[str]]] = {task: {} for task in TASKS}
    for action in _window_actions(window):
        name = plain(action.text())
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        keys = [k for k in keys if k and k not in code_keys]
        if not keys or not name:
            continue
        commands = grouped[_task_of(action, name, menus)]
        known = commands.setdefault(name, [])
        known += [k for k in keys if k not in known]
    rows = {task: [(" / ".join(keys), name) for name, keys in commands.items()]
            for task, commands in grouped.items()}
    listed = {k for task_rows in rows.values() for k, _ in task_rows}
    for keys, what in READER_KEYS:
        if keys in listed:
            continue
        rows[READER_TASKS.get(keys, "Code")].append((keys, what))
    rows["Code"] += code_rows
    rows["Review"].append(("Alt+1, Alt+2...", "in the review window: take that version of the "
                                              "selected difference (its button shows the key)"))
    every = [r for task_rows in rows.values() for r in task_rows]
    width = max([len(k) for k, _ in every] + [10]) + 3
    lines: list[str] = []
    for task in TASKS:
        if not rows[task]:
            continue
        title = task if task != "Code" or not code_rows else (
            "Code (this project's codebooks; Shift + a frame key: primary frame)")
        lines += ["" if lines else None, title, "-" * len(title)]
        lines += [f"{k.ljust(width)}{what}" for k, what in rows[task]]
    return "\n".join(line for line in lines if line is not None)


def codebook_text(book: Codebook) -> str:
    """One codebook as plain text, for the definitions pane."""
    out = [book.title, "=" * len(book.title)]
    if book.description:
        out += [book.description.strip(), ""]
    attribute = None
    for code in book.codes:
        if code.attribute != attribute:
            attribute = code.attribute
            if attribute:
                out += ["", f"[{attribute}]"]
        key = f"  (key {code.key})" if code.key else ""
        out.append(f"{code.label}{key}")
        if code.definition:
            out.append(f"    {code.definition.strip()}")
    return "\n".join(out)


def versions(window: MainWindow | None = None) -> list[tuple[str, str]]:
    """What About lists: Framedesk, Qt and PySide6, spaCy, the model(s)."""
    from framedesk.core.nlp.pipeline import installed_pipelines

    def version_of(dist: str) -> str:
        try:
            return importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            return "not installed"

    rows = [(APP_NAME, __version__), ("Qt", qVersion()), ("PySide6", pyside_version),
            ("spaCy", version_of("spacy"))]
    models = installed_pipelines()
    for name in models:
        rows.append((f"model {name}", version_of(name)))
    if not models:
        rows.append(("spaCy model", "none installed"))
    if window is not None and window.project is not None and window.project.meta("model"):
        used = f"{window.project.meta('model')} {window.project.meta('model_version') or ''}"
        rows.append(("this project's model", used.strip()))
    return rows


def about_text(window: MainWindow | None = None) -> str:
    rows = versions(window)
    width = max(len(k) for k, _ in rows) + 3
    return (f"{APP_NAME}: annotate framing, sourcing and entities in news articles.\n"
            f"Every change is saved in the project file the moment you make it.\n\n"
            + "\n".join(f"{k.ljust(width)}{v}" for k, v in rows)
            + f"\n\nLog file (attach it to a bug report): {log_path()}")


class TextWindow(QDialog):
    """A read-only plain text page (sheet, guide, About)."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None,
                 monospace: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setPlainText(text)
        if monospace:
            self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(760, 560)


class CodebookViewer(QDialog):
    """Codebooks and codes on the left, the chosen one's definitions on the right."""

    def __init__(self, books: list[Codebook], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Codebook definitions")
        self.books = books
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Codebook / code", "Key"])
        for index, book in enumerate(books):
            top = QTreeWidgetItem([book.title, ""])
            top.setData(0, Qt.ItemDataRole.UserRole, (index, None))
            for code in book.codes:
                child = QTreeWidgetItem([code.label, code.key or ""])
                child.setData(0, Qt.ItemDataRole.UserRole, (index, code.id, code.attribute))
                top.addChild(child)
            self.tree.addTopLevelItem(top)
        self.tree.expandAll()
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(self.text)
        splitter.setSizes([380, 480])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        layout.addWidget(buttons)
        self.tree.currentItemChanged.connect(self._show)
        self.resize(860, 560)
        if books:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))

    def _show(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        data = item.data(0, Qt.ItemDataRole.UserRole)
        book = self.books[data[0]]
        if data[1] is None:
            self.text.setPlainText(codebook_text(book))
            return
        code = book.code(data[1], data[2])
        if code is not None:
            key = f"Key: {code.key}\n\n" if code.key else ""
            self.text.setPlainText(f"{code.label}\n\n{key}{code.definition.strip() or '-'}")


def _show(window: MainWindow, dialog: QDialog) -> QDialog:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    window.help_dialog = dialog
    return dialog


def show_keyboard(window: MainWindow) -> QDialog:
    return _show(window, TextWindow("Keyboard", keyboard_sheet(window), window, monospace=True))


def show_codebooks(window: MainWindow) -> QDialog:
    return _show(window, CodebookViewer(project_codebooks(window), window))


def show_guide(window: MainWindow) -> QDialog:
    return _show(window, TextWindow("How to code an article", CODING_GUIDE, window))


def show_about(window: MainWindow) -> QDialog:
    dialog = TextWindow(f"About {APP_NAME}", about_text(window), window, monospace=True)
    dialog.resize(560, 340)
    return _show(window, dialog)


def install_help(window: MainWindow) -> None:
    """Point the menu's Keyboard and About at these pages; add definitions and the guide."""
    for name, slot in (("keyboard", show_keyboard), ("about", show_about)):
        action = window.actions_by_name.get(name)
        if action is not None:
            action.triggered.disconnect()
            action.triggered.connect(lambda _c=False, s=slot: s(window))
    menu = window.menus["Help"]
    first = menu.actions()[1] if len(menu.actions()) > 1 else None
    for name, text, slot in (("codebook_definitions", "&Codebook definitions", show_codebooks),
                             ("coding_guide", "&How to code an article", show_guide)):
        action = QAction(text, window)
        action.triggered.connect(lambda _c=False, s=slot: s(window))
        menu.insertAction(first, action) if first is not None else menu.addAction(action)
        window.actions_by_name[name] = action
