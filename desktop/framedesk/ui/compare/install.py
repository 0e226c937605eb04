"""Plugging the compare view into the main window: `install_compare(window)`.

The reader's place in the window becomes a stack: the reader, or the compare view of the
open article's story (View > Compare story, Ctrl+Shift+C). Coding works in the compare view
exactly as in the reader: the column the analyst clicks into becomes the open article (the
list, the coding pane and the keys follow), and the coding controller reads the selection
from, and paints cues into, that column's reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QStackedWidget

from framedesk.ui import changes
from framedesk.ui.compare.column import CompareColumn
from framedesk.ui.compare.view import CompareView
from framedesk.ui.stories_actions import STORIES, WindowStories, install_stories

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow
    from framedesk.ui.reader import ReaderWidget

COMPARE_KEY = "Ctrl+Shift+C"
REFRESH_KINDS = {changes.FRAMES, changes.CUES, changes.ATTRIBUTIONS, changes.ENTITIES,
                 changes.METADATA, changes.STATUS}


class WindowCompare:
    def __init__(self, window: MainWindow, stories: WindowStories) -> None:
        self.window = window
        self.stories = stories
        self.view = CompareView()
        # The stack is as wide as its widest page needs: the compare view must not hold the
        # reader's pane wider than the analyst left it.
        self.view.setMinimumWidth(1)
        self.stack = QStackedWidget()
        index = window.splitter.indexOf(window.reader)
        sizes = window.splitter.sizes()
        window.splitter.replaceWidget(index, self.stack)
        self.stack.addWidget(window.reader)
        self.stack.addWidget(self.view)
        window.splitter.setSizes(sizes)
        self.story_id: int | None = None
        self._wired: set[int] = set()
        self._reading_sizes: list[int] | None = None

        self.action = QAction("&Compare story", window)
        self.action.setCheckable(True)
        self.action.setShortcut(QKeySequence(COMPARE_KEY))
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setStatusTip("The open article's story, outlet beside outlet")
        self.action.toggled.connect(self._toggled)
        window.addAction(self.action)
        view_menu = window.menus.get("View")
        if view_menu is not None:
            view_menu.addAction(self.action)

        self.view.close_requested.connect(lambda: self.action.setChecked(False))
        self.view.column_focused.connect(self._column_focused)
        window.current_article_changed.connect(self._article_changed)
        window.project_changed.connect(lambda _p: self.action.setChecked(False))
        window.hub.changed.connect(self._on_changes)
        self._close_watch = _LeaveOnClose(self)
        window.installEventFilter(self._close_watch)

    @property
    def active(self) -> bool:
        return self.stack.currentWidget() is self.view

    # ------------------------------------------------------------ showing and leaving
    def _toggled(self, on: bool) -> None:
        if on and not self.show_story_of(self.window.current_article_id):
            self.action.setChecked(False)
        elif not on and self.active:
            self.leave()

    def show_story_of(self, article_id: int | None) -> bool:
        """Show the story of this article; False (with a message) when there is none."""
        window = self.window
        project = window.project
        if project is None or article_id is None:
            return False
        story = project.stories.story_of(article_id)
        members = project.stories.members(story) if story is not None else []
        if len(members) < 2:
            window.status.showMessage(
                "This article's story has no other article: group stories (Code > Regroup"
                " stories) or merge stories in the grouped list (Ctrl+Shift+G).", 10000)
            return False
        name = next((s.name for s in project.stories.all() if s.story_id == story), "")
        self.story_id = story
        self.view.show_articles(project, members, name, project.annotator)
        for column in self.view.columns:
            self._wire(column)
        if not self.active:
            self._widen()
        self.stack.setCurrentWidget(self.view)
        if not self.action.isChecked():
            self.action.blockSignals(True)
            self.action.setChecked(True)
            self.action.blockSignals(False)
        column = self.view.column_of(article_id) or self.view.columns[0]
        self._use_reader(column.reader)
        if column.article_id != article_id:
            self._open(column.article_id)
        column.reader.text.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _widen(self) -> None:
        """Columns need room: narrow the list and the coding pane while comparing."""
        splitter = self.window.splitter
        self._reading_sizes = splitter.sizes()
        sizes = list(self._reading_sizes)
        total = sum(sizes)
        middle = splitter.indexOf(self.stack)
        if len(sizes) == 3 and total > 0:
            sizes = [min(sizes[0], total // 6), 0, min(sizes[2], total // 4)]
            sizes[middle] = total - sum(sizes)
            splitter.setSizes(sizes)

    def leave(self) -> None:
        self.story_id = None
        if self._reading_sizes is not None and self.active:
            self.window.splitter.setSizes(self._reading_sizes)
        self.stack.setCurrentWidget(self.window.reader)
        self._use_reader(self.window.reader)
        if self.action.isChecked():
            self.action.blockSignals(True)
            self.action.setChecked(False)
            self.action.blockSignals(False)

    # ------------------------------------------------------------ coding in a column
    def _controller(self):
        coding = getattr(self.window, "coding", None)
        return coding.ui.controller if coding is not None else None

    def _sources(self):
        sources = getattr(self.window, "sources", None)
        return sources.controller if sources is not None else None

    def _use_reader(self, reader: ReaderWidget) -> None:
        """Point coding and sourcing at this reader (its selection, its layers)."""
        for controller in (self._controller(), self._sources()):
            if controller is not None and controller.reader is not reader:
                controller.reader = reader
                controller.refresh()

    def _wire(self, column: CompareColumn) -> None:
        """Styles, clicks, tooltips and keys, as the coding and sources parts set them up on
        the main reader; each acts only while its controller works in this column."""
        main = self.window.reader.registry
        for family in ("cue", "attribution", "suggestion"):
            for key in main.keys(family):
                column.reader.registry.register(key, main.style(key))
        if id(column) in self._wired:
            return
        self._wired.add(id(column))
        column.reader.span_clicked.connect(lambda hits, c=column: self._clicked(c, hits))
        for layer in ("attributions", "suggestions"):
            column.reader.set_tooltip_provider(
                layer, lambda payload, c=column: self._source_tooltip(c, payload))
        sources = getattr(self.window, "sources", None)
        if sources is not None:   # N, Enter, Delete, Tab ... live on the reader's text
            column.reader.text.addActions(sources.keys.actions)

    def _clicked(self, column: CompareColumn, hits: list) -> None:
        controller, sources = self._controller(), self._sources()
        for hit in hits:
            payload = hit.span.payload
            if (hit.layer == "cues" and controller is not None
                    and controller.reader is column.reader):
                cue = next((c for c in controller.state.cues if c.id == payload), None)
                if cue is not None:
                    controller.select_cue(cue)
                    return
            if (hit.layer in ("attributions", "suggestions") and sources is not None
                    and sources.reader is column.reader and isinstance(payload, tuple)):
                sources.select(sources.by_id(payload[0]), show=False)
                return

    def _source_tooltip(self, column: CompareColumn, payload: object) -> str | None:
        sources = self._sources()
        if sources is None or not isinstance(payload, tuple) or column.reader.article is None:
            return None
        found = next((a for a in sources.project.attributions.list(column.article_id)
                      if a.id == payload[0]), None) if sources.project is not None else None
        return ("\n".join(sources.vocabulary.describe(found, column.reader.article.text))
                if found is not None else None)

    def _column_focused(self, article_id: int) -> None:
        column = self.view.column_of(article_id)
        if column is None:
            return
        self._use_reader(column.reader)
        if self.window.current_article_id != article_id:
            self._open(article_id)

    def _open(self, article_id: int) -> None:
        if not self.window.article_list.select_article(article_id):
            self.window.open_article(article_id)

    # ------------------------------------------------------------ following the window
    def _article_changed(self, article_id: int) -> None:
        if not self.active:
            return
        if article_id < 0:
            self.leave()
            return
        column = self.view.column_of(article_id)
        if column is not None:
            # J / K or an undo moved to another article of the story: work in its column.
            self._use_reader(column.reader)
            if not column.reader.text.hasFocus() and self.view.isVisible():
                focused = self.window.focusWidget()
                if focused is None or any(c.reader.text is focused for c in self.view.columns):
                    column.reader.text.setFocus(Qt.FocusReason.OtherFocusReason)
        elif not self.show_story_of(article_id):
            self.leave()   # an article of no story: the reader shows it

    def _on_changes(self, change: changes.Changes) -> None:
        window = self.window
        if not self.active or window.project is None or changes.PROJECT in change.kinds:
            return
        shown = set(self.view.article_ids)
        if STORIES in change.kinds or changes.ARTICLES in change.kinds:
            current = window.current_article_id
            if not self.show_story_of(current):
                self.leave()
            return
        if change.kinds & REFRESH_KINDS and (not change.article_ids
                                             or change.article_ids & shown):
            self.view.refresh(set(change.article_ids) or None)


class _LeaveOnClose(QObject):
    """Back to the reader before the window saves its layout, so the narrowed list and
    coding pane of the compare view are not what the next start shows."""

    def __init__(self, part: WindowCompare) -> None:
        super().__init__(part.window)
        self.part = part

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Close and self.part.active:
            self.part.leave()
        return False


def install_compare(window: MainWindow) -> WindowCompare:
    stories = getattr(window, "stories", None) or install_stories(window)
    compare = WindowCompare(window, stories)
    window.compare = compare
    return compare
