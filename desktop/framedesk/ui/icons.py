"""Icons by plain names, drawn by qtawesome from its bundled fonts (no files, no network)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QIcon, QPalette
from PySide6.QtWidgets import QApplication

NAMES = {
    "new": "fa5s.file",
    "open": "fa5s.folder-open",
    "import": "fa5s.file-import",
    "import-folder": "fa5s.folder-plus",
    "close": "fa5s.times",
    "quit": "fa5s.power-off",
    "search": "fa5s.search",
    "filter": "fa5s.filter",
    "next": "fa5s.arrow-down",
    "previous": "fa5s.arrow-up",
    "cancel": "fa5s.stop-circle",
    "entities": "fa5s.tags",
    "frames": "fa5s.bookmark",
    "cues": "fa5s.underline",
    "sources": "fa5s.quote-left",
    "help": "fa5s.question-circle",
    "keyboard": "fa5s.keyboard",
    "refresh": "fa5s.sync",
    "saved": "fa5s.check-circle",
    "status": "fa5s.flag",
    "status-todo": "fa5.circle",
    "status-in-progress": "fa5s.adjust",
    "status-done": "fa5s.check-circle",
    "status-skipped": "fa5s.forward",
}


def icon(name: str) -> QIcon:
    app = QApplication.instance()
    colour = (app.palette().color(QPalette.ColorRole.WindowText).name()
              if isinstance(app, QApplication) else "#444444")
    return _icon(NAMES.get(name, name), colour)


@lru_cache(maxsize=128)
def _icon(qta_name: str, colour: str) -> QIcon:
    import qtawesome

    try:
        return qtawesome.icon(qta_name, color=colour)
    except Exception:  # noqa: BLE001 - an unknown icon name must not break the window
        return QIcon()
