"""Render the main window with a project and article open to a PNG, offscreen.

Used by `framedesk snapshot` for the README's screenshots and for bug reports: the window
is built exactly as at start-up (same widgets, same styles), only with throwaway settings,
so the user's recent files and layout are neither used nor changed.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

DEFAULT_SIZE = (1360, 860)


def render(project_path: str | Path, out: str | Path, *, article_id: int | None = None,
           size: tuple[int, int] = DEFAULT_SIZE, settle_seconds: float = 0.3) -> Path:
    """Open the project, show the article (or the first one), save the window as PNG.
    Raises the core's ProjectErrors for a bad project and KeyError for a missing article."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from framedesk.ui.app import application

    app = application()
    from framedesk.core.store import Project
    from framedesk.ui.main_window import MainWindow, install_parts
    from framedesk.ui.settings import AppSettings

    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="framedesk-snapshot-") as tmp:
        window = MainWindow(AppSettings.at(Path(tmp)))
        install_parts(window)
        try:
            # Read-only: a picture of the window must never rewrite the project (no WAL
            # switch, no meta, no background indexing, no trigger in the file can fire).
            project = Project.open(project_path, read_only=True)
            window.resize(*size)
            window.show()
            window.set_project(project)
            if article_id is not None:
                if project.articles.get(article_id) is None:
                    raise KeyError(article_id)
                if not window.article_list.select_article(article_id):
                    window.open_article(article_id)
            _settle(app, settle_seconds)
            out.parent.mkdir(parents=True, exist_ok=True)
            if not window.grab().save(str(out), "PNG"):
                raise OSError(f"could not write {out}")
        finally:
            window.close()
            window.deleteLater()
            app.processEvents()
    return out


def _settle(app, seconds: float) -> None:
    """Let layouts, highlighting and deferred paints finish."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
