"""One coder's version of the article in the curation view: the reader, as in the main window.

The text is an ordinary ReaderWidget with the reader's layers and styles (entities tinted by
label, frame cues underlined, attribution sources bold and contents tinted), drawn from this
coder's items. A "review" layer on top marks what the coders differ on: a red wave under
this coder's disputed spans while open, a green dotted line once decided, a dashed line
where others marked something this coder did not; the current difference is lit in every
column. Clicking a marked span takes this coder's version of that difference. Document
codes (primary frame, secondary frames, tone) sit above the text as buttons, the disputed
ones clickable the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from framedesk.core.model import Article
from framedesk.core.review.compare import ArticleDiff
from framedesk.core.review.items import Difference, item_spans
from framedesk.core.review.work import (
    ATTRIBUTIONS,
    CUES,
    ENTITIES,
    PRIMARY,
    SECONDARY,
    SPAN_PARTS,
    TONE,
    Item,
)
from framedesk.ui.flow_layout import FlowLayout
from framedesk.ui.reader import ReaderWidget, SpanStyle
from framedesk.ui.reader.view import tooltip_html

REVIEW_LAYER = "review"
CURRENT_LAYER = "selected"            # the reader's top layer
OPEN_STYLE, DECIDED_STYLE, ABSENT_STYLE = "review:open", "review:decided", "review:absent"
CURRENT_STYLE = "review:current"
STYLES = {
    OPEN_STYLE: SpanStyle("Coders differ (open)", underline="#d93025", underline_style="wave"),
    DECIDED_STYLE: SpanStyle("Coders differ (decided)", underline="#188038",
                             underline_style="dot"),
    ABSENT_STYLE: SpanStyle("Others marked this", underline="#d93025", underline_style="dash"),
    CURRENT_STYLE: SpanStyle("Current difference", "#ffd866", strong_background=True),
}
DOC_TITLES = {PRIMARY: "Primary", SECONDARY: "Secondary", TONE: "Tone"}
Entry = tuple[str, Difference]


def _layers(items: dict[str, list[Item]]) -> dict[str, list[tuple]]:
    """The reader's layers for one coder's items, with the reader's style keys."""
    entities = [(i.data["start"], i.data["end"], f"entity:{i.data['label']}", i)
                for i in items.get(ENTITIES, [])]
    cues = [(i.data["start"], i.data["end"], f"cue:{i.data['codebook']}/{i.data['code']}", i)
            for i in items.get(CUES, [])]
    attributions = [(i.data[p][0], i.data[p][1], f"attribution:{p}", i)
                    for i in items.get(ATTRIBUTIONS, []) for p in SPAN_PARTS if i.data.get(p)]
    return {"entities": entities, "cues": cues, "attributions": attributions}


class CoderColumn(QWidget):
    take = Signal(str, int)          # coder, index of the difference in the article's list

    def __init__(self, number: int, coder: str, file_name: str,
                 cue_styles: dict[str, SpanStyle], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.coder = coder
        self.number = number
        self.name = QLabel(f"{number} \u00b7 {coder}" + (f"  ({file_name})"
                                                          if file_name not in coder else ""))
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.name.setToolTip(tooltip_html([f"Alt+{number} takes {coder}'s version of the "
                                           "current difference"]))
        self.codes = QWidget()
        self.codes_layout = FlowLayout(self.codes, spacing=4)
        self.reader = ReaderWidget()
        self.reader.header.hide()
        for key, style in {**cue_styles, **STYLES}.items():
            self.reader.registry.register(key, style)
        self.reader.set_tooltip_provider(REVIEW_LAYER, self._review_tip)
        for layer in ("entities", "cues", "attributions"):
            self.reader.set_tooltip_provider(layer, lambda item: item.text if item else None)
        self.reader.span_clicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.name)
        layout.addWidget(self.codes)
        layout.addWidget(self.reader, 1)
        self.entries: list[Entry] = []
        self.text = ""

    # ------------------------------------------------------------ showing
    def show_article(self, article: ArticleDiff | None, text: str, entries: Sequence[Entry],
                     decided: Sequence[bool], current: int) -> None:
        """Draw this coder's version; `entries` are the article's differences, `decided`
        says which are decided, `current` is the lit one (-1: none)."""
        self.entries, self.text = list(entries), text
        if article is None:
            with self.reader.loading(None):
                pass
            self._fill_codes(None, [], [])
            return
        items = {kind: list(diff.items.get(self.coder) or []) for kind, diff in
                 article.kinds.items()}
        shown = Article(id=0, uid=article.uid, title=article.title, text=text)
        with self.reader.loading(shown):
            for name, spans in _layers(items).items():
                self.reader.set_layer(name, spans)
            self.paint_review(decided, current)
        self._fill_codes(article, entries, decided)

    def paint_review(self, decided: Sequence[bool], current: int) -> None:
        marks, lit = [], []
        for n, (_kind, difference) in enumerate(self.entries):
            if self.coder not in difference.versions:
                continue           # this coder did not code the article: nothing to take
            mine = difference.versions[self.coder]
            style = DECIDED_STYLE if decided[n] else OPEN_STYLE
            spans = [s for i in mine or [] for s in item_spans(i)]
            if not spans:          # others marked something here; this coder nothing
                spans, style = difference.spans(), (DECIDED_STYLE if decided[n]
                                                    else ABSENT_STYLE)
            marks += [(s, e, style, n) for s, e in spans]
            if n == current:
                lit += [(s, e, CURRENT_STYLE, n) for s, e in spans]
        self.reader.set_layer(REVIEW_LAYER, sorted(marks), z=60)
        self.reader.set_layer(CURRENT_LAYER, sorted(lit))

    def _fill_codes(self, article: ArticleDiff | None, entries: Sequence[Entry],
                    decided: Sequence[bool]) -> None:
        while self.codes_layout.count():
            widget = self.codes_layout.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        if article is None:
            return
        disputed = {i.key: n for n, (kind, d) in enumerate(entries) if kind in DOC_TITLES
                    for i in d.versions.get(self.coder) or []}
        for kind, title in DOC_TITLES.items():
            items = article.kinds[kind].items.get(self.coder)
            if items is None:
                continue
            # A coder with no tone in a tone difference still gets a button: "none".
            missing = [n for n, (k, d) in enumerate(entries) if k == kind
                       and not d.versions.get(self.coder) and self.coder in d.versions]
            for item in items or []:
                self._code_button(f"{title}: {item.data['code']}", disputed.get(item.key),
                                  decided)
            for n in missing:
                self._code_button(f"{title}: (none)", n, decided)

    def _code_button(self, text: str, index: int | None, decided: Sequence[bool]) -> None:
        if index is None:          # what every coder has: shown, nothing to decide
            label = QLabel(text)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setContentsMargins(6, 0, 6, 0)
            self.codes_layout.addWidget(label)
            return
        button = QPushButton(text + ("  \u2713" if decided[index] else "  \u2260"))
        button.setToolTip(tooltip_html([f"Take {self.coder}'s version"]))
        button.clicked.connect(lambda _=False, n=index: self.take.emit(self.coder, n))
        self.codes_layout.addWidget(button)

    def scroll_to(self, spans: Sequence[tuple[int, int]]) -> None:
        spans = [s for s in spans if 0 <= s[0] <= len(self.text)]
        if not spans:
            return
        view = self.reader.text
        cursor = QTextCursor(view.document())
        cursor.setPosition(self.reader.mapping.to_qt(min(spans)[0]))
        view.setTextCursor(cursor)
        view.centerCursor()

    # ------------------------------------------------------------ events
    def _clicked(self, hits) -> None:
        for hit in hits:
            if hit.layer in (REVIEW_LAYER, CURRENT_LAYER) and hit.span.payload is not None:
                self.take.emit(self.coder, hit.span.payload)
                return

    def _review_tip(self, index: int) -> str | None:
        if not 0 <= index < len(self.entries):
            return None
        kind, difference = self.entries[index]
        mine = difference.versions.get(self.coder) or []
        what = "; ".join(i.text for i in mine) or "nothing here"
        return f"{self.coder}: {what} \u2014 click to take {self.coder}'s version"
