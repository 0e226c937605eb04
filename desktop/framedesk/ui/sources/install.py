"""Plugging sourcing into the main window: `install_sources(window)`.

Adds the Sources section (before Entities), the reader's attribution layers and keys, the
Code menu's "Suggest attributions" (in the background, with progress and Cancel), the
corpus sourcing table (View menu), the article list's sourcing filter and the entity
corrections. Uses only the window's extension points.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction

from framedesk.core.progress import Progress
from framedesk.core.store import Project
from framedesk.ui import changes
from framedesk.ui.coding.undo import CodingHistory
from framedesk.ui.sources.controller import SourcesController
from framedesk.ui.sources.list_filter import SourcingFilter
from framedesk.ui.sources.panel import SourcesPanel, SourcingKeys
from framedesk.ui.sources.table_window import SourcingTableWindow

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow

SECTION = "Sources"


def run_suggestions(path: Path, ids: Sequence[int], annotator: str, progress: Progress) -> int:
    """Worker side: its own connection to the project, closed when done."""
    from framedesk.core.nlp.attribution import suggest_for_articles

    with Project.open(path, annotator=annotator) as project:
        return suggest_for_articles(project, list(ids), progress=progress)


class WindowSources:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        coding = getattr(window, "coding", None)
        if coding is not None:
            history = coding.ui.history
        else:
            history = CodingHistory(lambda kinds, ids: window.hub.notify(kinds, ids), window)
        self.history = history
        self.controller = SourcesController(window.project, history, window.reader, window)
        self.controller.follow_history = False   # the hub (below) tells it every change
        if coding is not None:
            self.controller.before_edit = coding.ui.controller.before_edit
            coding.ui.controller.cue_selected.connect(self._cue_selected)
        self.controller.message.connect(lambda text: window.status.showMessage(text, 15000))
        history.failed.connect(lambda text: window.status.showMessage(text, 15000))
        self.panel = SourcesPanel(self.controller)
        window.side_panel.add_section(SECTION, self.panel, position=self._position())
        cue_delete = None
        if coding is not None:
            delete = coding.ui.reader_menu.delete_action
            cue_delete = delete.isEnabled
        self.keys = SourcingKeys(self.controller, [window.reader.text, self.panel.tree],
                                 cue_delete)
        window.reader.selection_changed.connect(lambda _s, _e: self.keys.enable())
        self.table_window: SourcingTableWindow | None = None
        self._menus()
        self.list_filter = SourcingFilter(self.controller)
        window.article_list.filters.add_list_filter(self.list_filter)
        window.project_changed.connect(self._project_changed)
        window.current_article_changed.connect(self._article_changed)
        window.hub.changed.connect(self._hub_changed)
        if window.project is not None:
            self._project_changed(window.project)
        if window.current_article_id is not None:
            self.controller.set_article(window.current_article_id)

    def _position(self) -> int | None:
        """Just above Entities (UX.md: frame cues, sources, entities, memo)."""
        side = self.window.side_panel
        entities = side.section("Entities")
        layout = side.widget().layout()
        return layout.indexOf(entities) if entities is not None else None

    def _menus(self) -> None:
        w = self.window
        code = w.menus.get("Code")
        self.suggest_article = QAction("Suggest &attributions for this article", w)
        self.suggest_article.triggered.connect(
            lambda _=False: self.suggest([w.current_article_id] if w.current_article_id
                                         else []))
        self.suggest_all = QAction("Suggest attributions for &all articles", w)
        self.suggest_all.triggered.connect(
            lambda _=False: self.suggest(w.project.articles.ids() if w.project else []))
        self.table_action = QAction("&Sourcing table...", w)
        self.table_action.triggered.connect(lambda _=False: self.show_table())
        if code is not None:
            code.addSeparator()
            code.addAction(self.suggest_article)
            code.addAction(self.suggest_all)
            sourcing = code.addMenu("Sourcing &keys")
            sourcing.addActions(self.keys.actions)
        view = w.menus.get("View")
        if view is not None:
            view.addSeparator()
            view.addAction(self.table_action)
        self._enable_menus()

    def _enable_menus(self) -> None:
        on = self.window.project is not None
        for action in (self.suggest_article, self.suggest_all, self.table_action):
            action.setEnabled(on)

    # ------------------------------------------------------------ following the window
    def _project_changed(self, project: Project | None) -> None:
        self.controller.set_project(project)
        self.panel.form.fill_lists()
        self.list_filter.fill()
        self.list_filter.reset()
        if self.table_window is not None:
            self.table_window.close()
            self.table_window = None
        self._enable_menus()

    def _article_changed(self, article_id: int) -> None:
        self.controller.set_article(article_id if article_id >= 0 else None)

    def _hub_changed(self, change: changes.Changes) -> None:
        current = self.controller.article_id
        if current is None or changes.PROJECT in change.kinds:
            return
        if (change.touches(changes.ATTRIBUTIONS, current)
                or change.touches(changes.ENTITIES, current)):
            self.controller.refresh()

    def _cue_selected(self, cue: object) -> None:
        if cue is not None:
            self.controller.select(None, show=False)
        self.keys.enable()

    # ------------------------------------------------------------ actions
    def suggest(self, ids: Sequence[int]) -> bool:
        """Suggest attributions in the background; the views refresh when it is done."""
        w = self.window
        if w.project is None or not ids:
            return False
        path, annotator, chosen = w.project.path, w.project.annotator, list(ids)

        def done(added: int) -> None:
            w.hub.notify(changes.ATTRIBUTIONS, chosen)
            w.status.showMessage(f"{added} new attribution suggestion"
                                 f"{'s' if added != 1 else ''} in {len(chosen)} article"
                                 f"{'s' if len(chosen) != 1 else ''}.", 15000)

        def stopped(error: BaseException) -> None:
            from framedesk.ui.tasks import failure_sentence

            w.hub.notify(changes.ATTRIBUTIONS, chosen)   # finished articles are kept
            w.status.showMessage(failure_sentence("Suggesting attributions", error), 15000)

        w.tasks.run(lambda progress: run_suggestions(path, chosen, annotator, progress),
                    label="Suggesting attributions", on_success=done, on_failure=stopped)
        return True

    def show_table(self) -> SourcingTableWindow | None:
        w = self.window
        if w.project is None:
            return None
        if self.table_window is None:
            self.table_window = SourcingTableWindow(w.project, w.article_list, w)
        self.table_window.refresh()
        self.table_window.show()
        self.table_window.raise_()
        return self.table_window


def install_sources(window: MainWindow) -> WindowSources:
    sources = WindowSources(window)
    window.sources = sources
    try:
        from framedesk.ui.entities_edit.install import install_entity_corrections
    except ModuleNotFoundError:
        return sources
    install_entity_corrections(window, sources.history)
    return sources
