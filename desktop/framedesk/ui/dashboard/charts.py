"""One chart on the dashboard: the SVG drawn by core/svg_charts (the same picture as the HTML
report), shown with QtSvg, and its three exports: PNG, SVG and the data as CSV."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from framedesk.core.corpus_stats import ChartData
from framedesk.core.exchange.writing import atomic_file

PNG_SCALE = 2   # exported PNGs at twice the screen size: sharp in slides and print


def svg_to_image(svg: str, scale: float = PNG_SCALE) -> QImage:
    """Render an SVG string to an image (white background, as in the report)."""
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize()
    image = QImage(QSize(int(size.width() * scale), int(size.height() * scale)),
                   QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def write_chart(chart: ChartData, svg: str, out: Path, kind: str) -> Path:
    """Write one export ("png", "svg" or "csv") atomically; replaces an existing file (the
    file dialog already asked)."""
    with atomic_file(out, force=True) as tmp:
        if kind == "png":
            if not svg_to_image(svg).save(str(tmp), "PNG"):
                raise OSError(f"could not write {out}")
        elif kind == "svg":
            tmp.write_text(svg, encoding="utf-8")
        else:
            tmp.write_text(chart.to_csv(), encoding="utf-8", newline="")
    return out


class ChartCard(QFrame):
    """A chart with its export buttons; `export_requested(chart key, kind)`."""

    export_requested = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.chart: ChartData | None = None
        self.svg = ""
        self.picture = QSvgWidget()
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        row.addStretch(1)
        for kind, text, tip in (("png", "PNG", "Save the chart as an image"),
                                ("svg", "SVG", "Save the chart as a vector drawing"),
                                ("csv", "Data (CSV)", "Save the numbers behind the chart")):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(lambda _c=False, k=kind: self._export(k))
            row.addWidget(button)
            self.buttons[kind] = button
        layout = QVBoxLayout(self)
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addLayout(row)

    def show_chart(self, chart: ChartData, svg: str) -> None:
        self.chart, self.svg = chart, svg
        self.picture.load(QByteArray(svg.encode("utf-8")))
        self.picture.setFixedSize(self.picture.renderer().defaultSize())
        self.buttons["csv"].setEnabled(not chart.is_empty())

    def _export(self, kind: str) -> None:
        if self.chart is not None:
            self.export_requested.emit(self.chart.key, kind)
