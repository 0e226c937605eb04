"""The Curation tab: each coder's version of the article side by side, decided span by span.

As on INCEpTION's curation page, every coder's annotations are shown in the article, the
spans they differ on are marked, and the adjudicator takes one coder's version with a
click on a marked span (or on a document code above the text), or with Alt+N for coder N
on the current difference. After each decision the list, the texts and the decision bar are
redrawn from the gold file's log (curation_state.OpenDifferences): a decided difference
is marked decided everywhere, and the bar says what remains.

The tab shares the review window's article list model and selection, and its decisions go
through the window (ReviewWindow.take_version), so they are logged like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.review.compare import ArticleDiff
from framedesk.ui.reader import SpanStyle
from framedesk.ui.review.curation_column import CoderColumn
from framedesk.ui.review.differences import describe_item
from framedesk.ui.review.model import KIND_TITLES, OPEN_COLUMN

if TYPE_CHECKING:
    from framedesk.ui.review.window import ReviewWindow

MAX_KEYED = 9          # Alt+1 .. Alt+9


def _plain(text: str = "", wrap: bool = False) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


class CurationView(QWidget):
    def __init__(self, window: ReviewWindow, cue_styles: dict[str, SpanStyle]) -> None:
        super().__init__(window)
        self.window_ = window
        self.session = window.session
        self.state = window.open_state
        self.article: ArticleDiff | None = None
        self.text = ""
        self.current = -1

        self.list = QTableView()
        self.list.setModel(window.model)
        self.list.setSelectionModel(window.list.selectionModel())   # one current article
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.verticalHeader().setVisible(False)
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Narrow beside the texts: the title and the differences left (the kinds are in
        # the Articles tab).
        for column in range(1, OPEN_COLUMN):
            self.list.setColumnHidden(column, True)

        self.title = _plain(wrap=True)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.columns: list[CoderColumn] = []
        texts = QSplitter(Qt.Orientation.Horizontal)
        for n, f in enumerate(self.session.files, start=1):
            column = CoderColumn(n, f.label, f.source.name, cue_styles)
            column.take.connect(self._take_from_click)
            self.columns.append(column)
            texts.addWidget(column)
        texts.setChildrenCollapsible(False)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.title)
        right_layout.addWidget(texts, 1)
        right_layout.addWidget(self._decision_bar())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([300, 1000])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _decision_bar(self) -> QWidget:
        bar = QWidget()
        bar.setObjectName("curationBar")
        column = QVBoxLayout(bar)
        column.setContentsMargins(0, 4, 0, 0)
        self.current_label = _plain(wrap=True)
        self.remaining = _plain()
        font = self.remaining.font()
        font.setBold(True)
        self.remaining.setFont(font)
        row = QHBoxLayout()
        self.previous_button = QPushButton("\u25c0 Previous (Alt+Left)")
        self.previous_button.setShortcut(QKeySequence("Alt+Left"))
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QPushButton("Next (Alt+Right) \u25b6")
        self.next_button.setShortcut(QKeySequence("Alt+Right"))
        self.next_button.clicked.connect(lambda: self.step(1))
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        self.take_buttons: list[QPushButton] = []
        for n, f in enumerate(self.session.files, start=1):
            button = QPushButton(f"Take {f.label}'s" + (f" (Alt+{n})" if n <= MAX_KEYED
                                                         else ""))
            if n <= MAX_KEYED:
                button.setShortcut(QKeySequence(f"Alt+{n}"))
            button.clicked.connect(lambda _=False, c=f.label: self.take(c))
            self.take_buttons.append(button)
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.remaining)
        column.addWidget(self.current_label)
        column.addLayout(row)
        return bar

    # ------------------------------------------------------------ showing
    def show_article(self, article: ArticleDiff | None) -> None:
        self.article = article
        self.text = self.session.text(article.uid) if article else ""
        self.title.setText(article.title if article else "No article")
        entries = self.state.all_in(article) if article else []
        self.current = self._next_open(-1) if entries else -1
        if self.current < 0 and entries:
            self.current = 0
        decided = self._decided()
        for column in self.columns:
            column.show_article(article, self.text, entries, decided, self.current)
        self._update_bar()
        self._scroll()

    def refresh(self) -> None:
        """The gold file changed (a decision, another gold file): redraw marks and bar."""
        if self.article is None:
            self._update_bar()
            return
        decided = self._decided()
        for column in self.columns:
            column.paint_review(decided, self.current)
            column._fill_codes(self.article, column.entries, decided)
        self._update_bar()

    def _decided(self) -> list[bool]:
        if self.article is None:
            return []
        return [self.state.is_decided(self.article.uid, k, d)
                for k, d in self.state.all_in(self.article)]

    def _update_bar(self) -> None:
        has_gold = self.window_.gold is not None
        entries = self.state.all_in(self.article) if self.article else []
        if not has_gold:
            self.remaining.setText("Choose a gold file to record decisions "
                                   "(New gold file\u2026 in the toolbar)")
        else:
            self.remaining.setText(self.state.remaining_text(self.article))
        if 0 <= self.current < len(entries):
            kind, difference = entries[self.current]
            state = "decided" if self._decided()[self.current] else "open"
            versions = "   ".join(
                f"{c}: " + ("; ".join(describe_item(i, self.text) for i in v) or "(none)")
                for c, v in difference.versions.items())
            self.current_label.setText(
                f"Difference {self.current + 1} of {len(entries)} ({state}), "
                f"{KIND_TITLES[kind]} \u2014 {versions}")
        else:
            self.current_label.setText("The coders agree on this article." if self.article
                                       else "")
        can = has_gold and 0 <= self.current < len(entries)
        for button, f in zip(self.take_buttons, self.session.files):
            button.setEnabled(can and f.label in entries[self.current][1].versions)
        self.previous_button.setEnabled(len(entries) > 1)
        self.next_button.setEnabled(len(entries) > 1)

    def _scroll(self) -> None:
        entries = self.state.all_in(self.article) if self.article else []
        if 0 <= self.current < len(entries):
            spans = entries[self.current][1].spans()
            for column in self.columns:
                column.scroll_to(spans)

    # ------------------------------------------------------------ moving and deciding
    def _next_open(self, after: int) -> int:
        """The first open difference after `after` (wrapping round), or -1."""
        if self.article is None:
            return -1
        decided = self._decided()
        count = len(decided)
        for step in range(1, count + 1):
            n = (after + step) % count
            if not decided[n]:
                return n
        return -1

    def step(self, delta: int) -> None:
        count = len(self.state.all_in(self.article)) if self.article else 0
        if not count:
            return
        self.current = (self.current + delta) % count
        decided = self._decided()
        for column in self.columns:
            column.paint_review(decided, self.current)
        self._update_bar()
        self._scroll()

    def _take_from_click(self, coder: str, index: int) -> None:
        self.current = index
        self.take(coder)

    def take(self, coder: str) -> bool:
        """Take `coder`'s version of the current difference into the gold file."""
        if self.article is None or self.window_.gold is None:
            return False
        entries = self.state.all_in(self.article)
        if not 0 <= self.current < len(entries):
            return False
        kind, difference = entries[self.current]
        if not self.window_.take_version(self.article.uid, difference, coder):
            return False
        following = self._next_open(self.current)
        if following >= 0:
            self.current = following
        self.refresh()
        self._scroll()
        return True


def cue_styles_of(session) -> dict[str, SpanStyle]:
    """The reader's cue styles (codebook colours) for the codes in the reviewed files."""
    styles: dict[str, SpanStyle] = {}
    for f in session.files:
        for book, code, label, color in f.project.db.execute(
                "SELECT b.name, c.code, c.label, c.color FROM codes c JOIN codebooks b"
                " ON b.id = c.codebook_id WHERE b.kind = 'frames'"):
            styles.setdefault(f"cue:{book}/{code}", SpanStyle(f"Cue: {label or code}",
                                                              underline=color or "#7a5cc4"))
    return styles

