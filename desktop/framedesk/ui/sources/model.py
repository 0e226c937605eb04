"""The article's attributions grouped by source, as a two-level Qt item model.

Top level: one row per source (its canonical entity, else the source text, else "no
source"); below it, that source's attributions in text order. Column 0 names the source or
shows the content, column 1 the identification, column 2 the source type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from framedesk.core.store.attributions import Attribution
from framedesk.ui import icons
from framedesk.ui.reader.view import tooltip_html
from framedesk.ui.sources.vocabulary import STATUS_TITLES, Vocabulary
from framedesk.ui.two_level_model import TOP, TwoLevelModel

_Index = QModelIndex | QPersistentModelIndex
NO_SOURCE = "(no source named)"
STATUS_ICONS = {"suggested": "fa5s.lightbulb", "accepted": "fa5s.check", "manual": "fa5s.pen"}


@dataclass(slots=True)
class SourceGroup:
    name: str
    items: list[Attribution] = field(default_factory=list)


def source_name(a: Attribution, text: str) -> str:
    if a.entity:
        return a.entity
    if a.source is not None:
        return " ".join(text[a.source.start:a.source.end].split()) or NO_SOURCE
    return NO_SOURCE


def group_by_source(attributions: list[Attribution], text: str) -> list[SourceGroup]:
    """Groups in order of their first attribution in the text; spellings that differ only
    in case or spacing are one source."""
    groups: dict[str, SourceGroup] = {}
    for a in attributions:
        name = source_name(a, text)
        key = name.casefold()
        if key not in groups:
            groups[key] = SourceGroup(name)
        groups[key].items.append(a)
    return list(groups.values())


def excerpt(a: Attribution, text: str, width: int = 70) -> str:
    span = a.content or a.cue or a.source
    words = " ".join(text[span.start:span.end].split()) if span else ""
    return words if len(words) <= width else words[:width - 1] + "\u2026"


class SourcesModel(TwoLevelModel):
    HEADERS = ("Source / content", "Identification", "Type")

    def __init__(self, vocabulary: Vocabulary | None = None, parent=None) -> None:
        super().__init__(parent)
        self.groups: list[SourceGroup] = []
        self.text = ""
        self.vocabulary = vocabulary or Vocabulary()

    def set_attributions(self, attributions: list[Attribution], text: str) -> None:
        self.beginResetModel()
        self.text = text
        self.groups = group_by_source(attributions, text)
        self.endResetModel()

    # ------------------------------------------------------------ structure
    def group_count(self) -> int:
        return len(self.groups)

    def item_count(self, group_row: int) -> int:
        return len(self.groups[group_row].items)

    def column_total(self) -> int:
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.HEADERS)):
            return self.HEADERS[section]
        return None

    # ------------------------------------------------------------ data
    def attribution(self, index: _Index) -> Attribution | None:
        if not index.isValid() or index.internalId() == TOP:
            return None
        return self.groups[index.internalId() - 1].items[index.row()]

    def index_of(self, attribution_id: int) -> QModelIndex:
        for g, group in enumerate(self.groups):
            for r, a in enumerate(group.items):
                if a.id == attribution_id:
                    return self.index(r, 0, self.index(g, 0))
        return QModelIndex()

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        if index.internalId() == TOP:
            group = self.groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{group.name} ({len(group.items)})" if column == 0 else None
            return None
        a = self.groups[index.internalId() - 1].items[index.row()]
        v = self.vocabulary
        if role == Qt.ItemDataRole.DisplayRole:
            return (excerpt(a, self.text), v.label("identification", a.identification),
                    v.label("source_type", a.source_type))[column]
        if role == Qt.ItemDataRole.DecorationRole and column == 0:
            return icons.icon(STATUS_ICONS.get(a.status, "fa5s.quote-left"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_html(v.describe(a, self.text))   # escaped: article text is data
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and column == 0:
            return STATUS_TITLES.get(a.status, a.status)
        return None
