"""What every dialog that runs one background job shares (Export, Merge): a progress bar that
follows the job, Cancel that becomes Close when nothing runs, and the outcome in one sentence
in the dialog and the status bar.

A mixin for QDialog subclasses that have `window_` (the main window), `progress`
(QProgressBar) and `result` (QLabel), and set `task = None` in their constructor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from framedesk.core.errors import Cancelled
from framedesk.core.progress import Progress
from framedesk.messages import describe

STATUS_MESSAGE_MS = 15000


class TaskDialogMixin:
    task: Any
    window_: Any
    progress: Any
    result: Any

    def start_task(self, work: Callable[[Progress], Any], label: str,
                   done: Callable[[Any, BaseException | None], None]) -> None:
        """Run `work` in the background; `done(result, None)` or `done(None, error)` follows
        on the GUI thread once it has ended."""
        self.result.setText("")
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.task = self.window_.tasks.run(
            work, label=label,
            on_success=lambda value: self._ended(done, value, None),
            on_failure=lambda exc: self._ended(done, None, exc))
        self.task.progressed.connect(self._progressed)

    def _ended(self, done: Callable[[Any, BaseException | None], None], value: Any,
               error: BaseException | None) -> None:
        self.task = None
        self.progress.setVisible(False)
        done(value, error)

    def _progressed(self, finished: int, total: int, _label: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(finished, total))

    def show_outcome(self, error: BaseException | None, success_text: str,
                     cancelled_text: str) -> None:
        if error is None:
            text = success_text
        elif isinstance(error, Cancelled):
            text = cancelled_text
        else:
            text = describe(error)
        self.result.setText(text)
        self.window_.status.showMessage(text, STATUS_MESSAGE_MS)

    def cancel_or_close(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.result.setText("Cancelling\u2026")
        else:
            self.close()  # type: ignore[attr-defined]

    @property
    def running(self) -> bool:
        return self.task is not None
