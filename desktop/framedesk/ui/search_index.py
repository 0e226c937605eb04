"""Building the search index in the background, with a quiet note in the status bar.

An import (or a merge, or a file another tool wrote) commits its articles and leaves them
out of the search index (`fts_pending`), so the analyst can read and code at once; search
finds them meanwhile through the slower matcher (core/store/search.py). This part indexes
them on a worker thread with its own connection, in short transactions (the window's edits
wait at most one chunk), whenever a project is opened with articles pending and whenever
articles were added. Closing the project or the window cancels it; what is done is kept and
the rest is indexed the next time.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel

from framedesk.core.errors import Cancelled, FramedeskError, ProjectLocked
from framedesk.core.progress import Progress
from framedesk.core.store import Project
from framedesk.core.store.articles import INDEX_CHUNK
from framedesk.messages import describe
from framedesk.ui import changes
from framedesk.ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from framedesk.ui.changes import Changes
    from framedesk.ui.main_window import MainWindow

LABEL = "Indexing for search"
RETRY_MS = 3000   # another writer held the file longer than the busy timeout: try again


def index_project(path: Path, annotator: str, progress: Progress, chunk: int) -> int:
    """Worker side: the project's pending articles into the index, on its own connection."""
    with Project.open(path, annotator=annotator) as project:
        return project.articles.index_pending(progress, chunk=chunk)


class SearchIndexing(QObject):
    """Starts, shows and stops the background indexing of the window's project."""

    completed = Signal()   # the index holds every article (nothing pending)

    def __init__(self, window: MainWindow, chunk: int = INDEX_CHUNK) -> None:
        super().__init__(window)
        self.window = window
        self.chunk = chunk
        self.runner = TaskRunner(self, max_threads=1)
        self.task: Task | None = None
        self._again = False
        self._generation = 0   # answers of a task that stop() abandoned are ignored
        self.indicator = QLabel()
        self.indicator.setTextFormat(Qt.TextFormat.PlainText)
        self.indicator.setToolTip("New articles are being added to the search index. Search "
                                  "finds them already; this only makes it faster.")
        self.indicator.setVisible(False)
        window.status.insertPermanentWidget(0, self.indicator)
        self.runner.task_progress.connect(self._on_progress)
        window.project_changed.connect(lambda _project: self.start())
        window.hub.changed.connect(self._on_changes)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.start)

    @property
    def running(self) -> bool:
        return self.task is not None and not self.task.done

    def start(self) -> None:
        """Index what is pending in the window's project (nothing to do: nothing happens)."""
        project = self.window.project
        if project is None or project.read_only:
            return
        if self.running:
            self._again = True   # articles came in while it ran: another pass afterwards
            return
        try:
            if not project.articles.pending_count():
                return
        except FramedeskError:
            return   # the window reports a vanished or broken file itself
        path, annotator, chunk = project.path, project.annotator, self.chunk
        self._again = False
        self._generation += 1
        generation = self._generation
        self.indicator.setText(LABEL)
        self.indicator.setVisible(True)
        self.task = self.runner.run(
            lambda progress: index_project(path, annotator, progress, chunk),
            label=LABEL, on_success=lambda _n: self._finished(generation),
            on_failure=lambda exc: self._failed(generation, exc))

    def stop(self) -> None:
        """Cancel and wait (a chunk takes tens of ms): before the project closes."""
        self._retry.stop()
        self._again = False
        self._generation += 1
        self.runner.shutdown()
        self.task = None
        self.indicator.setVisible(False)

    # ------------------------------------------------------------ internals
    def _on_changes(self, change: Changes) -> None:
        # Any change may have brought articles (an import, a review that copied articles
        # into this project); when nothing is pending, the check is one tiny query.
        if changes.PROJECT in change.kinds:
            return
        if self.running:
            self._again = self._again or changes.ARTICLES in change.kinds
            return
        self.start()

    def _on_progress(self, task: Task, done: int, total: int, _label: str) -> None:
        if task is self.task and total:
            self.indicator.setText(f"{LABEL}: {min(100, 100 * done // total)}%")

    def _finished(self, generation: int) -> None:
        if generation != self._generation:
            return   # stopped meanwhile (the project closed): a newer task may be showing
        self.indicator.setVisible(False)
        if self._again:
            self.start()
        if not self.running:
            self.completed.emit()

    def _failed(self, generation: int, error: BaseException) -> None:
        if generation != self._generation:
            return   # stopped meanwhile: the rest is indexed next time
        self.indicator.setVisible(False)
        if isinstance(error, Cancelled):
            return
        if isinstance(error, ProjectLocked):
            self._retry.start(RETRY_MS)   # a long write elsewhere; search works meanwhile
            return
        self.window.status.showMessage(f"{LABEL} stopped: {describe(error)}", 15000)
