"""Plugging the dashboard and the HTML report into the main window: `install_dashboard`.

View > Dashboard (Ctrl+Shift+D) opens the charts window; File > Export report... writes
core/report_html's self-contained report in the background, for the dashboard's scope (the
whole project unless the dashboard is set to the list's articles).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog

from framedesk.core.progress import Progress
from framedesk.core.report_html import write_report
from framedesk.core.store import Project
from framedesk.ui import changes
from framedesk.ui.dashboard.window import Dashboard

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow

DASHBOARD_KEY = "Ctrl+Shift+D"
CHART_KINDS = {changes.FRAMES, changes.ATTRIBUTIONS, changes.ENTITIES, changes.ARTICLES,
               changes.METADATA}


def export_report(path: Path, out: Path, ids: Sequence[int] | None, progress: Progress) -> Path:
    """Worker side: its own read-only connection."""
    progress.start(1, "Writing the report")
    with Project.open(path, read_only=True) as project:
        written = write_report(project, out, ids, force=True)
    progress.step()
    return written


class WindowDashboard:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.dashboard = Dashboard(window.reads.read, window.article_list.model.ids, window)
        self.dashboard.report_requested.connect(self.export_report)
        self.dashboard.exported.connect(
            lambda path: window.status.showMessage(f"Saved {path}", 10000))
        self.dashboard.failed.connect(lambda text: window.status.showMessage(text, 15000))
        self.ask_report_path = self._ask_report_path

        self.action = QAction("&Dashboard", window)
        self.action.setShortcut(QKeySequence(DASHBOARD_KEY))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setStatusTip("Frames, tone and sources by outlet, in charts")
        self.action.triggered.connect(lambda _c=False: self.show())
        window.addAction(self.action)
        self.report_action = QAction("Export &report...", window)
        self.report_action.setStatusTip("One HTML file with the charts and their tables")
        self.report_action.triggered.connect(lambda _c=False: self.export_report())
        if (view := window.menus.get("View")) is not None:
            view.addAction(self.action)
        if (file_menu := window.menus.get("File")) is not None:
            before = window.actions_by_name.get("close")
            file_menu.insertAction(before, self.report_action)
        window.hub.changed.connect(self._on_changes)
        window.project_changed.connect(self._project_changed)
        window.article_list.filter_applied.connect(self._filter_changed)
        self._project_changed(window.project)

    def show(self) -> Dashboard | None:
        if self.window.project is None:
            return None
        self.dashboard.show()
        self.dashboard.raise_()
        return self.dashboard

    def _project_changed(self, project) -> None:
        self.action.setEnabled(project is not None)
        self.report_action.setEnabled(project is not None)
        if project is None:
            self.dashboard.hide()
        elif self.dashboard.isVisible():
            self.dashboard.refresh()

    def _on_changes(self, change: changes.Changes) -> None:
        if change.kinds & CHART_KINDS:
            self.dashboard.refresh_soon()

    def _filter_changed(self) -> None:
        if self.dashboard.article_ids() is not None:
            self.dashboard.refresh_soon()

    # ------------------------------------------------------------ report
    def _ask_report_path(self) -> str:
        project = self.window.project
        name = f"{project.path.stem}-report.html" if project is not None else "report.html"
        path, _ = QFileDialog.getSaveFileName(self.window, "Export report", name,
                                              "HTML report (*.html)")
        return path

    def export_report(self, out: str | Path | None = None) -> bool:
        window = self.window
        project = window.project
        if project is None:
            return False
        target = str(out) if out is not None else self.ask_report_path()
        if not target:
            return False
        out_path = Path(target)
        if out_path.suffix.lower() not in (".html", ".htm"):
            out_path = out_path.with_name(out_path.name + ".html")
        ids = self.dashboard.article_ids()
        path = project.path
        window.tasks.run(lambda progress: export_report(path, out_path, ids, progress),
                         label="Writing the report",
                         on_success=lambda written: window.status.showMessage(
                             f"Report written: {written}", 15000))
        return True


def install_dashboard(window: MainWindow) -> WindowDashboard:
    part = WindowDashboard(window)
    window.dashboard = part
    return part
