"""Hostile conditions around the open project, in the window.

- Opening a project another process writes (ProjectLocked), or one in a folder that cannot be
  written (ProjectReadOnly): the sentence, and an offer to open it read-only.
- A project from a newer Framedesk (NewerProject): opened read-only at once, with a message.
- The file deleted while open, the disk full, a folder turned read-only: the edit fails
  without losing anything before it; the sentence is shown, and when the file is gone the
  analyst is offered "Save a copy as..." (the open connection still holds everything).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from framedesk.core.errors import (
    READ_ONLY_ASKED,
    READ_ONLY_LOCKED,
    READ_ONLY_NEWER,
    READ_ONLY_UNWRITABLE,
    FramedeskError,
    NewerProject,
    ProjectLocked,
    ProjectMissing,
    ProjectReadOnly,
)
from framedesk.core.store import Project
from framedesk.messages import describe
from framedesk.ui.dialogs import plain_message

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow

READ_ONLY_OFFER = (ProjectLocked, ProjectReadOnly)


def question(window: MainWindow, title: str, text: str, yes: str) -> QMessageBox:
    """A non-blocking question with plain text and a named Yes button."""
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    box.yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


def open_fallback(window: MainWindow, path: Path, error: FramedeskError) -> bool | None:
    """After Project.open failed: True if opened read-only now, False if the analyst was
    asked (a dialog is open), None if read-only would not help."""
    actions = window.project_actions
    if isinstance(error, NewerProject):
        if not open_read_only(window, path, READ_ONLY_NEWER):
            return None
        actions.last_dialog = plain_message(
            window, "Opened read-only",
            f"{describe(error)} Until then it is open read-only: you can read, search and "
            f"export it, but not change it.")
        return True
    if isinstance(error, READ_ONLY_OFFER) and path.exists():
        box = question(window, "Could not open the project for writing",
                       f"{describe(error)} You can open it read-only meanwhile.",
                       "Open read-only")
        reason = READ_ONLY_LOCKED if isinstance(error, ProjectLocked) else READ_ONLY_UNWRITABLE
        box.accepted.connect(lambda: open_read_only(window, path, reason))
        box.open()
        actions.last_dialog = box
        return False
    return None


def open_read_only(window: MainWindow, path: Path, reason: str = READ_ONLY_ASKED) -> bool:
    """Open read-only; `reason` (a READ_ONLY_* phrase) is what a refused edit will say."""
    try:
        project = Project.open(path, read_only=True,
                               annotator=window.settings.analyst or None)
        project.read_only_reason = reason
    except FramedeskError as exc:
        window.project_actions.last_dialog = plain_message(
            window, "Could not open the project", describe(exc), icon=QMessageBox.Icon.Warning)
        return False
    window.set_project(project)
    window.settings.add_recent(path)
    window.status.showMessage(f"{path.name} is open read-only: {reason}.", 15000)
    return True


class EditFailures:
    """Shows why an edit failed; offers to save a copy when the file is gone."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dialog: QMessageBox | None = None

    def file_gone(self) -> bool:
        project = self.window.project
        if project is None:
            return False
        return not project.path.exists() or _replaced(project)

    def failed(self, sentence: str) -> QMessageBox | None:
        w = self.window
        if w.project is None or (self.dialog is not None and self.dialog.isVisible()):
            return None
        if self.file_gone():
            error = ProjectMissing(w.project.path, "deleted or replaced while open")
            box = question(w, "The project file is gone",
                           f"{describe(error)} Everything up to your last change is still in "
                           f"this window: save a copy to keep it.", "Save a copy as...")
            box.accepted.connect(self.save_copy_as)
            box.open()
        elif w.project.read_only:
            return None   # said when it was opened; the status bar repeats it
        else:
            box = plain_message(w, "The change was not saved", sentence,
                                icon=QMessageBox.Icon.Warning)
        self.dialog = box
        w.project_actions.last_dialog = box
        return box

    def save_copy_as(self, target: str | Path | None = None) -> bool:
        w = self.window
        if w.project is None:
            return False
        if target is None:
            chosen, _ = QFileDialog.getSaveFileName(
                w, "Save a copy as", str(w.project.path), "Framedesk projects (*.framedesk)")
            if not chosen:
                return False
            target = chosen
        return w.backups.save_copy(Path(target)) if hasattr(w, "backups") else False


def _replaced(project: Project) -> bool:
    from framedesk.core.store.project import _inode

    return _inode(project.path) != project._inode


def install_error_handling(window: MainWindow) -> EditFailures:
    """Edit failures from the coding pane (when it is in this build) come here."""
    window.edit_failures = EditFailures(window)
    coding = getattr(window, "coding", None)
    history = getattr(getattr(getattr(coding, "ui", None), "controller", None), "history", None)
    if history is not None:
        history.failed.connect(window.edit_failures.failed)
    return window.edit_failures
