"""'Edit' one difference of cues, attributions or entity mentions: start from any coder's
version, then change its span (typed, or taken from the text selected in a column) and its
code, attributes, or type and canonical name.

Offsets here are Python string indices; the window converts the Qt selection before it
hands it over. Everything shown from the files is plain text.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.review.items import Difference
from framedesk.core.review.work import ATTRIBUTIONS, CUES, ENTITIES, SPAN_PARTS, Item, make_item
from framedesk.ui.review.differences import describe_item

ATTRIBUTES = ("quote_type", "identification", "source_type", "certainty")
EDITABLE_KINDS = frozenset({CUES, ATTRIBUTIONS, ENTITIES})
FIELDS = {CUES: ("code",), ENTITIES: ("label", "canonical"), ATTRIBUTIONS: ATTRIBUTES}


def _plain(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class SpanField(QWidget):
    """Start and end of one span, with what it covers and a 'use the selection' button."""

    def __init__(self, text: str, selection: tuple[int, int] | None) -> None:
        super().__init__()
        self.text = text
        self.start, self.end = QSpinBox(), QSpinBox()
        for box in (self.start, self.end):
            box.setRange(0, len(text))
            box.valueChanged.connect(self._show)
        self.use = QPushButton("Use selected text")
        self.use.setEnabled(selection is not None)
        self.use.clicked.connect(lambda: self.set_span(selection))
        self.words = _plain()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.start)
        row.addWidget(self.end)
        row.addWidget(self.use)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.words)

    def set_span(self, span: Sequence[int] | None) -> None:
        start, end = (span[0], span[1]) if span else (0, 0)
        self.end.setValue(end)
        self.start.setValue(start)
        self.end.setValue(end)

    def span(self) -> tuple[int, int] | None:
        start, end = self.start.value(), self.end.value()
        return (start, end) if start < end else None

    def _show(self) -> None:
        span = self.span()
        self.words.setText("\u201c" + self.text[span[0]:span[1]] + "\u201d" if span
                           else "(none)")


class ItemEditDialog(QDialog):
    def __init__(self, title: str, difference: Difference, text: str, *,
                 codes: Sequence[str] = (), attribute_values: dict[str, Sequence[str]] | None
                 = None, selection: tuple[int, int] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if difference.kind not in EDITABLE_KINDS:
            raise ValueError(difference.kind)
        self.setWindowTitle(f"Edit: {title}")
        self.kind = difference.kind
        self.text = text
        self.bases: list[Item] = []
        self.base = QComboBox()
        for coder, items in difference.versions.items():
            for item in items:
                self.bases.append(item)
                self.base.addItem(f"{coder}: {describe_item(item, text)}")
        form = QFormLayout()
        form.addRow(_plain("Start from"), self.base)
        self.spans: dict[str, SpanField] = {}
        parts = SPAN_PARTS if self.kind == ATTRIBUTIONS else ("span",)
        for part in parts:
            self.spans[part] = SpanField(text, selection)
            form.addRow(_plain(part.capitalize()), self.spans[part])
        self.choices: dict[str, QComboBox] = {}
        values = dict(attribute_values or {})
        if self.kind == CUES:
            values["code"] = codes
        for name in FIELDS[self.kind]:
            box = QComboBox()
            box.setEditable(True)
            seen = list(dict.fromkeys([*values.get(name, ()), *(
                str(i.data.get(name)) for i in self.bases if i.data.get(name))]))
            box.addItems(seen)
            self.choices[name] = box
            form.addRow(_plain(name.replace("_", " ").capitalize()), box)
        self.base.currentIndexChanged.connect(self._load)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(_plain("Change the span (type it, or select words in a column"
                                " before pressing Edit) and the code or attributes."))
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._load(0)

    def _load(self, index: int) -> None:
        if not 0 <= index < len(self.bases):
            return
        d = self.bases[index].data
        if self.kind != ATTRIBUTIONS:
            self.spans["span"].set_span((d["start"], d["end"]))
        else:
            for part in SPAN_PARTS:
                self.spans[part].set_span(d.get(part))
        for name, box in self.choices.items():
            box.setCurrentText(str(d.get(name) or ""))

    def result_item(self) -> Item | None:
        """The edited item, or None when it has no span left."""
        base = dict(self.bases[self.base.currentIndex()].data)
        values = {n: (b.currentText().strip() or None) for n, b in self.choices.items()}
        if self.kind == CUES:
            span = self.spans["span"].span()
            if span is None or not values["code"]:
                return None
            return make_item(CUES, base | {"start": span[0], "end": span[1],
                                           "code": values["code"]})
        if self.kind == ENTITIES:
            span = self.spans["span"].span()
            if span is None or not values["label"]:
                return None
            words = self.text[span[0]:span[1]]
            return make_item(ENTITIES, base | {
                "start": span[0], "end": span[1], "label": values["label"], "text": words,
                "canonical": values["canonical"] or words, "origin": "manual",
                "status": "manual"})
        spans = {p: self.spans[p].span() for p in SPAN_PARTS}
        if not any(spans.values()):
            return None
        return make_item(ATTRIBUTIONS, base | spans | values)
