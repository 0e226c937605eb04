"""The entities section: the article's entities by canonical entity, a legend with per-type
toggles, and the "entities" layer of the reader (tooltips, click to select all mentions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.model import Mention
from framedesk.core.store import Project
from framedesk.ui.background_reads import BackgroundReads
from framedesk.ui.flow_layout import FlowLayout
from framedesk.ui.reader import ReaderWidget
from framedesk.ui.reader.highlighter import Hit
from framedesk.ui.reader.styles import ENTITY_DESCRIPTIONS, ENTITY_STYLES
from framedesk.ui.reader.view import tooltip_html
from framedesk.ui.rows_model import RowsTableModel

LAYER = "entities"
MAX_ROWS_SHOWN = 18
SELECTED_LAYER = "selected"
_Index = QModelIndex | QPersistentModelIndex


def type_name(label: str) -> str:
    style = ENTITY_STYLES.get(label)
    return style.label if style else label.title()


@dataclass(slots=True)
class EntityRow:
    key: tuple[Any, str]              # (entity id or surface text, label)
    name: str
    label: str
    mentions: list[Mention] = field(default_factory=list)
    corpus: int | None = None         # articles of the project mentioning it (None: counting)


def group_mentions(mentions: Sequence[Mention]) -> list[EntityRow]:
    """One row per canonical entity, most mentioned first."""
    rows: dict[tuple[Any, str], EntityRow] = {}
    for m in mentions:
        key = (m.entity_id if m.entity_id is not None else m.text, m.label)
        row = rows.get(key)
        if row is None:
            row = rows[key] = EntityRow(key, m.canonical or m.text, m.label)
        row.mentions.append(m)
    return sorted(rows.values(), key=lambda r: (-len(r.mentions), r.name.casefold()))


class EntityTableModel(RowsTableModel[EntityRow]):
    HEADERS = ("Entity", "Type", "Here", "Project")

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole
                and 0 <= section < len(self.HEADERS)):
            return ("", "", "Mentions in this article",
                    "Articles of the project that mention it")[section] or None
        return super().headerData(section, orientation, role)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            corpus = "\u2026" if row.corpus is None else row.corpus
            return (row.name, row.label, len(row.mentions), corpus)[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            spellings = sorted({m.text for m in row.mentions})
            return tooltip_html([f"{row.name} ({type_name(row.label)}); written here as: "
                                 f"{', '.join(spellings)}"])  # names are untrusted text
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def swatch(colour: QColor | None, size: int = 12) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setPen(QColor("#888888"))
    painter.setBrush(colour or QColor(0, 0, 0, 0))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pixmap)


class Legend(QWidget):
    """A checkbox per entity type present in the article: unticked types are not drawn."""

    toggled = Signal(str, bool)   # label, visible

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = FlowLayout(self, spacing=10)
        self.boxes: dict[str, QCheckBox] = {}

    def set_types(self, counts: dict[str, int], colours: dict[str, QColor | None],
                  hidden: set[str]) -> None:
        for box in self.boxes.values():
            self.flow.removeWidget(box)
            box.hide()           # deleted later: must not be drawn under the new boxes
            box.deleteLater()
        self.boxes = {}
        for label, count in sorted(counts.items(), key=lambda kv: -kv[1]):
            box = QCheckBox(f"{type_name(label)} {count}")
            box.setIcon(swatch(colours.get(label)))
            box.setChecked(label not in hidden)
            what = ENTITY_DESCRIPTIONS.get(label)
            box.setToolTip(f"{label}{': ' + what if what else ''}. Untick to hide these "
                           f"highlights.")
            box.toggled.connect(lambda on, lab=label: self.toggled.emit(lab, on))
            self.flow.addWidget(box)
            self.boxes[label] = box


class EntitiesPanel(QWidget):
    """Lists the open article's entities and keeps the reader's entity layer."""

    entity_selected = Signal(object)   # EntityRow (clicked here or in the text)

    def __init__(self, reader: ReaderWidget, reads: BackgroundReads | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = reader
        self.reads = reads
        # entity id -> articles mentioning it; counted in the background, kept until the
        # project's entities change (forget_corpus_counts).
        self.corpus_counts: dict[int, int] = {}
        self._article_id: int | None = None
        self.model = EntityTableModel(self)
        self.legend = Legend()
        self.empty = QLabel("No entities found in this article.")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.legend)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        self._next_mention: dict[tuple[Any, str], int] = {}
        self.table.clicked.connect(self._on_row_clicked)
        self.table.activated.connect(self._on_row_clicked)
        self.legend.toggled.connect(self._on_type_toggled)
        reader.span_clicked.connect(self._on_reader_click)
        reader.set_tooltip_provider(LAYER, mention_tooltip)

    # ------------------------------------------------------------ loading
    def load(self, project: Project | None, article_id: int | None) -> None:
        """Read the article's mentions, draw them in the reader and list them here."""
        mentions = (project.entities.mentions(article_id)
                    if project is not None and article_id is not None else [])
        self._article_id = article_id
        keys: dict[str, str] = {}
        spans = []
        for m in mentions:
            key = keys.get(m.label)
            if key is None:
                key = keys[m.label] = f"entity:{m.label}"
            spans.append((m.start, m.end, key, m))
        self.reader.set_layer(LAYER, spans)
        self.reader.clear_layer(SELECTED_LAYER)
        rows = group_mentions(mentions)
        missing = self._fill_corpus(rows)
        self.model.set_rows(rows)
        if missing and project is not None:
            self._count_in_background(project, article_id, missing)
        self._next_mention = {}
        counts: dict[str, int] = {}
        for m in mentions:
            counts[m.label] = counts.get(m.label, 0) + 1
        registry = self.reader.registry
        hidden = {k.split(":", 1)[1] for k in registry.hidden if k.startswith("entity:")}
        self.legend.set_types(counts, {lab: registry.background(f"entity:{lab}")
                                       for lab in counts}, hidden)
        self.empty.setVisible(not mentions and article_id is not None)
        self.table.setVisible(bool(mentions))
        self._fit_table_height()

    def _fit_table_height(self) -> None:
        """Tall enough for the rows (up to MAX_ROWS_SHOWN), so sections below stay close."""
        rows = min(max(len(self.model.rows), 3), MAX_ROWS_SHOWN)
        height = (self.table.horizontalHeader().sizeHint().height()
                  + rows * self.table.verticalHeader().defaultSectionSize()
                  + 2 * self.table.frameWidth() + 2)
        self.table.setFixedHeight(height)

    def _fill_corpus(self, rows: list[EntityRow]) -> list[int]:
        """Known counts go in; returns the entity ids still to count."""
        missing = []
        for r in rows:
            entity_id = r.key[0]
            if not isinstance(entity_id, int):
                r.corpus = 1
            elif entity_id in self.corpus_counts:
                r.corpus = self.corpus_counts[entity_id]
            else:
                missing.append(entity_id)
        return missing

    def _count_in_background(self, project: Project, article_id: int | None,
                             missing: list[int]) -> None:
        def counted(counts: dict[int, int] | None) -> None:
            if counts is None:
                return
            self.corpus_counts.update({i: counts.get(i, 0) for i in missing})
            if article_id == self._article_id:
                self._fill_corpus(self.model.rows)
                n = len(self.model.rows)
                if n:
                    self.model.dataChanged.emit(self.model.index(0, 3), self.model.index(n - 1, 3))

        if self.reads is None:
            counted(project.entities.corpus_counts(missing))
        else:
            self.reads.read(lambda p: p.entities.corpus_counts(missing), counted)

    def forget_corpus_counts(self) -> None:
        self.corpus_counts.clear()

    # ------------------------------------------------------------ interactions
    def row_for(self, mention: Mention) -> int | None:
        key = (mention.entity_id if mention.entity_id is not None else mention.text,
               mention.label)
        for n, row in enumerate(self.model.rows):
            if row.key == key:
                return n
        return None

    def select_entity_row(self, n: int, jump: bool) -> None:
        """Select every mention of the row's entity in the text; with jump, move the
        cursor to its next mention (each click goes one further, wrapping around)."""
        row = self.model.rows[n]
        self.reader.set_layer(SELECTED_LAYER, [(m.start, m.end, "selected", m)
                                               for m in row.mentions])
        self.table.selectRow(n)
        if jump:
            i = self._next_mention.get(row.key, 0) % len(row.mentions)
            self._next_mention[row.key] = i + 1
            m = row.mentions[i]
            self.reader.select_range(m.start, m.end)
        self.entity_selected.emit(row)

    def _on_row_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.select_entity_row(index.row(), jump=True)

    def _on_reader_click(self, hits: list[Hit]) -> None:
        for hit in hits:
            if hit.layer in (LAYER, SELECTED_LAYER) and isinstance(hit.span.payload, Mention):
                n = self.row_for(hit.span.payload)
                if n is not None:
                    self.select_entity_row(n, jump=False)
                    return
        self.reader.clear_layer(SELECTED_LAYER)
        self.table.clearSelection()

    def _on_type_toggled(self, label: str, visible: bool) -> None:
        self.reader.set_style_visible(f"entity:{label}", visible)


def mention_tooltip(m: Mention) -> str:
    canonical = m.canonical or m.text
    line = f"{type_name(m.label)} ({m.label}): {canonical}"
    if canonical != m.text:
        line += f"  (written \u201c{m.text}\u201d)"
    if m.status == "manual":
        line += "  · corrected by hand"
    return line
