"""Filters for the article list by coding: a frame (present, or primary) and a tone.

Plugged into the list's filter bar through its `add_filter` extension point; the choices
follow the project's codebooks.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from framedesk.core.store.articles import ArticleFilter
from framedesk.core.store.codebooks import coded_as_primary, coded_with
from framedesk.ui.coding.controller import CodingController
from framedesk.ui.coding.panels import swatch

ANY_FRAME, ANY_TONE = "any frame", "any tone"
PRESENT, PRIMARY = "coded", "primary"


class CodingFilter(QObject):
    changed = Signal()

    def __init__(self, controller: CodingController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.widget = QWidget()
        self.frame = QComboBox()
        self.frame.setMinimumContentsLength(12)
        self.frame.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.role = QComboBox()
        self.role.addItem("coded", PRESENT)
        self.role.addItem("as primary", PRIMARY)
        self.tone = QComboBox()
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.frame, 2)
        row.addWidget(self.role, 1)
        row.addWidget(self.tone, 1)
        for combo in (self.frame, self.role, self.tone):
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        controller.codebooks_changed.connect(self.fill)
        self.fill()

    def fill(self) -> None:
        """The project's frames and tones (keeping the current choice where it still exists)."""
        for combo, empty, books in (
                (self.frame, ANY_FRAME, self.controller.frame_books()),
                (self.tone, ANY_TONE, [b for b in [self.controller.tone_book()] if b])):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(empty, None)
            for book in books:
                for code in book.codes:
                    combo.addItem(swatch(code.color), code.label, (book.name, code.id))
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)

    def apply(self, flt: ArticleFilter) -> None:
        frame, tone = self.frame.currentData(), self.tone.currentData()
        if frame is not None:
            clause = coded_as_primary if self.role.currentData() == PRIMARY else coded_with
            flt.extra_sql.append(clause(*frame))
        if tone is not None:
            flt.extra_sql.append(coded_with(*tone))

    def reset(self) -> None:
        for combo in (self.frame, self.role, self.tone):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
