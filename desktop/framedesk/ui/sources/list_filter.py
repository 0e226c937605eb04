"""Filter the article list by sourcing: articles with an attribution of a source type
and/or an identification (open suggestions count too; rejected ones never do).

Plugged into the list's filter bar through `add_filter`; the choices follow the sourcing
codebook.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from framedesk.core.store.articles import ArticleFilter
from framedesk.ui.coding.panels import swatch
from framedesk.ui.sources.controller import SourcesController

ANY_TYPE, ANY_IDENTIFICATION = "any source type", "any identification"


class SourcingFilter(QObject):
    changed = Signal()

    def __init__(self, controller: SourcesController) -> None:
        super().__init__(controller)
        self.controller = controller
        self.widget = QWidget()
        self.source_type = QComboBox()
        self.identification = QComboBox()
        for combo in (self.source_type, self.identification):
            combo.setMinimumContentsLength(10)
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
        row = QHBoxLayout(self.widget)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        row.addWidget(self.source_type, 1)
        row.addWidget(self.identification, 1)
        self.fill()

    def fill(self) -> None:
        v = self.controller.vocabulary
        for combo, empty, attribute in ((self.source_type, ANY_TYPE, "source_type"),
                                        (self.identification, ANY_IDENTIFICATION,
                                         "identification")):
            keep = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(empty, None)
            for code in v.codes(attribute):
                combo.addItem(swatch(code.color), code.label, code.id)
            combo.setCurrentIndex(max(0, combo.findData(keep)))
            combo.blockSignals(False)

    def apply(self, flt: ArticleFilter) -> None:
        source_type = self.source_type.currentData()
        identification = self.identification.currentData()
        flt.source_types = (source_type,) if source_type else ()
        flt.identifications = (identification,) if identification else ()

    def reset(self) -> None:
        for combo in (self.source_type, self.identification):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
