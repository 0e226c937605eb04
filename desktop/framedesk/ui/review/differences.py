"""The review window's differences table: one row per item the coders differ on.

Per kind: a kind the coders agree on is one grey row; otherwise an "(agreed)" row with what
they share, if anything, then one row per difference (core.review.items), each with every
coder's version and the gold file's current decision. Several rows can be selected, so one
key press decides them all. Cell text comes from other people's files: QTableWidgetItem shows
it as plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from framedesk.core.review.compare import ArticleDiff
from framedesk.core.review.items import Difference, differences, item_spans
from framedesk.core.review.log import LogEntry
from framedesk.core.review.work import KINDS, Item
from framedesk.ui.reader.view import tooltip_html
from framedesk.ui.review.colours import background, text_brush
from framedesk.ui.review.model import KIND_TITLES



def _quote(text: str, span: tuple[int, int] | list[int] | None, limit: int = 60) -> str:
    if not span:
        return "?"
    piece = " ".join(text[span[0]:span[1]].split())
    if len(piece) > limit:
        piece = piece[:limit - 1] + "\u2026"
    return "\u201c" + piece + "\u201d"


def describe_item(item: Item, text: str) -> str:
    """What a reviewer recognises: the words an item covers, not its offsets."""
    d = item.data
    if item.kind == "cues":
        return f"{d['code']}: {_quote(text, (d['start'], d['end']))}"
    if item.kind == "entities":
        canonical = d.get("canonical")
        words = text[d["start"]:d["end"]]
        return f"{d['label']} {words}" + (f" \u2192 {canonical}" if canonical and
                                            canonical != words else "")
    if item.kind == "attributions":
        source, cue = _quote(text, d.get("source"), 30), _quote(text, d.get("cue"), 25)
        content = _quote(text, d.get("content"), 50)
        kinds = "/".join(x for x in (d.get("identification"), d.get("source_type")) if x)
        return f"{source} {cue} {content}" + (f" ({kinds})" if kinds else "")
    return item.text


def describe_decision(entry: LogEntry | None) -> str:
    if entry is None:
        return ""
    if entry.decision == "edited" and not entry.result:
        return "neither"
    return entry.decision + (f" ({entry.chosen_from})" if entry.chosen_from else "")


@dataclass(slots=True)
class Row:
    kind: str
    difference: Difference | None          # None: what the coders agree on
    items: dict[str, list[Item] | None]    # per coder; None: the coder did not code it

    def spans(self) -> list[tuple[int, int]]:
        return [s for v in self.items.values() for i in v or [] for s in item_spans(i)]


class DifferenceTable(QTableWidget):
    def __init__(self, coders: list[str], parent=None) -> None:
        super().__init__(0, len(coders) + 2, parent)
        self.coders = coders
        self.rows: list[Row] = []
        self.setHorizontalHeaderLabels(["Kind", *coders, "Gold"])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        # One line per row: more differences fit beside the texts (tooltips hold the rest).
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)

    def fill(self, article: ArticleDiff | None, text: str,
             decisions: dict[tuple[str, str], LogEntry]) -> None:
        self.rows = self._rows(article)
        self.setRowCount(len(self.rows))
        row_background, agreed_text = background("difference_row"), text_brush("agreed")
        for n, row in enumerate(self.rows):
            title = KIND_TITLES[row.kind]
            entry = (decisions.get((row.kind, row.difference.label))
                     if row.difference is not None else None)
            if row.difference is None:
                title += " (agreed)" if article and not article.kinds[row.kind].agrees else ""
            else:     # a decided difference no longer says the coders differ
                title += ("  \u2713" if entry is not None and entry.decision != "undecided"
                          else "  \u2260")
            cells = [title]
            for coder in self.coders:
                items = row.items.get(coder)
                cells.append("(did not code)" if items is None else
                             "; ".join(describe_item(i, text) for i in items) or "(none)")
            cells.append(describe_decision(entry))
            for column, value in enumerate(cells):
                cell = QTableWidgetItem(value)
                cell.setToolTip(tooltip_html(value.split("; ")))
                if row.difference is not None:
                    cell.setBackground(row_background)
                else:
                    cell.setForeground(agreed_text)
                self.setItem(n, column, cell)

    def _rows(self, article: ArticleDiff | None) -> list[Row]:
        if article is None:
            return []
        rows: list[Row] = []
        for kind in KINDS:
            diff = article.kinds[kind]
            if diff.agrees:
                rows.append(Row(kind, None, {c: diff.items.get(c) for c in self.coders}))
                continue
            if diff.agreed:
                rows.append(Row(kind, None, {c: (list(diff.agreed) if c in diff.items
                                                 else None) for c in self.coders}))
            for d in differences(diff):
                rows.append(Row(kind, d, {c: d.versions.get(c) for c in self.coders}))
        return rows

    # ------------------------------------------------------------ selection
    def current(self) -> Row | None:
        n = self.currentRow()
        return self.rows[n] if 0 <= n < len(self.rows) else None

    def selected(self) -> list[Row]:
        """The selected rows that are differences, top to bottom."""
        chosen = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [self.rows[n] for n in chosen
                if n < len(self.rows) and self.rows[n].difference is not None]

    def first_difference(self, after: int = -1) -> int:
        for n in range(after + 1, len(self.rows)):
            if self.rows[n].difference is not None:
                return n
        return -1

    def row_of(self, kind: str, label: str | None = None) -> int:
        for n, row in enumerate(self.rows):
            if row.kind == kind and (label is None or (row.difference is not None
                                                       and row.difference.label == label)):
                return n
        return -1
