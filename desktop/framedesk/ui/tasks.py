"""The one helper that runs slow core work off the GUI thread.

`runner.run(work, label=..., on_success=..., on_failure=...)` calls `work(progress)` on a
worker thread with a core Progress; progress, the result and any error come back on the GUI
thread as signals, so callbacks may touch widgets. Cancel asks the core to stop (it raises
Cancelled at its next step and keeps what it finished).

SQLite: work that writes opens its own Project on the same path inside `work` (one writer at
a time; the window's connection waits for it), never the window's connection.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from framedesk.core.errors import Cancelled
from framedesk.core.progress import Progress
from framedesk.messages import describe

# Progress reaches the GUI at most this often (seconds): a step per article would flood it.
PROGRESS_INTERVAL = 0.05


class Task(QObject):
    """One piece of background work; lives on the GUI thread, its work does not."""

    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, label: str, work: Callable[[Progress], Any],
                 cancellable: bool = True) -> None:
        super().__init__()
        self.label = label
        self.work = work
        self.cancellable = cancellable
        self.progress = Progress(self._report)
        self.done = False
        self.error: BaseException | None = None
        self.result: Any = None
        self._last_report = 0.0

    def cancel(self) -> None:
        self.progress.cancel()

    @property
    def cancelled(self) -> bool:
        return self.progress.cancelled

    def _report(self, done: int, total: int, label: str) -> None:
        # Called on the worker thread: a queued signal carries it to the GUI.
        now = time.monotonic()
        if done >= total or now - self._last_report >= PROGRESS_INTERVAL:
            self._last_report = now
            self.progressed.emit(done, total, label)


class _Job(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        task = self.task
        try:
            result = task.work(task.progress)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            task.failed.emit(exc)
        else:
            task.succeeded.emit(result)


class TaskRunner(QObject):
    """Starts tasks and tells the status bar about them."""

    task_started = Signal(object)                 # Task
    task_progress = Signal(object, int, int, str)
    task_finished = Signal(object)                # Task (done; .error set if it failed)
    message = Signal(str)                         # one sentence for the status bar / a dialog

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.running: list[Task] = []

    def run(self, work: Callable[[Progress], Any], *, label: str,
            on_success: Callable[[Any], None] | None = None,
            on_failure: Callable[[BaseException], None] | None = None,
            cancellable: bool = True) -> Task:
        """Run `work(progress)` in the background. Without on_failure, a failure is
        reported as one sentence through `message` (never a traceback)."""
        task = Task(label, work, cancellable)
        task.progressed.connect(lambda d, t, lab: self.task_progress.emit(task, d, t, lab))
        task.succeeded.connect(lambda result: self._finish(task, result, None, on_success,
                                                           on_failure))
        task.failed.connect(lambda exc: self._finish(task, None, exc, on_success, on_failure))
        self.running.append(task)
        self.task_started.emit(task)
        self.pool.start(_Job(task))
        return task

    def _finish(self, task: Task, result: Any, error: BaseException | None,
                on_success: Callable[[Any], None] | None,
                on_failure: Callable[[BaseException], None] | None) -> None:
        task.done = True
        task.result = result
        task.error = error
        if task in self.running:
            self.running.remove(task)
        try:
            if error is None:
                if on_success is not None:
                    on_success(result)
            elif on_failure is not None:
                on_failure(error)
            else:
                self.message.emit(failure_sentence(task.label, error))
        finally:
            self.task_finished.emit(task)

    def cancel_all(self) -> None:
        for task in list(self.running):
            task.cancel()

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        """Cancel what runs and wait for it (before closing the project)."""
        self.cancel_all()
        return self.pool.waitForDone(timeout_ms)

    @property
    def busy(self) -> bool:
        return bool(self.running)


def failure_sentence(label: str, error: BaseException) -> str:
    if isinstance(error, Cancelled):
        return f"{label}: {describe(error)}"
    return f"{label} failed: {describe(error)}"
