"""Backups in the window: File > Backups... (list, back up now, restore), the automatic backup
every N minutes of editing, and File > Share with a colleague... (a self-contained copy).

Copies are made in the background with their own connection (VACUUM INTO reads a consistent
snapshot while the analyst keeps coding). A restore closes the project first, lets
core.backup.restore keep the current file aside, and opens the restored one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from framedesk.core import backup
from framedesk.core.errors import FramedeskError
from framedesk.core.progress import Progress
from framedesk.core.store import Project
from framedesk.ui import changes
from framedesk.ui.dialogs import error_message, plain_message
from framedesk.ui.preferences import Preferences

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow

CHECK_EVERY_MS = 60_000   # how often the timer asks whether an interval backup is due
PROJECT_FILTER = "Framedesk projects (*.framedesk)"


def human_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} bytes"


def backup_in_background(path: Path, reason: str, annotator: str,
                         _progress: Progress) -> backup.BackupInfo:
    """Worker side: its own read-only connection (VACUUM INTO only reads), so it never
    competes with the analyst's edits for the write lock; the window records the time."""
    with Project.open(path, annotator=annotator, read_only=True) as project:
        return backup.make_backup(project, reason)


def copy_in_background(path: Path, target: Path, annotator: str, _progress: Progress) -> Path:
    with Project.open(path, annotator=annotator, read_only=True) as project:
        return project.write_copy(target)


class BackupsDialog(QDialog):
    """The current project's backups, newest first; Restore replaces the project with one."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.setWindowTitle("Backups")
        self.path = window.project.path if window.project is not None else None
        self.found: list[backup.BackupInfo] = []
        self.intro = QLabel()
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Taken", "Why", "Size"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.restore_button = QPushButton("&Restore this backup")
        self.now_button = QPushButton("&Back up now")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.now_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.now_button.clicked.connect(self.back_up_now)
        self.table.itemSelectionChanged.connect(self._enable)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(620, 420)
        self.refresh()

    def refresh(self) -> None:
        self.found = backup.list_backups(self.path) if self.path is not None else []
        if self.path is None:
            self.intro.setText("Open a project to see its backups.")
        elif not self.found:
            self.intro.setText(f"No backups of {self.path.name} yet. They are made before "
                               f"every import and merge and during editing.")
        else:
            folder = self.found[0].path.parent
            self.intro.setText(f"Backups of {self.path.name}, newest first (kept in {folder}). "
                               f"Restoring closes the project and keeps the current file "
                               f"aside beside it.")
        self.table.setRowCount(len(self.found))
        for row, info in enumerate(self.found):
            local = info.taken.astimezone()
            for col, text in enumerate((f"{local:%Y-%m-%d %H:%M:%S}", info.reason,
                                        human_size(info.size))):
                self.table.setItem(row, col, QTableWidgetItem(text))
        if self.found:
            self.table.selectRow(0)
        self._enable()

    def _enable(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectedItems()) and
                                       self.window.project is not None and
                                       not self.window.project.read_only)
        self.now_button.setEnabled(self.window.project is not None)

    def back_up_now(self) -> None:
        self.now_button.setEnabled(False)
        self.window.backups.run_backup("manual", on_done=lambda _info: self.refresh())

    def restore_selected(self) -> bool:
        rows = self.table.selectionModel().selectedRows()
        if not rows or self.path is None:
            return False
        ok = self.window.backups.restore(self.found[rows[0].row()])
        self.refresh()
        return ok


class WindowBackups(QObject):
    """Automatic backups while editing, restore, and sharing a copy."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.edited = False      # edits since the last interval check
        self.running = False
        self.last_info: backup.BackupInfo | None = None
        self.last_aside: Path | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.check_due)
        self.timer.start()
        window.hub.changed.connect(self._on_changes)
        window.project_changed.connect(lambda _p: setattr(self, "edited", False))

    @property
    def interval_minutes(self) -> int:
        return Preferences(self.window.settings).backup_minutes

    def _on_changes(self, change: changes.Changes) -> None:
        if changes.PROJECT not in change.kinds:
            self.edited = True

    def check_due(self) -> bool:
        """Start an interval backup if there were edits and the last one is old enough."""
        project = self.window.project
        minutes = self.interval_minutes
        if (project is None or project.read_only or not self.edited or self.running
                or minutes <= 0 or not backup.due(project, minutes)):
            return False
        self.edited = False
        self.run_backup("interval")
        return True

    def run_backup(self, reason: str, on_done=None) -> bool:
        project = self.window.project
        if project is None or self.running:
            return False
        self.running = True
        path, annotator = project.path, project.annotator

        def done(info: backup.BackupInfo) -> None:
            self.running = False
            self.last_info = info
            current = self.window.project
            if current is not None and current.path == path and not current.read_only:
                try:   # what backup.due() reads next time
                    current.set_meta("last_backup", info.taken.isoformat(timespec="seconds"))
                except FramedeskError:
                    pass   # the file's own trouble is reported by the next edit
            self.window.status.showMessage(f"Backup made: {info.label}.", 8000)
            if on_done is not None:
                on_done(info)

        def failed(exc: BaseException) -> None:
            self.running = False
            self.window.project_actions.last_dialog = error_message(
                self.window, "The backup could not be made", exc)

        self.window.tasks.run(lambda progress: backup_in_background(
                                  path, reason, annotator, progress),
                              label="Backing up", on_success=done, on_failure=failed,
                              cancellable=False)
        return True

    def restore(self, info: backup.BackupInfo) -> bool:
        """Close, restore (the current file kept aside), reopen."""
        w = self.window
        if w.project is None:
            return False
        path = w.project.path
        w.set_project(None)
        try:
            self.last_aside = backup.restore(info, path)
        except (FramedeskError, OSError) as exc:
            w.project_actions.last_dialog = error_message(w, "Could not restore the backup", exc)
            w.project_actions.open_path(path)
            return False
        if not w.project_actions.open_path(path):
            return False
        w.project_actions.last_dialog = plain_message(
            w, "Backup restored",
            f"{path.name} is now as it was at {info.label}. The file as it was before the "
            f"restore is kept as {self.last_aside}.")
        return True

    def share_copy(self, target: str | Path | None = None) -> bool:
        """File > Share with a colleague...: one self-contained file (no -wal beside it)."""
        w = self.window
        if w.project is None:
            return False
        if target is None:
            from framedesk.ui.welcome_new import file_name_for

            suggested = w.project.path.with_name(   # a name with "/" in it is not a folder
                file_name_for(f"{w.project.path.stem}-{w.project.annotator}"))
            chosen, _ = QFileDialog.getSaveFileName(w, "Share with a colleague",
                                                    str(suggested), PROJECT_FILTER)
            if not chosen:
                return False
            target = chosen
        return self.save_copy(Path(target))

    def save_copy(self, target: Path, on_done=None) -> bool:
        w = self.window
        if w.project is None:
            return False
        if target.suffix != ".framedesk":
            target = target.with_suffix(".framedesk")
        if target.exists():
            target.unlink()   # the file dialog already asked whether to replace it
        project = w.project
        path, annotator = project.path, project.annotator

        def done(written: Path) -> None:
            w.status.showMessage(f"Copy written: {written}", 15000)
            if on_done is not None:
                on_done(written)

        def failed(exc: BaseException) -> None:
            w.project_actions.last_dialog = error_message(w, "The copy could not be written",
                                                          exc)

        if not path.exists():
            # The file is gone: only the open connection still sees its content.
            try:
                written = project.write_copy(target)
            except FramedeskError as exc:
                failed(exc)
                return False
            done(written)
            return True
        w.tasks.run(lambda progress: copy_in_background(path, target, annotator, progress),
                    label="Writing a copy", on_success=done, on_failure=failed,
                    cancellable=False)
        return True


def show_backups(window: MainWindow) -> BackupsDialog:
    dialog = BackupsDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    window.backups_dialog = dialog
    return dialog


def install_backups(window: MainWindow) -> WindowBackups:
    window.backups = WindowBackups(window)
    menu = window.menus["File"]
    close = window.actions_by_name.get("close")
    for name, text, slot, tip in (
            ("backups", "&Backups...", lambda: show_backups(window),
             "List this project's backups and restore one"),
            ("share", "&Share with a colleague...", window.backups.share_copy,
             "Write one self-contained copy of the project to send")):
        action = QAction(text, window)
        action.setStatusTip(tip)
        action.triggered.connect(lambda _c=False, s=slot: s())
        if close is not None:
            menu.insertAction(close, action)
        else:
            menu.addAction(action)
        window.actions_by_name[name] = action
    if close is not None:
        menu.insertSeparator(close)
    window.project_changed.connect(lambda p: _enable(window, p))
    _enable(window, window.project)
    return window.backups


def _enable(window: MainWindow, project: Project | None) -> None:
    for name in ("backups", "share"):
        window.actions_by_name[name].setEnabled(project is not None)
