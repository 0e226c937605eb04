"""The dashboard: every CorpusStats chart for the whole project or the list's current filter.

Numbers are read off the GUI thread (BackgroundReads: a read-only connection, so a large
project never freezes the window) and the SVGs are drawn there too; the window only shows
them. It follows coding as it happens: any change to frames, tone, sources or entities asks
for fresh numbers, debounced so a burst of key presses costs one read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.corpus_stats import ChartData, CorpusStats
from framedesk.core.errors import FramedeskError
from framedesk.core.store import Project
from framedesk.core.svg_charts import render
from framedesk.ui.dashboard.charts import ChartCard, write_chart
from framedesk.messages import describe
from framedesk.ui.reader.view import plain_label

REFRESH_DELAY_MS = 300
WHOLE_PROJECT, CURRENT_FILTER = "project", "filter"
FILE_FILTERS = {"png": "PNG image (*.png)", "svg": "SVG drawing (*.svg)",
                "csv": "CSV table (*.csv)"}


def chart_set(project: Project, article_ids: Sequence[int] | None
              ) -> tuple[int, list[tuple[ChartData, str]]]:
    """Worker side: how many articles, the charts and their SVGs."""
    n = len(article_ids) if article_ids is not None else project.articles.count()
    return n, [(chart, render(chart)) for chart in CorpusStats(project, article_ids).all_charts()]


class Dashboard(QWidget):
    """A top-level window; `read(fn, done)` runs a read in the background (the window's
    BackgroundReads), `scope_ids()` gives the article list's current rows."""

    refreshed = Signal()
    exported = Signal(object)         # Path written
    failed = Signal(str)              # one sentence
    report_requested = Signal()

    def __init__(self, read: Callable, scope_ids: Callable[[], list[int]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Dashboard")
        self.read = read
        self.scope_ids = scope_ids
        self.charts: dict[str, tuple[ChartData, str]] = {}
        self.cards: dict[str, ChartCard] = {}
        self.pending = False
        self._generation = 0
        self.ask_path: Callable[[str, str], str] = self._ask_path

        self.scope = QComboBox()
        self.scope.addItem("Whole project", WHOLE_PROJECT)
        self.scope.addItem("Articles in the list (search and filters)", CURRENT_FILTER)
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.summary = plain_label("", selectable=False)
        self.report = QPushButton("Export report...")
        self.report.setToolTip("One HTML file with every chart and its table")
        self.report.clicked.connect(self.report_requested)
        top = QHBoxLayout()
        top.addWidget(QLabel("Charts for:"))
        top.addWidget(self.scope)
        top.addWidget(self.summary, 1)
        top.addWidget(self.report)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.resize(840, 900)

    # ------------------------------------------------------------ numbers
    def article_ids(self) -> list[int] | None:
        """None for the whole project, else the list's rows."""
        return self.scope_ids() if self.scope.currentData() == CURRENT_FILTER else None

    def refresh_soon(self) -> None:
        if self.isVisible():
            self._timer.start()

    def refresh(self) -> None:
        self._timer.stop()
        ids = self.article_ids()
        self._generation += 1
        generation = self._generation
        self.pending = True
        self.summary.setText("counting\u2026")

        def done(result: tuple[int, list[tuple[ChartData, str]]] | None) -> None:
            if generation != self._generation or result is None:
                return
            self.pending = False
            self.show_charts(result[1], result[0], ids is None)

        self.read(lambda project: chart_set(project, ids), done)

    def show_charts(self, charts: list[tuple[ChartData, str]], count: int,
                    whole: bool) -> None:
        self.charts = {chart.key: (chart, svg) for chart, svg in charts}
        for chart, svg in charts:
            card = self.cards.get(chart.key)
            if card is None:
                card = self.cards[chart.key] = ChartCard()
                card.export_requested.connect(self.export)
                self.body_layout.addWidget(card)
                card.show()
            card.show_chart(chart, svg)
        where = "in the project" if whole else "in the list"
        self.summary.setText(f"{count:,} article{'s' if count != 1 else ''} {where}; only "
                             "coding an analyst made or accepted counts")
        self.refreshed.emit()

    # ------------------------------------------------------------ exports
    def _ask_path(self, key: str, kind: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Export chart", f"{key}.{kind}",
                                              FILE_FILTERS[kind])
        return path

    def export(self, key: str, kind: str, path: str | Path | None = None) -> Path | None:
        """Write one chart as PNG, SVG or CSV (asks where unless given a path)."""
        found = self.charts.get(key)
        if found is None:
            return None
        target = str(path) if path is not None else self.ask_path(key, kind)
        if not target:
            return None
        out = Path(target)
        if out.suffix.lower() != f".{kind}":
            out = out.with_name(out.name + f".{kind}")
        try:
            written = write_chart(found[0], found[1], out, kind)
        except FramedeskError as exc:
            self.failed.emit(f"The chart was not saved: {describe(exc)}")
            return None
        self.exported.emit(written)
        return written

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self.refresh()
