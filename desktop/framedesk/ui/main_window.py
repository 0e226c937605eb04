"""The main window: wires the article list, the reader and the side panel together.

Everything with logic of its own lives in its own module; this one only connects them.
Extension points for other panels: `project` and `project_changed`, `current_article_changed`,
`hub` (what changed), `tasks` (background work), `reader.set_layer(...)`,
`side_panel.add_section(...)`, `menus["Code"]` and friends.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMainWindow, QSplitter

from framedesk import APP_NAME
from framedesk.core.store import Project
from framedesk.ui import changes
from framedesk.ui.article_list import ArticleListPanel
from framedesk.ui.background_reads import BackgroundReads
from framedesk.ui.changes import ChangeHub, Changes
from framedesk.ui.entities_panel import EntitiesPanel
from framedesk.ui.menus import build_menus
from framedesk.ui.project_actions import SUFFIX, ProjectActions
from framedesk.ui.reader import ReaderWidget
from framedesk.ui.search_hits import search_spans
from framedesk.ui.search_index import SearchIndexing
from framedesk.ui.settings import AppSettings
from framedesk.ui.side_panel import SidePanel
from framedesk.ui.status_bar import StatusBar
from framedesk.ui.tasks import TaskRunner
from framedesk.ui.window_split import PaneWidths

NO_ARTICLE = -1
# Parts that plug themselves into the window through its extension points ("module:function",
# called with the window). A part not in this build is skipped.
WINDOW_PARTS = (
    "framedesk.ui.coding.install:install_coding",
    "framedesk.ui.sources.install:install_sources",
    "framedesk.ui.export_dialog:install_export",
    "framedesk.ui.review.menu:install_review_menu",
    "framedesk.ui.review.packages_dialog:install_packages_action",
    "framedesk.ui.preferences:install_preferences",
    "framedesk.ui.help:install_help",
    "framedesk.ui.backups:install_backups",
    "framedesk.ui.errors_project:install_error_handling",
    "framedesk.ui.compare.install:install_compare",
    "framedesk.ui.dashboard.install:install_dashboard",
    "framedesk.ui.welcome:install_welcome",   # last: it wraps the central widget
)
COUNT_KINDS = {changes.ENTITIES, changes.FRAMES, changes.CUES, changes.ATTRIBUTIONS,
               changes.STATUS}


class MainWindow(QMainWindow):
    current_article_changed = Signal(int)   # article id, or -1 when none is open
    project_changed = Signal(object)        # Project | None

    def __init__(self, settings: AppSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.project: Project | None = None
        self.current_article_id: int | None = None
        self.hub = ChangeHub(self)
        self.tasks = TaskRunner(self)
        self.reads = BackgroundReads(self)
        self.project_actions = ProjectActions(self)

        self.article_list = ArticleListPanel(reads=self.reads)
        self.reader = ReaderWidget()
        self.side_panel = SidePanel()
        self.entities_panel = EntitiesPanel(self.reader, self.reads)
        self.side_panel.add_section("Entities", self.entities_panel)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.article_list)
        self.splitter.addWidget(self.reader)
        self.splitter.addWidget(self.side_panel)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setStretchFactor(2, 1)
        self.splitter.setChildrenCollapsible(False)
        self.pane_widths = PaneWidths(self.splitter, self.settings)
        self.setCentralWidget(self.splitter)
        self.status = StatusBar(self.tasks)
        self.setStatusBar(self.status)
        self.search_index = SearchIndexing(self)   # builds the index after imports
        self.menus, self.actions_by_name = build_menus(self)
        self.setAcceptDrops(True)
        self.resize(1360, 860)

        self.article_list.article_selected.connect(self.open_article)
        self.article_list.query_changed.connect(self._show_search_hits)
        self.article_list.search_left.connect(self.focus_reader)
        self.hub.changed.connect(self._on_changes)
        self.tasks.message.connect(lambda text: self.status.showMessage(text, 15000))
        self.restore_layout()
        self.set_project(None)

    # ------------------------------------------------------------ project
    def set_project(self, project: Project | None) -> None:
        """Show another project (or none); the previous one is closed."""
        old = self.project
        self.reads.set_path(None)   # its connection goes first, so the old file closes clean
        if old is not None and old is not project:
            self.search_index.stop()
            self.tasks.shutdown()
            old.close()
        self.project = project
        self.current_article_id = None
        self.reads.set_path(project.path if project is not None else None)
        self.entities_panel.forget_corpus_counts()
        if project is not None and self.settings.analyst:
            project.annotator = self.settings.analyst
        self.article_list.set_project(project)
        with self.reader.loading(None):
            self.entities_panel.load(None, None)
        if project is None:
            self.setWindowTitle(APP_NAME)
            self.reader.set_empty_message("No project open: create one with Ctrl+N, open one "
                                          "with Ctrl+O, or drop a .framedesk file here.")
            self.status.clear_facts()
        else:
            self.setWindowTitle(f"{project.path.stem} \u2014 {APP_NAME}")
            self.reader.set_empty_message("Import articles: drop files here or press Ctrl+I.")
            self.status.set_analyst(project.annotator)
            self.refresh_model_name()
            self.status.set_saved(True, project.read_only,
                                  getattr(project, "read_only_reason", None))
            self._update_progress()
        for name in ("close", "import_files", "import_folder", "find_entities"):
            if name in self.actions_by_name:
                self.actions_by_name[name].setEnabled(project is not None)
        self.project_changed.emit(project)
        self.current_article_changed.emit(NO_ARTICLE)
        self.hub.notify(changes.PROJECT)
        if project is not None:
            self.article_list.move(+1)   # open the first article
            # The first key an analyst presses is a coding or moving key, not a search.
            self.focus_reader()

    def refresh_model_name(self) -> None:
        if self.project is not None:
            model = self.project.meta("model")
            version = self.project.meta("model_version")
            self.status.set_model(f"{model} {version}" if model and version else model)

    def _update_progress(self) -> None:
        if self.project is not None:
            counts = self.project.articles.status_counts()
            self.status.set_progress(counts.get("done", 0), sum(counts.values()))

    # ------------------------------------------------------------ articles
    def open_article(self, article_id: int) -> None:
        """Show an article with its layers; other panels follow current_article_changed."""
        if self.project is None:
            return
        article = self.project.articles.get(article_id)
        self.current_article_id = article.id if article else None
        with self.reader.loading(article):
            self.entities_panel.load(self.project, self.current_article_id)
            self._show_search_hits(self.article_list.search.text())
            self.current_article_changed.emit(article.id if article else NO_ARTICLE)

    def _show_search_hits(self, query: str) -> None:
        article = self.reader.article
        self.reader.set_layer("search", search_spans(article.text, query) if article else [])

    def focus_reader(self) -> None:
        self.reader.text.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_search(self) -> None:
        self.article_list.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.article_list.search.selectAll()

    # ------------------------------------------------------------ changes
    def _on_changes(self, change: Changes) -> None:
        if self.project is None or changes.PROJECT in change.kinds:
            return
        if changes.ARTICLES in change.kinds:
            self.article_list.refresh()
            if self.current_article_id is None:
                self.article_list.move(+1)
        elif change.kinds & COUNT_KINDS:
            if change.article_ids:
                self.article_list.model.refresh_articles(change.article_ids)
            else:
                self.article_list.model.invalidate_cache()
        if change.kinds & {changes.STATUS, changes.ARTICLES}:
            self._update_progress()
        if changes.ENTITIES in change.kinds:
            self.entities_panel.forget_corpus_counts()
        current = self.current_article_id
        if current is None:
            return
        if change.touches(changes.ENTITIES, current):
            self.entities_panel.load(self.project, current)
        if change.touches(changes.STATUS, current) or change.touches(changes.METADATA, current):
            article = self.project.articles.get(current)
            if article is not None:
                self.reader.refresh_header(article)

    # ------------------------------------------------------------ recent files
    def fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        recent = self.settings.recent_projects()
        if not recent:
            menu.addAction("(none yet)").setEnabled(False)
        for path in recent:
            action = menu.addAction(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.project_actions.open_path(p))

    # ------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        event.acceptProposedAction()
        self.drop_paths(paths)

    def drop_paths(self, paths: list[Path]) -> None:
        """A dropped project is opened; anything else is imported."""
        projects = [p for p in paths if p.suffix == SUFFIX]
        if projects:
            self.project_actions.open_path(projects[0])
            return
        if paths:
            self.project_actions.import_paths(paths)

    # ------------------------------------------------------------ layout and closing
    def restore_layout(self) -> None:
        geometry = self.settings.load_bytes("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.pane_widths.restore()
        header = self.settings.load_bytes("article_columns")
        if header is not None:
            self.article_list.restore_columns(header)
        sections = self.settings.value("window/sections", {})
        if isinstance(sections, dict):
            self.side_panel.restore_expanded(
                {k: str(v).lower() in ("true", "1") for k, v in sections.items()})

    def save_layout(self) -> None:
        self.settings.save_bytes("geometry", self.saveGeometry())
        self.pane_widths.save()
        self.settings.save_bytes("article_columns",
                                 self.article_list.table.horizontalHeader().saveState())
        self.settings.set_value("window/sections", self.side_panel.expanded_state())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.save_layout()
        self.search_index.stop()
        self.tasks.shutdown()
        self.reads.close()
        if self.project is not None:
            self.article_list.set_project(None)   # no view may read a closed project
            self.project.close()
            self.project = None
        super().closeEvent(event)


def install_parts(window: MainWindow, parts: tuple[str, ...] = WINDOW_PARTS) -> list[str]:
    """Plug the coding, sources ... panels into the window; returns those installed."""
    installed = []
    for spec in parts:
        module_name, function = spec.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                continue   # that part is not in this build
            raise
        getattr(module, function)(window)
        installed.append(spec)
    return installed
