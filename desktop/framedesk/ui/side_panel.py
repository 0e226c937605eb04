"""The right-hand pane: a stack of collapsible sections other panels add themselves to.

`window.side_panel.add_section("Frames", widget)`: the coding and sources panels plug in
here without knowing about each other; which sections are open is remembered.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


MINIMUM_CAP = 380   # px: the most the side panel insists on


class Section(QWidget):
    toggled = Signal(bool)

    def __init__(self, title: str, body: QWidget, expanded: bool = True) -> None:
        super().__init__()
        self.title = title
        self.body = body
        self.button = QToolButton()
        self.button.setText(title)
        self.button.setCheckable(True)
        self.button.setChecked(expanded)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.button.setAutoRaise(True)
        font = self.button.font()
        font.setBold(True)
        self.button.setFont(font)
        self.button.toggled.connect(self.set_expanded)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(line)
        layout.addWidget(self.button)
        layout.addWidget(body)
        self.set_expanded(expanded)

    @property
    def expanded(self) -> bool:
        return self.button.isChecked()

    def set_expanded(self, expanded: bool) -> None:
        if self.button.isChecked() != expanded:
            self.button.setChecked(expanded)  # re-enters through toggled
            return
        self.button.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)
        self.toggled.emit(expanded)


class SidePanel(QScrollArea):
    section_added = Signal(object)   # Section

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        inner = QWidget()
        self._layout = QVBoxLayout(inner)
        self._layout.setContentsMargins(6, 4, 6, 4)
        self._layout.setSpacing(6)
        self._layout.addStretch(1)
        self.setWidget(inner)
        inner.installEventFilter(self)
        self.sections: dict[str, Section] = {}

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        # Sections fill in later (a codebook's frames arrive with the project): keep the
        # pane as wide as its widest section needs, up to MINIMUM_CAP.
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._fit_width()
        return super().eventFilter(watched, event)

    def _fit_width(self) -> None:
        # One wide section (a form with long combo boxes) must not make the whole pane
        # wider than the reader: beyond the cap it scrolls sideways instead.
        width = min(self.minimumSizeHint().width(), MINIMUM_CAP)
        if width != self.minimumWidth():
            self.setMinimumWidth(width)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """As wide as the widest section needs, so the splitter never cuts a section off."""
        inner = self.widget().minimumSizeHint()
        scrollbar = self.verticalScrollBar().sizeHint().width()
        return QSize(inner.width() + scrollbar + 2 * self.frameWidth(), 120)

    def add_section(self, title: str, widget: QWidget, *, expanded: bool = True,
                    position: int | None = None) -> Section:
        """Add a collapsible section (at the end, or at `position`)."""
        section = Section(title, widget, expanded)
        count = self._layout.count() - 1  # before the stretch
        index = count if position is None else max(0, min(position, count))
        self._layout.insertWidget(index, section)
        self.sections[title] = section
        self._fit_width()
        self.section_added.emit(section)
        return section

    def section(self, title: str) -> Section | None:
        return self.sections.get(title)

    def expanded_state(self) -> dict[str, bool]:
        return {t: s.expanded for t, s in self.sections.items()}

    def restore_expanded(self, state: dict[str, bool]) -> None:
        for title, expanded in state.items():
            if title in self.sections:
                self.sections[title].set_expanded(bool(expanded))
