"""The "Create a project" form: name, folder, analyst, codebooks, spaCy model, language."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.codebook import DEFAULT_CODEBOOKS, load_shipped, shipped_codebook_paths
from framedesk.core.errors import CodebookError
from framedesk.ui.coding.analyst import clean_name

SUFFIX = ".framedesk"
# Shown first, in this order; other shipped codebooks follow.
CODEBOOK_ORDER = ("policy_frames", "generic_frames", "tone", "sourcing")
LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish",
             "it": "Italian", "nl": "Dutch", "pt": "Portuguese", "pl": "Polish",
             "uk": "Ukrainian", "ru": "Russian", "xx": "Several / other"}
UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


@dataclass(frozen=True, slots=True)
class NewProject:
    path: Path
    analyst: str
    codebooks: tuple[str, ...]
    model: str | None
    language: str


def file_name_for(name: str) -> str:
    """A project name as a file name: no path separators or characters Windows refuses."""
    cleaned = UNSAFE.sub("-", name).strip(" .")
    return (cleaned or "project") + SUFFIX


def shipped_codebooks() -> list[tuple[str, str]]:
    """(name, title) of the shipped codebooks, the usual ones first."""
    names = list(shipped_codebook_paths())
    ordered = [n for n in CODEBOOK_ORDER if n in names] + \
        sorted(n for n in names if n not in CODEBOOK_ORDER)
    out = []
    for name in ordered:
        try:
            out.append((name, load_shipped(name).title))
        except CodebookError:
            continue   # a broken shipped file is not offered
    return out


class NewProjectDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, folder: Path, analyst: str = "",
                 default_model: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Create a project")
        self.result_project: NewProject | None = None
        self.name = QLineEdit()
        self.name.setPlaceholderText("e.g. Ukraine coverage 2023")
        self.folder = QLineEdit(str(folder))
        browse = QPushButton("Choose...")
        browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        self.analyst = QLineEdit(analyst)
        self.analyst.setPlaceholderText("your name or initials")
        self.codebooks: dict[str, QCheckBox] = {}
        books = QVBoxLayout()
        for name, title in shipped_codebooks():
            box = QCheckBox(title)
            box.setChecked(name in DEFAULT_CODEBOOKS)
            self.codebooks[name] = box
            books.addWidget(box)
        self.model = QComboBox()
        from framedesk.ui.preferences import installed_models

        models = installed_models()
        for name in models:
            self.model.addItem(name, name)
        if not models:
            self.model.addItem("(no spaCy pipeline installed: entities will not be found)", "")
        self.model.setCurrentIndex(max(0, self.model.findData(default_model)))
        self.language = QComboBox()
        for code, label in LANGUAGES.items():
            self.language.addItem(f"{label} ({code})", code)
        self.problem = QLabel("")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setObjectName("newProjectProblem")

        form = QFormLayout()
        form.addRow("Project name:", self.name)
        form.addRow("Folder:", folder_row)
        form.addRow("Your name:", self.analyst)
        form.addRow("Codebooks:", books)
        form.addRow("spaCy model:", self.model)
        form.addRow("Language of the articles:", self.language)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.name.setFocus()

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the project",
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def chosen(self) -> NewProject | str:
        """The filled-in project, or a sentence saying what is missing."""
        name = self.name.text().strip()
        if not name:
            return "Give the project a name."
        folder = Path(self.folder.text().strip() or ".").expanduser()
        path = folder / file_name_for(name)
        if path.exists() and path.stat().st_size > 0:
            return f"{path} already exists; choose another name or open it instead."
        books = tuple(n for n, box in self.codebooks.items() if box.isChecked())
        if not books:
            return "Choose at least one codebook (you can edit them later)."
        return NewProject(path, clean_name(self.analyst.text()), books,
                          self.model.currentData() or None, self.language.currentData())

    def accept(self) -> None:
        chosen = self.chosen()
        if isinstance(chosen, str):
            self.problem.setText(chosen)
            return
        self.result_project = chosen
        super().accept()
