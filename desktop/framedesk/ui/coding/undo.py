"""One QUndoStack per project, whose entries run the core's coding commands.

The core command runs (and commits) before it is pushed, so a refused action (a read-only
file, a full disk) never reaches the history; the stack's first redo() is then skipped.
After every do, undo and redo the change hub is told what changed, so views refresh.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from framedesk.core.commands import TONE, Command, SetMemo
from framedesk.core.errors import FramedeskError
from framedesk.messages import describe
from framedesk.ui.changes import FRAMES

MEMO_MERGE_ID = 0x4D454D4F  # consecutive memo edits of one article are one history entry


class UndoableCoding(QUndoCommand):
    def __init__(self, command: Command, history: CodingHistory) -> None:
        # "history text\naction text": the Undo/Redo menu entries read '&' as a mnemonic.
        super().__init__(f"{command.text}\n{command.text.replace('&', '&&')}")
        self.command = command
        self.history = history
        self._first = True

    def redo(self) -> None:
        if self._first:  # already done by CodingHistory.run
            self._first = False
            return
        self.history._guarded(self.command.do, self.command)

    def undo(self) -> None:
        self.history._guarded(self.command.undo, self.command)

    def id(self) -> int:
        return MEMO_MERGE_ID if isinstance(self.command, SetMemo) else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        mine, theirs = self.command, getattr(other, "command", None)
        if not (isinstance(mine, SetMemo) and isinstance(theirs, SetMemo)
                and mine.article_id == theirs.article_id):
            return False
        mine.memo = theirs.memo  # undo still restores the memo from before the first edit
        return True


class CodingHistory(QObject):
    """Runs coding commands with undo. `changed(Changes)` goes to the window's change hub."""

    failed = Signal(str)          # one sentence for the status bar or a message box
    applied = Signal(object)      # the core Command just done, undone or redone

    def __init__(self, notify: Callable[[set[str], set[int]], object] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.stack = QUndoStack(self)
        self._notify = notify

    def run(self, command: Command) -> bool:
        """Do the command now (committed) and put it on the stack; False if it failed."""
        if not self._guarded(command.do, command):
            return False
        self.stack.push(UndoableCoding(command, self))
        return True

    def clear(self) -> None:
        """A different project: its history starts empty."""
        self.stack.clear()

    def _guarded(self, action: Callable[[], None], command: Command) -> bool:
        try:
            action()
        except FramedeskError as exc:
            self.failed.emit(describe(exc))
            return False
        kinds = set(command.changes.kinds)
        if TONE in kinds:
            kinds.add(FRAMES)  # the hub files tone under frames (document codes)
        if self._notify is not None:
            self._notify(kinds, {command.article_id})
        self.applied.emit(command)
        return True
