"""Stories in the window: the grouped list, the story actions, regrouping after imports.

`install_stories(window)` puts a story tree in the article list pane (View > Group by story
swaps it with the flat table), adds Code > Stories actions (regroup, merge, split, rename)
and regroups in the background whenever articles arrive. Every change is one core call
(one transaction) followed by `hub.notify(STORIES, ...)`, so the compare view and the
dashboard follow.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QInputDialog, QMenu, QTreeView

from framedesk.core.errors import Cancelled
from framedesk.core.progress import Progress
from framedesk.core.store import Project
from framedesk.ui import changes
from framedesk.ui.stories import ID_ROLE, StoryTreeModel
from framedesk.ui.tasks import Task, failure_sentence

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow

STORIES = "stories"          # change kind: story membership or names
GROUP_KEY = "Ctrl+Shift+G"
REGROUP_DELAY_MS = 400       # an import notifies in bursts: regroup once after them


def regroup(path: Path, progress: Progress) -> int:
    """Worker side: its own connection (one writer), returns the number of stories. Cancel
    raises Cancelled before anything is written: the old stories stay as they were."""
    with Project.open(path) as project:
        return len(project.stories.group_automatically(progress=progress))


class WindowStories:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.model = StoryTreeModel(window)
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 260)
        self.tree.setVisible(False)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.selectionModel().currentChanged.connect(self._on_current)
        window.article_list.layout().addWidget(self.tree, 1)
        self._regroup_timer = QTimer(window)
        self._regroup_timer.setSingleShot(True)
        self._regroup_timer.setInterval(REGROUP_DELAY_MS)
        self._regroup_timer.timeout.connect(self.regroup)
        self.regrouping = False

        self.group_action = self._action("Group articles by &story", self.set_grouped,
                                         [GROUP_KEY], checkable=True)
        self.regroup_action = self._action("&Regroup stories", self.regroup)
        self.merge_action = self._action("&Merge the selected articles' stories",
                                         self.merge_selected)
        self.split_action = self._action("&Split the selected articles into a new story",
                                         self.split_selected)
        self.rename_action = self._action("Re&name story...", self.rename_current)
        view, code = window.menus.get("View"), window.menus.get("Code")
        if view is not None:
            view.addAction(self.group_action)
        if code is not None:   # flat, after a separator: the Code menu's submenus are keys
            code.addSeparator()
            code.addActions([self.regroup_action, self.merge_action, self.split_action,
                             self.rename_action])
        window.article_list.filter_applied.connect(self.reload)
        window.article_list.model.modelReset.connect(self.reload)
        window.project_changed.connect(lambda _p: self.reload())
        window.current_article_changed.connect(self._follow_article)
        window.hub.changed.connect(self._on_changes)

    def _action(self, text: str, slot: Callable[..., object], keys: list[str] | None = None,
                checkable: bool = False) -> QAction:
        action = QAction(text, self.window)
        action.setCheckable(checkable)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.window.addAction(action)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _c=False: slot())
        return action

    # ------------------------------------------------------------ the grouped list
    @property
    def grouped(self) -> bool:
        return self.group_action.isChecked()

    def set_grouped(self, on: bool) -> None:
        if self.group_action.isChecked() != on:
            self.group_action.setChecked(on)   # comes back here through toggled
            return
        self.window.article_list.table.setVisible(not on)
        self.tree.setVisible(on)
        if on:
            self.reload()
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)

    def reload(self) -> None:
        if not self.grouped:
            self.model.load(None, [])
            return
        window = self.window
        expanded = {self.model.nodes[r].story_id for r in range(len(self.model.nodes))
                    if self.tree.isExpanded(self.model.index(r, 0))}
        self.model.load(window.project, window.article_list.model.ids())
        for r, node in enumerate(self.model.nodes):
            if node.story_id in expanded or (node.story_id is not None and len(expanded) == 0
                                             and r < 50):
                self.tree.expand(self.model.index(r, 0))
        if window.current_article_id is not None:
            self._follow_article(window.current_article_id)

    def _follow_article(self, article_id: int) -> None:
        if not self.grouped or article_id < 0:
            return
        index = self.model.index_of_article(article_id)
        if index.isValid() and index != self.tree.currentIndex():
            sm = self.tree.selectionModel()
            sm.blockSignals(True)
            sm.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                               | QItemSelectionModel.SelectionFlag.Rows)
            sm.blockSignals(False)
            self.tree.scrollTo(index)
            self.tree.viewport().update()

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        article_id = current.data(ID_ROLE) if current.isValid() else None
        if article_id is None or article_id == self.window.current_article_id:
            return
        if not self.window.article_list.select_article(article_id):
            self.window.open_article(article_id)

    def _context_menu(self, point) -> None:
        menu = QMenu(self.tree)
        menu.addActions([self.merge_action, self.split_action, self.rename_action,
                         self.regroup_action])
        menu.popup(self.tree.viewport().mapToGlobal(point))

    # ------------------------------------------------------------ what is selected
    def selected_articles(self) -> list[int]:
        """Articles selected in the tree (a selected story counts as all its articles);
        with the flat list showing, the rows selected there (else the open article)."""
        if not self.grouped:
            selected = self.window.article_list.selected_ids()
            current = self.window.current_article_id
            return selected or ([current] if current is not None else [])
        ids: list[int] = []
        for index in self.tree.selectionModel().selectedRows(0):
            node, row = self.model.node_of(index)
            if node is None:
                continue
            ids.extend(node.article_ids if row is None else [node.article_ids[row]])
        return list(dict.fromkeys(ids))

    def selected_stories(self) -> list[int]:
        project = self.window.project
        if project is None:
            return []
        stories = [project.stories.story_of(a) for a in self.selected_articles()]
        return [s for s in dict.fromkeys(stories) if s is not None]

    # ------------------------------------------------------------ actions
    def _say(self, text: str) -> None:
        self.window.status.showMessage(text, 10000)

    def _editable(self) -> Project | None:
        project = self.window.project
        if project is None:
            return None
        if project.read_only:
            self._say("This project is open read-only: stories cannot be changed.")
            return None
        return project

    def regroup(self) -> Task | None:
        """Group again in the background, with progress and Cancel in the status bar
        (stories the analyst touched are kept; a cancelled regroup changes nothing)."""
        window = self.window
        project = window.project
        if project is None or project.read_only or self.regrouping:
            return None
        self.regrouping = True
        path = project.path

        def done(count: int) -> None:
            self.regrouping = False
            if window.project is not None and window.project.path == path:
                window.hub.notify(STORIES)
                self._say(f"Stories regrouped: {count} stories told by several articles.")

        def failed(exc: BaseException) -> None:
            self.regrouping = False
            if isinstance(exc, Cancelled):
                self._say("Regrouping cancelled; the stories are as they were.")
            else:
                self._say(failure_sentence("Grouping stories", exc))

        return window.tasks.run(lambda progress: regroup(path, progress),
                                label="Grouping stories", on_success=done, on_failure=failed)

    def merge_selected(self) -> int | None:
        project = self._editable()
        stories = self.selected_stories() if project is not None else []
        articles = self.selected_articles()
        if project is None:
            return None
        loose = [a for a in articles if project.stories.story_of(a) is None]
        if len(stories) + (1 if loose else 0) < 2:
            self._say("Select articles of two or more stories to merge them "
                      f"(View > Group articles by story, {GROUP_KEY}).")
            return None
        if loose:   # articles in no story join the merged one
            stories.append(project.stories.split(loose))
        kept = project.stories.merge(stories)
        self.window.hub.notify(STORIES, project.stories.members(kept))
        self._say("Stories merged.")
        return kept

    def split_selected(self) -> int | None:
        project = self._editable()
        articles = self.selected_articles()
        if project is None:
            return None
        if not articles:
            self._say("Select the articles to move into a new story.")
            return None
        before = {project.stories.story_of(a) for a in articles} - {None}
        new = project.stories.split(articles)
        touched = set(articles)
        for story in before:
            touched.update(project.stories.members(story))
        self.window.hub.notify(STORIES, touched)
        self._say(f"{len(articles)} article{'s' if len(articles) != 1 else ''} "
                  "moved into a new story.")
        return new

    def rename_current(self, name: str | None = None) -> bool:
        project = self._editable()
        if project is None:
            return False
        stories = self.selected_stories()
        if not stories:
            self._say("The open article is in no story yet: regroup or split it first.")
            return False
        story = stories[0]
        if name is None:
            current = next((s.name for s in project.stories.all() if s.story_id == story), "")
            name, ok = QInputDialog.getText(self.window, "Rename story", "Name of the story:",
                                            text=current)
            if not ok:
                return False
        project.stories.name(story, name)
        self.window.hub.notify(STORIES, project.stories.members(story))
        return True

    # ------------------------------------------------------------ changes
    def _on_changes(self, change: changes.Changes) -> None:
        if self.window.project is None or changes.PROJECT in change.kinds:
            return
        if changes.ARTICLES in change.kinds and not self.window.project.read_only:
            self._regroup_timer.start()      # new articles may retell a known story
        if STORIES in change.kinds or changes.METADATA in change.kinds:
            self.reload()


def install_stories(window: MainWindow) -> WindowStories:
    stories = WindowStories(window)
    window.stories = stories
    return stories
