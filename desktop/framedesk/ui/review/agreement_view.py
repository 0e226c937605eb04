"""The Agreement tab: the report per variable and per span type, warnings, CSV/HTML export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from PySide6.QtCore import Qt, Signal

from framedesk.core.errors import FramedeskError
from framedesk.core.review.agreement import AgreementReport
from framedesk.core.review.report import fmt, write_csv, write_html
from framedesk.messages import describe, describe_notice
from framedesk.ui.reader.view import tooltip_html

VARIABLE_COLUMNS = ("Variable", "Level", "Units", "Coders", "% agreement", "Cohen's kappa",
                    "Krippendorff's alpha")
SPAN_COLUMNS = ("Spans", "Coders", "Match", "A", "B", "Matched", "Precision", "Recall", "F1")
UNITIZING_COLUMNS = ("Spans", "Label", "Units", "u-alpha")
WORST_COLUMNS = ("Article", "Differences", "Lowest u-alpha", "Uid")


def _table(headers: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # full headers
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.setWordWrap(False)
    return table


def _cell(text: str, number: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


class AgreementView(QWidget):
    # The uid of an article double-clicked in "Most disagreement", to open it.
    article_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: AgreementReport | None = None
        self.summary = QLabel("Computing agreement…")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.variables = _table(VARIABLE_COLUMNS)
        self.spans = _table(SPAN_COLUMNS)
        self.unitizing = _table(UNITIZING_COLUMNS)
        self.worst = _table(WORST_COLUMNS)
        self.worst.cellDoubleClicked.connect(self._choose_article)
        self.span_tabs = QTabWidget()
        self.span_tabs.addTab(self.spans, "Spans: F1")
        self.span_tabs.addTab(self.unitizing, "Spans: unitizing alpha")
        self.span_tabs.addTab(self.worst, "Most disagreement")
        self.warnings = QPlainTextEdit()
        self.warnings.setReadOnly(True)
        self.warnings.setMaximumHeight(110)
        self.export_csv = QPushButton("Export CSV…")
        self.export_html = QPushButton("Export HTML…")
        self.export_csv.clicked.connect(lambda: self._export("csv"))
        self.export_html.clicked.connect(lambda: self._export("html"))
        for button in (self.export_csv, self.export_html):
            button.setEnabled(False)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_csv)
        buttons.addWidget(self.export_html)
        buttons.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.variables, 3)
        layout.addWidget(self.span_tabs, 2)
        layout.addWidget(QLabel("Warnings"))
        layout.addWidget(self.warnings)
        layout.addLayout(buttons)

    def show_report(self, report: AgreementReport) -> None:
        self.report = report
        self.summary.setText(f"Coders: {', '.join(report.coders)} · articles compared: "
                             f"{report.articles}")
        self.variables.setRowCount(len(report.variables))
        for row, v in enumerate(report.variables):
            percent = "n/a" if v.percent is None else f"{100 * v.percent:.1f}"
            values = (v.variable, v.level, str(v.units), str(v.coders), percent, fmt(v.kappa),
                      fmt(v.alpha))
            for column, text in enumerate(values):
                item = _cell(text, number=column >= 2)
                if v.notices:
                    item.setToolTip(tooltip_html(describe_notice(n) for n in v.notices))
                self.variables.setItem(row, column, item)
        self.spans.setRowCount(len(report.spans))
        for row, s in enumerate(report.spans):
            values = (s.variable, f"{s.coder_a} / {s.coder_b}", s.mode, str(s.in_a),
                      str(s.in_b), str(s.matched), fmt(s.precision), fmt(s.recall), fmt(s.f1))
            for column, text in enumerate(values):
                self.spans.setItem(row, column, _cell(text, number=column >= 3))
        self._show_unitizing(report)
        self.warnings.setPlainText("\n".join(describe_notice(n) for n in report.notices)
                                   or "None.")
        for button in (self.export_csv, self.export_html):
            button.setEnabled(True)

    def _show_unitizing(self, report: AgreementReport) -> None:
        self.unitizing.setRowCount(len(report.span_alphas))
        for row, r in enumerate(report.span_alphas):
            values = (r.variable if not r.label else "", r.label or "all", str(r.units),
                      fmt(r.alpha))
            for column, text in enumerate(values):
                self.unitizing.setItem(row, column, _cell(text, number=column >= 2))
        worst = [f for f in report.article_figures if f.total]
        self.worst.setRowCount(len(worst))
        for row, f in enumerate(worst):
            values = (f.title, str(f.total), fmt(f.lowest_alpha), f.uid)
            for column, text in enumerate(values):
                item = _cell(text, number=column in (1, 2))
                item.setData(Qt.ItemDataRole.UserRole, f.uid)
                self.worst.setItem(row, column, item)

    def _choose_article(self, row: int, _column: int) -> None:
        item = self.worst.item(row, 0)
        if item is not None:
            self.article_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def show_failure(self, error: BaseException) -> None:
        self.summary.setText(f"Agreement could not be computed: {describe(error)}")

    def export_to(self, path: Path) -> None:
        """Write the report as CSV or HTML, by the file's suffix."""
        assert self.report is not None
        try:
            if path.suffix.lower() in (".html", ".htm"):
                write_html(self.report, path, describe_notice, force=True)  # the dialog asked
            else:
                write_csv(self.report, path, force=True)
        except FramedeskError as exc:
            self.status.setText(describe(exc))
            return
        self.status.setText(f"Wrote {path}")

    def _export(self, kind: str) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export agreement report", f"agreement.{kind}",
            "CSV (*.csv)" if kind == "csv" else "HTML (*.html)")
        if name:
            self.export_to(Path(name))
