"""The attribute form: edits the selected attribution, each change one undoable command.

Quote type, identification, details of an unnamed source, source type, certainty and the
canonical entity of the source, plus buttons that take a part (source, cue, content) from
the text selection. Every label and item here is plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.store.attributions import Attribution
from framedesk.ui.reader.view import tooltip_html
from framedesk.ui.sources.controller import SourcesController
from framedesk.ui.sources.vocabulary import ATTRIBUTE_TITLES, STATUS_TITLES, UNNAMED_FLAGS

EMPTY_HINT = ("Tab selects the next attribution in the text. To add one, select what is "
              "attributed and press N.")
NO_ENTITY = "(none)"


class AttributeForm(QWidget):
    def __init__(self, controller: SourcesController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.attribution: Attribution | None = None
        self.hint = QLabel(EMPTY_HINT)
        self.hint.setWordWrap(True)
        self.status = QLabel()
        self.combos: dict[str, QComboBox] = {}
        self.fields = QWidget()
        form = QFormLayout(self.fields)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Status", self.status)
        for key, title in ATTRIBUTE_TITLES.items():
            combo = QComboBox()
            combo.setObjectName(key)
            combo.activated.connect(lambda _i, k=key: self._combo_changed(k))
            self.combos[key] = combo
            form.addRow(title, combo)
        self.count = QSpinBox()
        self.count.setRange(0, 99)
        self.count.setSpecialValueText("not given")
        self.count.valueChanged.connect(lambda _v: self._unnamed_changed())
        form.addRow("Unnamed: how many", self.count)
        self.flags: dict[str, QCheckBox] = {}
        for flag in UNNAMED_FLAGS:
            box = QCheckBox()
            box.toggled.connect(lambda _on: self._unnamed_changed())
            self.flags[flag] = box
            form.addRow("", box)
        self.entity = QComboBox()
        self.entity.activated.connect(lambda _i: self._entity_changed())
        form.addRow("Entity", self.entity)
        parts = QHBoxLayout()
        self.part_buttons: dict[str, QPushButton] = {}
        for part in ("source", "cue", "content"):
            button = QPushButton(part.title())
            button.setToolTip(f"Make the selected text this attribution's {part}")
            button.clicked.connect(lambda _c=False, p=part:
                                   controller.set_part_from_selection(p))
            self.part_buttons[part] = button
            parts.addWidget(button)
        form.addRow("From selection", parts)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.fields)
        controller.selected.connect(self.show_attribution)
        self.fill_lists()
        self.show_attribution(None)

    def fill_lists(self) -> None:
        v = self.controller.vocabulary
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("not set", None)
            for code in v.codes(key):
                combo.addItem(code.label, code.id)
                if code.definition:
                    combo.setItemData(combo.count() - 1, tooltip_html([code.definition]),
                                      Qt.ItemDataRole.ToolTipRole)
            combo.blockSignals(False)
        for flag, box in self.flags.items():
            box.setText(v.label("unnamed_details", flag))

    # ------------------------------------------------------------ showing
    def show_attribution(self, a: Attribution | None) -> None:
        self.attribution = a
        self.hint.setVisible(a is None)
        self.fields.setVisible(a is not None)
        if a is None:
            return
        widgets = [*self.combos.values(), self.count, *self.flags.values(), self.entity]
        for w in widgets:
            w.blockSignals(True)
        try:
            status = STATUS_TITLES.get(a.status, a.status)
            if a.status == "suggested":
                status += " (Enter accepts, Delete rejects)"
            self.status.setText(status)
            for key, combo in self.combos.items():
                combo.setCurrentIndex(max(0, combo.findData(getattr(a, key))))
            count = a.unnamed.get("count")
            self.count.setValue(count if isinstance(count, int) else 0)
            for flag, box in self.flags.items():
                box.setChecked(bool(a.unnamed.get(flag)))
            self._fill_entities(a)
        finally:
            for w in widgets:
                w.blockSignals(False)

    def _fill_entities(self, a: Attribution) -> None:
        """The entities mentioned in this article (a source is nearly always one of them),
        and the attribution's own."""
        self.entity.clear()
        self.entity.addItem(NO_ENTITY, None)
        project = self.controller.project
        seen: set[int] = set()
        if project is not None:
            for m in project.entities.mentions(a.article_id):
                if m.entity_id is not None and m.entity_id not in seen:
                    seen.add(m.entity_id)
                    self.entity.addItem(f"{m.canonical or m.text} ({m.label})", m.entity_id)
        if a.entity_id is not None and a.entity_id not in seen:
            self.entity.addItem(a.entity or str(a.entity_id), a.entity_id)
        self.entity.setCurrentIndex(max(0, self.entity.findData(a.entity_id)))

    # ------------------------------------------------------------ editing
    def _combo_changed(self, key: str) -> None:
        value = self.combos[key].currentData()
        if self.attribution is not None and getattr(self.attribution, key) != value:
            self.controller.edit(ATTRIBUTE_TITLES[key].lower(), **{key: value})

    def _unnamed_changed(self) -> None:
        a = self.attribution
        if a is None:
            return
        unnamed = dict(a.unnamed)
        count = self.count.value()
        unnamed["count"] = count if count > 0 else None
        for flag, box in self.flags.items():
            unnamed[flag] = box.isChecked()
        cleaned = {k: v for k, v in unnamed.items() if v not in (None, False)}
        if cleaned != {k: v for k, v in a.unnamed.items() if v not in (None, False)}:
            self.controller.edit("unnamed source", unnamed=cleaned)

    def _entity_changed(self) -> None:
        a = self.attribution
        value = self.entity.currentData()
        if a is not None and a.entity_id != value:
            self.controller.edit("entity", entity_id=value)
