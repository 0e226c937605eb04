"""The "Sources" section: the article's attributions by source, the attribute form, and the
sourcing keys (Tab / Shift+Tab, Enter, Delete, N, Escape).

The keys act while the reader or this panel has the focus (not in the search box or the
memo, and Tab still moves between the form's fields). Delete leaves the reader to the frame
cues' own Delete while a cue is selected there.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from framedesk.core.store.attributions import Attribution
from framedesk.ui.sources.controller import SourcesController
from framedesk.ui.sources.form import AttributeForm
from framedesk.ui.sources.model import SourcesModel

TREE_ROWS = 9


class SourcesPanel(QWidget):
    def __init__(self, controller: SourcesController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.model = SourcesModel(controller.vocabulary, self)
        self.empty = QLabel("No attributions yet. Select a quote or claim and press N, or "
                            "use Code > Suggest attributions.")
        self.empty.setTextFormat(Qt.TextFormat.PlainText)
        self.empty.setWordWrap(True)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        self.tree.setTabKeyNavigation(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The content excerpt gets the room; attribute columns are elided, full in tooltips.
        for column, chars in ((1, 15), (2, 14)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, chars * self.fontMetrics().averageCharWidth())
        self.tree.setFixedHeight(TREE_ROWS * (self.fontMetrics().height() + 6))
        self.form = AttributeForm(controller)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree)
        layout.addWidget(self.form)
        self.tree.clicked.connect(self._row_chosen)
        self.tree.activated.connect(self._row_chosen)
        controller.state_changed.connect(self.show_state)
        controller.selected.connect(self.show_selected)
        self.show_state()

    def show_state(self) -> None:
        c = self.controller
        self.model.vocabulary = c.vocabulary
        text = c.reader.article.text if c.reader.article is not None else ""
        self.model.set_attributions(c.attributions, text)
        self.tree.expandAll()
        has = bool(c.attributions)
        self.empty.setVisible(not has and c.article_id is not None)
        self.tree.setVisible(has)
        self.show_selected(c.current)

    def show_selected(self, a: Attribution | None) -> None:
        selection = self.tree.selectionModel()
        index = self.model.index_of(a.id) if a is not None and a.id is not None else QModelIndex()
        if not index.isValid():
            selection.clearSelection()
            return
        selection.select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                         | QItemSelectionModel.SelectionFlag.Rows)
        self.tree.scrollTo(index)

    def _row_chosen(self, index: QModelIndex) -> None:
        a = self.model.attribution(index)
        if a is not None:
            self.controller.select(a)


class SourcingKeys:
    """The sourcing actions, shortcuts live on the reader and the sources list."""

    def __init__(self, controller: SourcesController, hosts: list[QWidget],
                 cue_delete: Callable[[], bool] | None = None) -> None:
        self.controller = controller
        self.cue_delete = cue_delete
        c = controller
        self.next = self._action("Next attribution or suggestion", ["Tab"], lambda: c.step(+1))
        self.previous = self._action("Previous attribution or suggestion",
                                     ["Shift+Tab", "Backtab"], lambda: c.step(-1))
        self.accept = self._action("Accept suggestion / finish new attribution",
                                   ["Return", "Enter"], c.accept)
        self.remove = self._action("Reject suggestion / delete attribution", ["Delete"],
                                   c.remove)
        self.new = self._action("New attribution from selection", ["N"],
                                c.new_from_selection)
        self.cancel = self._action("Cancel new attribution", ["Escape"], c.cancel_new)
        self.actions = [self.next, self.previous, self.accept, self.remove, self.new,
                        self.cancel]
        for host in hosts:
            host.addActions(self.actions)
        c.selected.connect(lambda _a: self.enable())
        c.state_changed.connect(self.enable)
        c.pending_changed.connect(lambda _p: self.enable())
        self.enable()

    def _action(self, text: str, keys: list[str], slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.controller)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _=False: slot())
        return action

    def enable(self) -> None:
        c = self.controller
        on = c.article_id is not None
        current = c.current
        cue_busy = self.cue_delete is not None and self.cue_delete()
        self.next.setEnabled(on)
        self.previous.setEnabled(on)
        self.new.setEnabled(on)
        self.accept.setEnabled(c.pending is not None
                               or (current is not None and current.status == "suggested"))
        self.remove.setEnabled(current is not None and not cue_busy)
        self.cancel.setEnabled(c.pending is not None)
