"""How long core work reports progress and learns it should stop, without knowing about Qt.

The GUI's task helper and the CLI's progress bar both pass a Progress; the core calls
`step()` as it goes and raises Cancelled when `cancelled` was set, keeping what it finished.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from framedesk.core.errors import Cancelled


class Progress:
    def __init__(self, on_update: Callable[[int, int, str], None] | None = None) -> None:
        self._on_update = on_update
        self._cancel = threading.Event()
        self.done = 0
        self.total = 0
        self.label = ""

    def start(self, total: int, label: str = "") -> None:
        self.total, self.done, self.label = total, 0, label
        self._emit()

    def step(self, n: int = 1, label: str | None = None) -> None:
        self.done += n
        if label is not None:
            self.label = label
        self._emit()
        self.check()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def _emit(self) -> None:
        if self._on_update is not None:
            self._on_update(self.done, self.total, self.label)


NO_PROGRESS = Progress()
