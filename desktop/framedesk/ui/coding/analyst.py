"""The analyst's name: asked once, remembered, recorded with every annotation."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from framedesk.core.store import Project
from framedesk.core.store.project import default_annotator
from framedesk.ui.settings import AppSettings

MAX_NAME = 80


def clean_name(text: str) -> str:
    """One line, no control characters, a sane length: it is shown in lists and exports."""
    name = " ".join("".join(ch for ch in text if ch.isprintable()).split())
    return name[:MAX_NAME]


def ask_analyst(parent: QWidget | None, current: str = "") -> str | None:
    name, ok = QInputDialog.getText(
        parent, "Your name",
        "Your name or initials, recorded with every annotation you make\n"
        "(so colleagues' files can be compared):",
        QLineEdit.EchoMode.Normal, current or default_annotator())
    name = clean_name(name)
    return name if ok and name else None


def change_analyst(parent: QWidget | None, settings: AppSettings,
                   project: Project | None) -> str | None:
    """Code > Analyst name...: change it for this and later sessions."""
    name = ask_analyst(parent, settings.analyst)
    if name:
        settings.analyst = name
        settings.sync()
        if project is not None:
            project.annotator = name
    return name
