"""Review > Compare with file...: my work beside a colleague's, decided into a gold file.

Only the core review API is used: a ReviewSession (private read-only copies of the files),
its Comparison, the agreement report, and a GoldFile that records each decision with the
adjudication log. The window owns the session and the gold file and closes both.
Everything from the files (titles, text, codes, names) is shown as plain text.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
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
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.errors import FramedeskError
from framedesk.core.review.agreement import session_report
from framedesk.core.review.compare import ArticleDiff
from framedesk.core.review.decide import resolve_all, resolve_difference
from framedesk.core.review.log import decisions_by_item, export_log
from framedesk.core.review.merge import AGREED, GoldFile
from framedesk.core.review.session import ReviewSession
from framedesk.core.review.work import ENTITIES, SINGLE_VALUED, Item
from framedesk.core.store import Project
from framedesk.messages import describe, describe_notice
from framedesk.ui.offsets import OffsetMap
from framedesk.ui.reader.view import tooltip_html
from framedesk.ui.review.agreement_view import AgreementView
from framedesk.ui.review.curation import CurationView, cue_styles_of
from framedesk.ui.review.curation_state import OpenDifferences
from framedesk.ui.review.differences import DifferenceTable
from framedesk.ui.review.edit_dialog import EditDialog
from framedesk.ui.review.edit_support import attribute_values, cue_codes, entity_labels
from framedesk.ui.review.item_editor import EDITABLE_KINDS, ItemEditDialog
from framedesk.ui.review.model import KIND_TITLES, ReviewListModel
from framedesk.ui.review.texts import CoderTexts

# Alt+1..4 act on the selected difference rows; "neither" has Alt+5.
DECISION_KEYS = {"mine": "Alt+1", "theirs": "Alt+2", "both": "Alt+3", "edited": "Alt+4",
                 "neither": "Alt+5"}
WHOLE_KIND = ("mine", "theirs", "both", "neither")


def comparing_line(session: ReviewSession) -> str:
    """Who is compared, plainly: 'Comparing: Ana (a.framedesk) · Ben (b.framedesk)'."""
    return "Comparing: " + " \u00b7 ".join(
        f.label if f.source.name in f.label else f"{f.label} ({f.source.name})"
        for f in session.files)


def _plain_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class ReviewWindow(QMainWindow):
    def __init__(self, session: ReviewSession, gold: GoldFile | None = None, runner=None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.gold = gold
        self.article: ArticleDiff | None = None
        self.text = ""
        self.setWindowTitle(comparing_line(session))
        self.resize(1300, 820)
        self.open_state = OpenDifferences(session.comparison,
                                          gold.project if gold is not None else None)
        tabs = QTabWidget()
        tabs.addTab(self._articles_tab(), "Articles")
        self.curation = CurationView(self, cue_styles_of(session))
        tabs.addTab(self.curation, "Curation")
        self.agreement = AgreementView()
        self.agreement.article_chosen.connect(self.open_article)
        tabs.addTab(self.agreement, "Agreement")
        self.comparing = _plain_label(comparing_line(session))
        self.comparing.setContentsMargins(8, 0, 8, 0)
        tabs.setCornerWidget(self.comparing, Qt.Corner.TopRightCorner)
        self.setCentralWidget(tabs)
        self.tabs = tabs
        tabs.currentChanged.connect(lambda _n: self._show_curation())
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
        self.model = ReviewListModel(comparison, self, self.open_state)
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
        texts = CoderTexts(self.session.coders)
        self.coder_texts = texts
        self.texts = texts.views            # coder -> that coder's column
        self.diffs = DifferenceTable(self.session.coders)
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

    def _decision_bar(self) -> QVBoxLayout:
        self.note = QLineEdit()
        self.note.setPlaceholderText("Note for the adjudication log (optional)")
        self.theirs_coder = QComboBox()
        self.theirs_coder.addItems(self.session.coders[1:])
        self.theirs_coder.setVisible(len(self.session.coders) > 2)
        self.buttons: dict[str, QPushButton] = {}
        coders = self.session.coders
        labels = {"mine": f"Take {coders[0]}'s",
                  "theirs": f"Take {coders[1]}'s" if len(coders) == 2 else "Take theirs:",
                  "both": "Take both", "neither": "Take neither", "edited": "Edit\u2026"}
        bar = QHBoxLayout()
        for decision, label in labels.items():
            button = QPushButton(f"{label} ({DECISION_KEYS[decision]})")
            button.setShortcut(QKeySequence(DECISION_KEYS[decision]))
            button.setToolTip("Decide the selected difference rows")
            button.clicked.connect(lambda _=False, d=decision: self.decide(d))
            self.buttons[decision] = button
            bar.addWidget(button)
            if decision == "theirs":
                bar.addWidget(self.theirs_coder)
        # Shortcuts for a whole kind: every difference of the selected row's kind at once.
        self.whole_kind = QToolButton()
        self.whole_kind.setText("Whole kind \u25be")
        # Fusion draws its menu arrow over the text's last letter: the text carries one.
        self.whole_kind.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        self.whole_kind.setToolTip("Decide all differences of the selected row's kind")
        self.whole_kind.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.whole_kind)
        self.whole_kind_actions: dict[str, QAction] = {}
        whose = {"mine": f"take {coders[0]}'s",
                 "theirs": (f"take {coders[1]}'s" if len(coders) == 2
                            else "take the coder chosen beside Take theirs"),
                 "both": "take both", "neither": "take neither"}
        for decision in WHOLE_KIND:
            action = menu.addAction(f"All differences of this kind: {whose[decision]}")
            action.triggered.connect(lambda _=False, d=decision: self.decide_kind(d))
            self.whole_kind_actions[decision] = action
        self.whole_kind.setMenu(menu)
        bar.addStretch(1)
        # Beside the note, so the decision buttons fit in one row on a 1366-pixel screen.
        note_row = QHBoxLayout()
        note_row.addWidget(self.note, 1)
        note_row.addWidget(self.whole_kind)
        column = QVBoxLayout()
        column.addLayout(note_row)
        column.addLayout(bar)
        return column

    def _toolbar(self) -> None:
        bar = self.addToolBar("Gold file")
        new_gold = QAction("New gold file…", self)
        new_gold.triggered.connect(self._ask_new_gold)
        into_mine = QAction("Decide into my project", self)
        into_mine.setToolTip(tooltip_html(
            [f"Write decisions into {self.session.files[0].source.name}"]))
        into_mine.triggered.connect(self.use_own_project)
        self.export_log_action = QAction("Export adjudication log\u2026", self)
        self.export_log_action.triggered.connect(self._ask_export_log)
        self.export_gold_action = QAction("Export gold file\u2026", self)
        self.export_gold_action.setToolTip(tooltip_html(
            ["The gold file's articles and annotations as JSON Lines"]))
        self.export_gold_action.triggered.connect(self._ask_export_gold)
        bar.addAction(new_gold)
        bar.addAction(into_mine)
        bar.addAction(self.export_log_action)
        bar.addAction(self.export_gold_action)
        self.gold_label = _plain_label()
        bar.addWidget(self.gold_label)

    def _ask_export_log(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export adjudication log", "adjudication.csv",
            "CSV (*.csv);;JSON Lines (*.jsonl)")
        if name:
            self.export_log_to(Path(name))

    def export_log_to(self, path: Path) -> None:
        """The gold file's log, one row per decided item (CSV, or JSON Lines)."""
        if self.gold is None:
            return
        try:
            n = export_log(self.gold.project, path, force=True)  # the dialog asked
        except FramedeskError as exc:
            self.statusBar().showMessage(describe(exc))
            return
        self.statusBar().showMessage(f"Wrote {n} log row(s) to {path}")

    def _ask_export_gold(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export gold file", "gold.jsonl",
                                              "JSON Lines (*.jsonl)")
        if name:
            self.export_gold_to(Path(name))

    def export_gold_to(self, path: Path) -> None:
        """The gold file as JSON Lines, as `framedesk export GOLD --format jsonl` writes it."""
        if self.gold is None:
            return
        from framedesk.core.exchange.jsonl_export import write_jsonl

        try:
            n = write_jsonl(self.gold.project, None, path, force=True)  # the dialog asked
        except FramedeskError as exc:
            self.statusBar().showMessage(describe(exc))
            return
        self.statusBar().showMessage(f"Wrote {n} record(s) of the gold file to {path}")

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
        self.open_state.set_gold(gold.project)
        self.model.decisions_changed()
        self._update_gold_label()
        self._fill_differences()
        self.curation.refresh()

    def new_gold(self, path: Path, who: str) -> None:
        try:
            gold = GoldFile.create(path, self.session, who=who)
            # The same merge as `framedesk merge --strategy agreed`: every agreed item is in
            # the gold file before any decision, so undecided articles keep theirs.
            gold.merge(AGREED)
            self.set_gold(gold)
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
        for button in [*self.buttons.values(), self.whole_kind]:
            button.setEnabled(has_gold)
        self.export_log_action.setEnabled(has_gold)
        self.export_gold_action.setEnabled(has_gold)

    # ------------------------------------------------------------ showing
    def set_disagreements_only(self, on: bool) -> None:
        uid = self.article.uid if self.article else None
        self.model.set_disagreements_only(on)
        row = self.model.row_of(uid) if uid else -1
        self.list.selectRow(row if row >= 0 else 0)
        if self.model.rowCount() == 0:
            self.show_article(None)

    def open_article(self, uid: str) -> None:
        """An article chosen in the Agreement tab ("Most disagreement"): show it."""
        row = self.model.row_of(uid)
        if row >= 0:
            self.tabs.setCurrentIndex(0)
            self.list.selectRow(row)

    def show_article(self, article: ArticleDiff | None) -> None:
        self.article = article
        self.text = self.session.text(article.uid) if article else ""
        self.title.setText(article.title if article else "No article")
        self.coder_texts.show_text(self.text)
        self._show_curation()
        self._fill_differences()
        first = self.diffs.first_difference()
        if self.diffs.rowCount():
            self.diffs.selectRow(first if first >= 0 else 0)

    def _show_curation(self) -> None:
        """Three readers cost a moment per article: the curation follows the current
        article only while its tab is shown, and catches up when it is opened."""
        tabs = getattr(self, "tabs", None)
        if tabs is not None and tabs.currentWidget() is self.curation \
                and self.curation.article is not self.article:
            self.curation.show_article(self.article)

    def _fill_differences(self) -> None:
        article = self.article
        decisions = (decisions_by_item(self.gold.project, article.uid)
                     if self.gold is not None and article else {})
        current = self.diffs.currentRow()
        self.diffs.blockSignals(True)
        self.diffs.fill(article, self.text, decisions)
        self.diffs.blockSignals(False)
        if 0 <= current < self.diffs.rowCount():
            self.diffs.setCurrentCell(current, 0)

    def current_kind(self) -> str | None:
        row = self.diffs.current()
        return row.kind if row else None

    @property
    def mapping(self) -> OffsetMap:
        return self.coder_texts.mapping

    def _highlight(self) -> None:
        row = self.diffs.current()
        if self.article is None or row is None:
            return
        shared = self.article.kinds[row.kind].agreed
        items = {}
        for coder in self.texts:
            mine = list(row.items.get(coder) or [])
            if row.difference is not None:     # the shared items, for context, in grey
                mine += [i for i in shared if i not in mine]
            items[coder] = mine
        self.coder_texts.tint(items, {i.key for i in shared})
        self.coder_texts.scroll_to(row.spans())

    def text_selection(self) -> tuple[int, int] | None:
        """The words selected in a coder's column (Python offsets), for Edit."""
        return self.coder_texts.selection()

    # ------------------------------------------------------------ deciding
    def decide(self, decision: str, items: list[Item] | None = None) -> bool:
        """Resolve the selected difference rows of the shown article ('edited': one row;
        the editor opens unless `items` are given). Returns whether anything was recorded."""
        if self.gold is None or self.article is None:
            return False
        rows = self.diffs.selected()
        if not rows:
            self.statusBar().showMessage("Select a difference row (marked \u2260) to decide.")
            return False
        if decision == "both" and any(r.kind in SINGLE_VALUED for r in rows):
            kind = next(r.kind for r in rows if r.kind in SINGLE_VALUED)
            self.statusBar().showMessage(
                f"{KIND_TITLES[kind]} holds one value: take one version or edit it.")
            return False
        if decision == "edited":
            if len(rows) != 1:
                self.statusBar().showMessage("Edit one difference at a time.")
                return False
            if items is None:
                items = self._ask_edit(rows[0])
                if items is None:
                    return False
        coder = self.theirs_coder.currentText() if decision == "theirs" else None
        note = self.note.text().strip()
        last = self.diffs.currentRow()
        try:
            for row in rows:
                resolve_difference(self.gold, self.article.uid, row.difference, decision,
                                   coder=coder, items=items or [], note=note)
        except (FramedeskError, ValueError) as exc:
            self.statusBar().showMessage(describe(exc) if isinstance(exc, FramedeskError)
                                         else str(exc))
            return False
        self._after_decision(f"{len(rows)} difference(s): {decision}", last)
        return True

    def decide_kind(self, decision: str) -> bool:
        """'Whole kind': decide every difference of the current row's kind the same way."""
        kind = self.current_kind()
        if self.gold is None or self.article is None or kind is None:
            return False
        if self.article.kinds[kind].agrees:
            self.statusBar().showMessage(f"{KIND_TITLES[kind]}: the coders agree.")
            return False
        coder = self.theirs_coder.currentText() if decision == "theirs" else None
        try:
            resolve_all(self.gold, self.article.uid, kind, decision, coder=coder,
                        note=self.note.text().strip())
        except ValueError:
            self.statusBar().showMessage(
                f"{KIND_TITLES[kind]} holds one value: take one version or edit it.")
            return False
        except FramedeskError as exc:
            self.statusBar().showMessage(describe(exc))
            return False
        last = max(n for n, r in enumerate(self.diffs.rows) if r.kind == kind)
        self._after_decision(f"{KIND_TITLES[kind]}: all differences {decision}", last)
        return True

    def take_version(self, uid: str, difference, coder: str) -> bool:
        """Curation: take `coder`'s version of one difference (logged as mine or theirs)."""
        if self.gold is None:
            return False
        decision = "mine" if coder == self.session.coders[0] else "theirs"
        try:
            resolve_difference(self.gold, uid, difference, decision, coder=coder,
                               note=self.note.text().strip())
        except (FramedeskError, ValueError) as exc:
            self.statusBar().showMessage(describe(exc) if isinstance(exc, FramedeskError)
                                         else str(exc))
            return False
        self.note.clear()
        self._decisions_changed(uid)
        self.statusBar().showMessage(f"{KIND_TITLES[difference.kind]}: took {coder}'s version,"
                                     f" recorded in the gold file")
        return True

    def _decisions_changed(self, uid: str) -> None:
        """After a decision on `uid`: the list, the differences and the curation follow."""
        self.open_state.refresh(uid)
        self.model.article_changed(uid)
        self._fill_differences()
        self.curation.refresh()

    def _after_decision(self, what: str, last: int) -> None:
        self.note.clear()
        if self.article is not None:
            self._decisions_changed(self.article.uid)
        self.statusBar().showMessage(f"{what}, recorded in the gold file")
        following = self.diffs.first_difference(last)
        if following >= 0:
            self.diffs.selectRow(following)

    def _ask_edit(self, row) -> list[Item] | None:
        title = KIND_TITLES[row.kind]
        if row.kind in EDITABLE_KINDS:
            dialog = ItemEditDialog(
                title, row.difference, self.text, codes=cue_codes(self.gold.project, row),
                attribute_values=(entity_labels() if row.kind == ENTITIES
                                  else attribute_values()), selection=self.text_selection(),
                parent=self)
            if not dialog.exec():
                return None
            item = dialog.result_item()
            return [item] if item is not None else []
        dialog = EditDialog(title, row.difference.versions, row.kind in SINGLE_VALUED, self)
        if not dialog.exec():
            return None
        return dialog.chosen()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if self.gold is not None:
            self.gold.project.close()
            self.gold = None          # a shortcut's delayed click must find no gold file
        self.session.close()
        super().closeEvent(event)
