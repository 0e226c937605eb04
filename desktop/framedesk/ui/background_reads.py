"""Read-only queries off the GUI thread, on one private read-only connection.

Some reads grow with the corpus, not with the article (how many articles of a 100,000-article
project mention "Ukraine"): they must not hold up switching articles. `reads.read(fn, done)`
runs `fn(project)` on a worker thread against a read-only Project of the same file (WAL lets
it read while the window's connection writes) and calls `done(result)` on the GUI thread.
Results that arrive after the project changed are dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from framedesk.core.errors import FramedeskError
from framedesk.core.store import Project


class _Read(QRunnable):
    def __init__(self, owner: BackgroundReads, generation: int, fn: Callable[[Project], Any],
                 done: Callable[[Any], None]) -> None:
        super().__init__()
        self.owner, self.generation, self.fn, self.done = owner, generation, fn, done

    def run(self) -> None:
        owner = self.owner
        if self.generation != owner.generation:
            return
        try:
            project = owner.connection()
            result = self.fn(project) if project is not None else None
        except (FramedeskError, OSError) as exc:  # a vanished file: the GUI reports it itself
            owner.failed.emit(exc)
            return
        try:
            owner.finished.emit(self.generation, self.done, result)
        except RuntimeError:
            pass  # the window went away meanwhile: nobody is waiting for this any more


class BackgroundReads(QObject):
    finished = Signal(int, object, object)   # generation, callback, result (internal)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)      # one connection, used by one thread at a time
        self.generation = 0
        self._path: Path | None = None
        self._project: Project | None = None
        self.finished.connect(self._deliver)

    def set_path(self, path: Path | None) -> None:
        """A different project (or none): pending results are dropped, the old connection
        closed once the worker is idle."""
        self.generation += 1
        self.pool.waitForDone()
        if self._project is not None:
            self._project.close()
            self._project = None
        self._path = path

    def connection(self) -> Project | None:
        """Called on the worker thread only."""
        if self._project is None and self._path is not None:
            self._project = Project.open(self._path, read_only=True)
        return self._project

    def read(self, fn: Callable[[Project], Any], done: Callable[[Any], None]) -> None:
        if self._path is None:
            return
        self.pool.start(_Read(self, self.generation, fn, done))

    def wait(self, timeout_ms: int = 10000) -> bool:
        """Block until queued reads finished (tests, benchmarks, closing)."""
        return self.pool.waitForDone(timeout_ms)

    def _deliver(self, generation: int, done: Callable[[Any], None], result: Any) -> None:
        if generation == self.generation:
            done(result)

    def close(self) -> None:
        self.set_path(None)
