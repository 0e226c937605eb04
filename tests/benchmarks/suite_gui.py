"""The suite's GUI steps, offscreen: first paint of the article list, switching articles
in the main window's reader, and painting a 200,000-word article with 40,000 spans.

Every timing ends with the widget repainted and the event loop run once, so work Qt
defers to the next turn of the loop is counted too. Baselines are the same Qt widgets
doing the least possible: a plain QTableView over a minimal model fed by bare sqlite3,
and setPlainText of the same text without any highlight layer.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt  # noqa: E402
from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget  # noqa: E402

from framedesk.core.store import Project  # noqa: E402
from tests.benchmarks.suite_table import Row, percentile, seconds  # noqa: E402

COLUMNS = 8      # the article list's columns (ui/article_list/model.py)
PAGE = 200


class BareListModel(QAbstractTableModel):
    """The baseline list: row ids from one SELECT, cells fetched a page at a time with
    plain SQL, strings only (no icons, no counts)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        super().__init__()
        self.conn = conn
        self.ids = [r[0] for r in conn.execute("SELECT id FROM articles ORDER BY id")]
        self.rows: dict[int, tuple] = {}

    def rowCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent: Any = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else COLUMNS

    def data(self, index: Any, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        row = index.row()
        if row not in self.rows:
            start = row - row % PAGE
            page = self.ids[start:start + PAGE]
            found = {r[0]: r for r in self.conn.execute(
                f"SELECT id, title, outlet, published, status FROM articles WHERE id IN"
                f" ({','.join('?' * len(page))})", page)}
            for k, article_id in enumerate(page):
                self.rows[start + k] = found[article_id]
        values = self.rows[row]
        return str(values[index.column() + 1]) if index.column() < 4 else "0"


class GuiBench:
    def __init__(self, tmp: Path) -> None:
        from framedesk.ui.app import application
        from framedesk.ui.article_list.panel import ArticleListPanel
        from framedesk.ui.main_window import MainWindow
        from framedesk.ui.settings import AppSettings

        self.app = application()
        self.window = MainWindow(AppSettings.at(tmp / "settings"))
        self.window.resize(1360, 860)
        self.window.show()
        self.list_host, self.panel = self._host(ArticleListPanel())
        self.bare_host, self.bare_view = self._host(QTableView())
        self.app.processEvents()

    def _host(self, widget: QWidget) -> tuple[QWidget, Any]:
        host = QWidget()
        layout = QVBoxLayout(host)
        layout.addWidget(widget)
        host.resize(560, 860)
        host.show()
        return host, widget

    def _timed(self, fn, viewport: QWidget) -> float:
        started = time.perf_counter()
        fn()
        viewport.repaint()
        self.app.processEvents()
        return time.perf_counter() - started

    def _settle(self, seconds_: float = 0.3) -> None:
        """Let background reads and deferred work of the last step finish."""
        end = time.perf_counter() + seconds_
        while time.perf_counter() < end:
            self.app.processEvents()
            time.sleep(0.01)

    # ------------------------------------------------------------ the list
    def first_paint(self, path: Path, size: str, open_seconds: float) -> Row:
        """The real list panel shown with a freshly opened project, until painted."""
        project = Project.open(path, read_only=True)
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        viewport = self.panel.table.viewport()
        ours, base = float("inf"), float("inf")
        try:
            for _ in range(3):
                self.panel.set_project(None)
                self.app.processEvents()
                ours = min(ours, self._timed(lambda: self.panel.set_project(project),
                                             viewport))
                self.bare_view.setModel(None)
                self.app.processEvents()
                base = min(base, self._timed(
                    lambda: self.bare_view.setModel(BareListModel(conn)),
                    self.bare_view.viewport()))
            shown = self.panel.model.rowCount()
        finally:
            self.panel.set_project(None)
            self.bare_view.setModel(None)
            project.close()
            conn.close()
        assert shown > 0
        return Row("first paint of the article list (panel, offscreen)", size, seconds(ours),
                   f"{seconds(base)} QTableView + bare-SQL model", ours / base,
                   "open + paint < 1 s", open_seconds + ours < 1.0)

    # ------------------------------------------------------------ the reader
    def _switch_times(self, ids: list[int], back_to: int, repeats: int = 3
                      ) -> tuple[list[float], list[float]]:
        """For each article, the best of `repeats` switches to it from `back_to` in the main
        window (text, entity and search layers, coding panes), and the best of as many
        setPlainText calls with the same text alone."""
        window, reader = self.window, self.window.reader
        project = window.project
        ours, base = [], []
        for article_id in ids:
            text = project.articles.get(article_id).text
            best, best_base = float("inf"), float("inf")
            for _ in range(repeats):
                window.open_article(back_to)
                self.app.processEvents()
                best = min(best, self._timed(lambda: window.open_article(article_id),
                                             reader.text.viewport()))
                best_base = min(best_base, self._timed(lambda: reader.text.setPlainText(text),
                                                       reader.text.viewport()))
            ours.append(best)
            base.append(best_base)
        return ours, base

    def switch(self, path: Path, size: str, ids: list[int]) -> Row:
        self.window.set_project(Project.open(path))
        self._settle()
        ours, base = self._switch_times(ids[1:], back_to=ids[0])
        self.window.set_project(None)
        self._settle(0.1)
        p50, b50 = percentile(ours, 50), percentile(base, 50)
        p95, b95 = percentile(ours, 95), percentile(base, 95)
        return Row(f"switch article with highlights: median, p95 of {len(ours)} (each best of"
                   " 3)", size, f"{seconds(p50)}, p95 {seconds(p95)}",
                   f"{seconds(b50)}, p95 {seconds(b95)} setPlainText, no layers", p50 / b50,
                   "p95 < 100 ms", p95 < 0.1)

    def long_articles(self, path: Path, ids: dict[str, int]) -> list[Row]:
        """The 5,000-word article (issue 3's switch target) and the 200,000-word one with
        40,000 spans, each best of 3, coming from a short article each time."""
        self.window.set_project(Project.open(path))
        self._settle()
        short = self.window.project.articles.ids()[0]
        rows = []
        for key, label, limit in (("medium", "switch to a 5,000-word article", 0.1),
                                  ("long", "render a 200,000-word article", 0.5)):
            ours, base = self._switch_times([ids[key]], back_to=short)
            spans = ids[f"{key}_spans"]
            rows.append(Row(f"{label}, {spans:,} spans (best of 3)", "-", seconds(min(ours)),
                            f"{seconds(min(base))} setPlainText, no layers",
                            min(ours) / min(base), f"< {seconds(limit)}", min(ours) < limit))
        self.window.set_project(None)
        self._settle(0.1)
        return rows

    def close(self) -> None:
        self.window.set_project(None)
        for widget in (self.window, self.list_host, self.bare_host):
            widget.close()
        self.app.processEvents()
