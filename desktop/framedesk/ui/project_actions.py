"""Opening, creating, closing projects, importing into them, and the first-run demo.

Slow parts (reading files, spaCy) run through the task helper on a worker thread, which
opens its own connection to the same project file; the window's views refresh through the
change hub when the work is done.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from framedesk.core.errors import FramedeskError
from framedesk.core.importing import ImportSummary, import_paths
from framedesk.core.progress import Progress
from framedesk.core.resources import seeds_dir
from framedesk.core.store import Project
from framedesk.ui import changes
from framedesk.ui.dialogs import error_message, import_summary_text, plain_message
from framedesk.ui.import_dialog import import_filter, show_import_summary

if TYPE_CHECKING:
    from framedesk.ui.main_window import MainWindow

SUFFIX = ".framedesk"
PROJECT_FILTER = "Framedesk projects (*.framedesk)"


def run_import(path: Path, paths: Sequence[Path], annotator: str, entities: bool,
               progress: Progress) -> ImportSummary:
    """Worker side of an import: its own connection, closed when done."""
    with Project.open(path, annotator=annotator) as project:
        return import_paths(project, [str(p) for p in paths], entities=entities,
                            progress=progress)


def run_entities(path: Path, ids: Sequence[int], annotator: str, progress: Progress,
                 attributions: bool = False) -> int:
    """Entities (then, with `attributions`, suggested attributions, which link their
    sources to the entities just found)."""
    from framedesk.core.nlp.entities import annotate_articles

    with Project.open(path, annotator=annotator) as project:
        found = annotate_articles(project, list(ids), progress=progress)
        if attributions:
            from framedesk.core.nlp.attribution import suggest_for_articles

            suggest_for_articles(project, list(ids), progress=progress)
        return found


class ProjectActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.last_dialog: QMessageBox | None = None

    # ------------------------------------------------------------ opening
    def open_path(self, path: str | Path) -> bool:
        path = Path(path)
        w = self.window
        try:
            project = Project.open(path, annotator=w.settings.analyst or None)
        except FramedeskError as exc:
            from framedesk.ui.errors_project import open_fallback

            fallback = open_fallback(w, path, exc)  # newer or locked file: read-only instead
            if fallback is not None:
                return fallback
            w.settings.remove_recent(path)
            self.last_dialog = error_message(w, "Could not open the project", exc)
            return False
        w.set_project(project)
        w.settings.add_recent(path)
        return True

    def new_project(self, path: str | Path | None = None) -> bool:
        w = self.window
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(w, "New project", str(Path.home()),
                                                    PROJECT_FILTER)
            if not chosen:
                return False
            path = chosen
        path = Path(path)
        if path.suffix != SUFFIX:
            path = path.with_suffix(SUFFIX)
        try:
            if path.exists() and path.stat().st_size == 0:
                path.unlink()
            project = Project.create(path, annotator=w.settings.analyst or None)
        except (FramedeskError, OSError) as exc:
            self.last_dialog = error_message(w, "Could not create the project", exc)
            return False
        w.set_project(project)
        w.settings.add_recent(path)
        return True

    def choose_and_open(self) -> bool:
        chosen, _ = QFileDialog.getOpenFileName(self.window, "Open project",
                                                str(Path.home()), PROJECT_FILTER)
        return self.open_path(chosen) if chosen else False

    def close_project(self) -> None:
        self.window.set_project(None)

    # ------------------------------------------------------------ importing
    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self.window, "Import articles",
                                                str(Path.home()), import_filter())
        if files:
            self.import_paths([Path(f) for f in files])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder of articles",
                                                  str(Path.home()))
        if folder:
            self.import_paths([Path(folder)])

    def import_paths(self, paths: Sequence[Path], *, entities: bool = True,
                     on_done=None) -> bool:
        """Import in the background; the summary is shown at the end."""
        w = self.window
        if w.project is None:
            self.last_dialog = plain_message(
                w, "No project open", "Create or open a project first (File > New or Open), "
                "then import articles into it.")
            return False
        path, annotator = w.project.path, w.project.annotator
        was_empty = w.article_list.model.rowCount() == 0 and w.project.articles.count() == 0

        def done(summary: ImportSummary) -> None:
            w.hub.notify({changes.ARTICLES, changes.ENTITIES}, summary.new_ids)
            text, _details = import_summary_text(summary)
            w.status.showMessage(text, 15000)
            if was_empty and w.current_article_id is None:
                w.article_list.move(+1)
            if on_done is not None:
                on_done(summary)
            else:
                self.last_dialog = show_import_summary(w, summary)

        def failed(exc: BaseException) -> None:
            self.last_dialog = error_message(w, "Import failed", exc)

        w.tasks.run(lambda progress: run_import(path, paths, annotator, entities, progress),
                    label="Importing", on_success=done, on_failure=failed)
        return True

    def find_entities(self, ids: Sequence[int], label: str = "Finding entities", *,
                      attributions: bool = False) -> None:
        w = self.window
        if w.project is None or not ids:
            return
        path, annotator = w.project.path, w.project.annotator

        def done(_count: int) -> None:
            w.refresh_model_name()
            w.hub.notify({changes.ENTITIES, changes.ATTRIBUTIONS} if attributions
                         else changes.ENTITIES, ids)

        w.tasks.run(lambda progress: run_entities(path, ids, annotator, progress,
                                                  attributions),
                    label=label, on_success=done)

    # ------------------------------------------------------------ first run
    def create_demo(self, path: Path) -> bool:
        """The demo project from seeds/: articles at once, entities in the background."""
        path.parent.mkdir(parents=True, exist_ok=True)
        if not self.new_project(path):
            return False
        seeds = sorted(seeds_dir().glob("*.txt"))
        if not seeds:
            self.window.status.showMessage("No sample articles found; import your own.", 15000)
            return True
        self.window.reader.set_empty_message("Creating the demo project from the sample "
                                             "articles...")

        def imported(summary: ImportSummary) -> None:
            self.window.reader.set_empty_message(
                "Import articles: drop files here or press Ctrl+I.")
            self.find_entities(summary.new_ids, "Finding entities in the demo articles",
                               attributions=True)

        self.import_paths(seeds, entities=False, on_done=imported)
        return True
