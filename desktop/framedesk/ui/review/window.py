"""Review > Compare with file...: my work beside a colleague's, decided into a gold file.

Only the core review API is used: a ReviewSession (private read-only copies of the files),
its Comparison, the agreement report, and a GoldFile that records each decision with the
adjudication log. The window owns the session and the gold file and closes both.
Everything from the files (titles, text, codes, names) is shown as plain text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QColor, QKeySequence, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.errors import FramedeskError
from framedesk.core.review.agreement import session_report
from framedesk.core.review.compare import ArticleDiff
from framedesk.core.review.log import for_article
from framedesk.core.review.merge import GoldFile
from framedesk.core.review.session import ReviewSession
from framedesk.core.review.work import KINDS, SINGLE_VALUED, SPAN_PARTS, Item
from framedesk.core.store import Project
from framedesk.messages import describe, describe_notice
from framedesk.ui.offsets import OffsetMap
from framedesk.ui.review.agreement_view import AgreementView
from framedesk.ui.review.edit_dialog import EditDialog
from framedesk.ui.review.model import KIND_TITLES, ReviewListModel

AGREED_TINT = QColor("#e3e3e3")
DISPUTED_TINT = QColor("#ffd27a")
DIFFERENCE_ROW = QColor("#fff1d6")   # rows of the differences table where coders differ
DECISION_KEYS = {"mine": "Alt+1", "theirs": "Alt+2", "both": "Alt+3", "edited": "Alt+4"}


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


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


def item_spans(item: Item) -> list[tuple[int, int]]:
    """Where an item sits in the text (document-level codes sit nowhere)."""
    d = item.data
    if item.kind in ("cues", "entities"):
        return [(d["start"], d["end"])]
    if item.kind == "attributions":
        return [tuple(d[p]) for p in SPAN_PARTS if d.get(p)]
    return []


class ReviewWindow(QMainWindow):
    def __init__(self, session: ReviewSession, gold: GoldFile | None = None, runner=None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.gold = gold
        self.article: ArticleDiff | None = None
        self.text = ""
        self.setWindowTitle("Review: " + " | ".join(session.coders))
        self.resize(1300, 820)
        tabs = QTabWidget()
        tabs.addTab(self._articles_tab(), "Articles")
        self.agreement = AgreementView()
        tabs.addTab(self.agreement, "Agreement")
        self.setCentralWidget(tabs)
        self.tabs = tabs
        self._toolbar()
        for notice in session.notices:
            self.statusBar().showMessage(describe_notice(notice))
        self._update_gold_label()
        self._compute_agreement(runner)
        if self.model.rowCount():
            self.list.selectRow(0)

    # ------------------------------------------------------------ building
    def _articles_tab(self) -> QWidget:
        comparison = self.session.comparison
        self.only_disagreements = QCheckBox("Disagreements only")
        self.only_disagreements.toggled.connect(self.set_disagreements_only)
        self.model = ReviewListModel(comparison, self)
        self.list = QTableView()
        self.list.setModel(self.model)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.verticalHeader().setVisible(False)
        self.list.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.show_article(self.model.article(current.row())))
        extra = []
        if comparison.partial:
            extra.append(f"{len(comparison.partial)} article(s) not in every file")
        if comparison.uncoded:
            extra.append(f"{len(comparison.uncoded)} coded by fewer than two")
        self.counts = _plain_label(
            f"{len(comparison.articles)} compared, {len(comparison.disagreements())} with "
            f"differences" + ("; " + "; ".join(extra) if extra else ""))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.only_disagreements)
        left_layout.addWidget(self.list)
        left_layout.addWidget(self.counts)

        self.title = _plain_label()
        self.title.setWordWrap(True)
        texts = QSplitter(Qt.Orientation.Horizontal)
        self.texts: dict[str, QPlainTextEdit] = {}
        for coder in self.session.coders:
            box = QWidget()
            layout = QVBoxLayout(box)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(_plain_label(coder))
            view = QPlainTextEdit()
            view.setReadOnly(True)
            layout.addWidget(view)
            self.texts[coder] = view
            texts.addWidget(box)
        self.diffs = QTableWidget(len(KINDS), len(self.session.coders) + 2)
        self.diffs.setHorizontalHeaderLabels(["Kind", *self.session.coders, "Gold"])
        self.diffs.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.diffs.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.diffs.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.diffs.verticalHeader().setVisible(False)
        self.diffs.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.diffs.currentCellChanged.connect(lambda *_: self._highlight())
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.title)
        right_layout.addWidget(texts, 3)
        right_layout.addWidget(self.diffs, 2)
        right_layout.addLayout(self._decision_bar())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([520, 780])
        return splitter

    def _decision_bar(self) -> QHBoxLayout:
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note for the adjudication log (optional)")
        self.theirs_coder = QComboBox()
        self.theirs_coder.addItems(self.session.coders[1:])
        self.theirs_coder.setVisible(len(self.session.coders) > 2)
        self.buttons: dict[str, QPushButton] = {}
        coders = self.session.coders
        labels = {"mine": f"Take {coders[0]}'s",
                  "theirs": f"Take {coders[1]}'s" if len(coders) == 2 else "Take theirs:",
                  "both": "Take both", "edited": "Edit…"}
        bar = QHBoxLayout()
        bar.addWidget(self.note, 2)
        for decision, label in labels.items():
            button = QPushButton(f"{label} ({DECISION_KEYS[decision]})")
            button.setShortcut(QKeySequence(DECISION_KEYS[decision]))
            button.clicked.connect(lambda _=False, d=decision: self.decide(d))
            self.buttons[decision] = button
            bar.addWidget(button)
            if decision == "theirs":
                bar.addWidget(self.theirs_coder)
        return bar

    def _toolbar(self) -> None:
        bar = self.addToolBar("Gold file")
        new_gold = QAction("New gold file…", self)
        new_gold.triggered.connect(self._ask_new_gold)
        into_mine = QAction("Decide into my project", self)
        into_mine.setToolTip(f"Write decisions into {self.session.files[0].source.name}")
        into_mine.triggered.connect(self.use_own_project)
        bar.addAction(new_gold)
        bar.addAction(into_mine)
        self.gold_label = _plain_label()
        bar.addWidget(self.gold_label)

    def _compute_agreement(self, runner) -> None:
        if runner is None:
            try:
                self.agreement.show_report(session_report(self.session))
            except FramedeskError as exc:
                self.agreement.show_failure(exc)
            return
        runner.run(lambda progress: session_report(self.session), label="Agreement",
                   on_success=self.agreement.show_report,
                   on_failure=self.agreement.show_failure)

    # ------------------------------------------------------------ gold file
    def set_gold(self, gold: GoldFile) -> None:
        if self.gold is not None and self.gold is not gold:
            self.gold.project.close()
        self.gold = gold
        self._update_gold_label()
        self._fill_differences()

    def new_gold(self, path: Path, who: str) -> None:
        try:
            self.set_gold(GoldFile.create(path, self.session, who=who))
        except FramedeskError as exc:
            self.statusBar().showMessage(describe(exc))

    def use_own_project(self) -> None:
        mine = self.session.files[0]
        try:
            self.set_gold(GoldFile(Project.open(mine.source, annotator=mine.coder),
                                   self.session))
        except FramedeskError as exc:
            self.statusBar().showMessage(describe(exc))

    def _ask_new_gold(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "New gold file", "gold.framedesk",
                                              "Framedesk project (*.framedesk)")
        if name:
            self.new_gold(Path(name), self.session.files[0].coder)

    def _update_gold_label(self) -> None:
        has_gold = self.gold is not None
        self.gold_label.setText(f"  Gold: {self.gold.project.path}" if has_gold
                                else "  Choose a gold file to record decisions")
        for button in self.buttons.values():
            button.setEnabled(has_gold)

    # ------------------------------------------------------------ showing
    def set_disagreements_only(self, on: bool) -> None:
        uid = self.article.uid if self.article else None
        self.model.set_disagreements_only(on)
        row = self.model.row_of(uid) if uid else -1
        self.list.selectRow(row if row >= 0 else 0)
        if self.model.rowCount() == 0:
            self.show_article(None)

    def show_article(self, article: ArticleDiff | None) -> None:
        self.article = article
        self.text = self.session.text(article.uid) if article else ""
        self.mapping = OffsetMap(self.text)
        self.title.setText(article.title if article else "No article")
        for view in self.texts.values():
            view.setPlainText(self.text)
        self._fill_differences()
        if article:
            differing = [n for n, kind in enumerate(KINDS) if not article.kinds[kind].agrees]
            self.diffs.selectRow(differing[0] if differing else 0)

    def _fill_differences(self) -> None:
        article = self.article
        decisions = (for_article(self.gold.project, article.uid)
                     if self.gold is not None and article else {})
        for row, kind in enumerate(KINDS):
            diff = article.kinds[kind] if article else None
            cells = [KIND_TITLES[kind] + ("" if diff is None or diff.agrees else "  ≠")]
            for coder in self.session.coders:
                items = diff.items.get(coder) if diff else None
                cells.append("(did not code)" if items is None else
                             "; ".join(describe_item(i, self.text) for i in items) or "(none)")
            entry = decisions.get(kind)
            cells.append(entry.decision + (f" ({entry.chosen_from})" if entry.chosen_from
                                           else "") if entry else "")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text.replace("; ", "\n"))
                if diff is not None and not diff.agrees:
                    item.setBackground(DIFFERENCE_ROW)
                self.diffs.setItem(row, column, item)

    def current_kind(self) -> str:
        row = self.diffs.currentRow()
        return KINDS[row if 0 <= row < len(KINDS) else 0]

    def _highlight(self) -> None:
        if self.article is None:
            return
        diff = self.article.kinds[self.current_kind()]
        agreed = {i.key for i in diff.agreed}
        for coder, view in self.texts.items():
            selections = []
            for item in diff.items.get(coder, []):
                for start, end in item_spans(item):
                    if not 0 <= start < end <= len(self.text):
                        continue
                    qt_start, qt_end = self.mapping.span_to_qt(start, end)
                    selection = QTextEdit.ExtraSelection()
                    fmt = QTextCharFormat()
                    fmt.setBackground(AGREED_TINT if item.key in agreed else DISPUTED_TINT)
                    selection.format = fmt
                    cursor = QTextCursor(view.document())
                    cursor.setPosition(qt_start)
                    cursor.setPosition(qt_end, QTextCursor.MoveMode.KeepAnchor)
                    selection.cursor = cursor
                    selections.append(selection)
            view.setExtraSelections(selections)

    # ------------------------------------------------------------ deciding
    def decide(self, decision: str, items: list[Item] | None = None) -> bool:
        """Resolve the selected kind of the shown article; 'edited' asks which items
        unless `items` are given. Returns whether a decision was recorded."""
        if self.gold is None or self.article is None:
            return False
        kind = self.current_kind()
        if decision == "both" and kind in SINGLE_VALUED:
            self.statusBar().showMessage(
                f"{KIND_TITLES[kind]} holds one value: take one version or edit it.")
            return False
        if decision == "edited" and items is None:
            dialog = EditDialog(KIND_TITLES[kind], self.article.kinds[kind].items,
                                kind in SINGLE_VALUED, self)
            if not dialog.exec():
                return False
            items = dialog.chosen()
        coder = self.theirs_coder.currentText() if decision == "theirs" else None
        try:
            self.gold.resolve(self.article.uid, kind, decision, coder=coder,
                              items=items or [], note=self.note.text().strip())
        except FramedeskError as exc:
            self.statusBar().showMessage(describe(exc))
            return False
        self.note.clear()
        self._fill_differences()
        self.statusBar().showMessage(f"{KIND_TITLES[kind]}: {decision} recorded in the gold file")
        self._next_difference(kind)
        return True

    def _next_difference(self, after: str) -> None:
        start = KINDS.index(after) + 1
        for n in range(start, len(KINDS)):
            if self.article and not self.article.kinds[KINDS[n]].agrees:
                self.diffs.selectRow(n)
                return

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.gold is not None:
            self.gold.project.close()
            self.gold = None          # a shortcut's delayed click must find no gold file
        self.session.close()
        super().closeEvent(event)
