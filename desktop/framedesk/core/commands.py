"""Coding actions as small commands: each knows how to do and undo itself through the store.

The GUI wraps them in QUndoCommands on one QUndoStack per project (ui/coding/undo.py); the
commands themselves never touch widgets, so tests and scripts use them without Qt. Each `do`
and `undo` is one transaction, committed before it returns.

The first coding action on an article that is still "to do" also moves it to "in progress"
(in the same transaction, and undone with it), so the article list shows where work started.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from framedesk.core.store.coding import Cue, FrameCode

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

# What a command can change, for views that refresh from changes instead of reloading.
FRAMES, TONE, CUES, STATUS, MEMO = "frames", "tone", "cues", "status", "memo"


@dataclass(frozen=True, slots=True)
class Changes:
    article_id: int
    kinds: frozenset[str]


class Command:
    """Base: `do()` applies, `undo()` puts everything back; `text` names it in the history."""

    kinds: frozenset[str] = frozenset()
    marks_progress = True  # coding an untouched article starts it

    def __init__(self, project: Project, article_id: int) -> None:
        self.project = project
        self.article_id = article_id
        self.text = ""
        self._status_before: str | None = None

    @property
    def changes(self) -> Changes:
        kinds = self.kinds | ({STATUS} if self._status_before is not None else set())
        return Changes(self.article_id, frozenset(kinds))

    def do(self) -> None:
        with self.project.atomic():
            self._apply()
            self._status_before = None
            if self.marks_progress and self._status() == "todo":
                self._status_before = self.project.articles.set_status(self.article_id,
                                                                       "in_progress")

    def undo(self) -> None:
        with self.project.atomic():
            self._revert()
            if self._status_before is not None:
                self.project.articles.set_status(self.article_id, self._status_before)

    def _status(self) -> str | None:
        row = self.project.db.execute("SELECT status FROM articles WHERE id = ?",
                                      [self.article_id]).fetchone()
        return row[0] if row else None

    def _apply(self) -> None:
        raise NotImplementedError

    def _revert(self) -> None:
        raise NotImplementedError


class _FramesCommand(Command):
    kinds = frozenset({FRAMES})

    def __init__(self, project: Project, article_id: int, codebook: str, code: str) -> None:
        super().__init__(project, article_id)
        self.codebook = codebook
        self.code = code
        self._before: list[FrameCode] = []

    def _revert(self) -> None:
        self.project.coding.restore_frames(self.article_id, self._before)


class ToggleFrame(_FramesCommand):
    """The frame key without a selection: code the frame as secondary, or remove it."""

    def __init__(self, project: Project, article_id: int, codebook: str, code: str,
                 label: str = "") -> None:
        super().__init__(project, article_id, codebook, code)
        present = any(f.codebook == codebook and f.code == code
                      for f in project.coding.frames(article_id, project.annotator))
        self.removing = present
        self.text = f"{'Remove' if present else 'Frame'} {label or code}"

    def _apply(self) -> None:
        coding = self.project.coding
        if self.removing:
            self._before = coding.remove_frame(self.article_id, self.codebook, self.code)
        else:
            self._before = coding.set_frame(self.article_id, self.codebook, self.code)


class MakePrimary(_FramesCommand):
    """Shift + frame key: this frame becomes the primary one (the old primary stays as a
    secondary frame)."""

    def __init__(self, project: Project, article_id: int, codebook: str, code: str,
                 label: str = "") -> None:
        super().__init__(project, article_id, codebook, code)
        self.text = f"Primary frame {label or code}"

    def _apply(self) -> None:
        self._before = self.project.coding.set_frame(self.article_id, self.codebook, self.code,
                                                     primary=True)


class SetTone(Command):
    kinds = frozenset({TONE})

    def __init__(self, project: Project, article_id: int, code: str | None,
                 codebook: str = "tone", label: str = "") -> None:
        super().__init__(project, article_id)
        self.code = code
        self.codebook = codebook
        self._before: str | None = None
        self.text = f"Tone {label or code}" if code else "Clear tone"

    def _apply(self) -> None:
        self._before = self.project.coding.set_tone(self.article_id, self.code, self.codebook)

    def _revert(self) -> None:
        self.project.coding.set_tone(self.article_id, self._before, self.codebook)


class AddCue(Command):
    """Mark text as evidence for a frame. Redo re-creates the cue under the same id, so later
    commands that refer to it (recode, delete) still find it."""

    kinds = frozenset({CUES})

    def __init__(self, project: Project, article_id: int, start: int, end: int,
                 codebook: str, code: str, label: str = "") -> None:
        super().__init__(project, article_id)
        if end <= start:
            raise ValueError("a cue needs at least one character")
        self.start, self.end = start, end
        self.codebook, self.code = codebook, code
        self.cue_id: int | None = None
        self.text = f"Cue for {label or code}"

    def _apply(self) -> None:
        self.cue_id = self.project.coding.add_cue(self.article_id, self.start, self.end,
                                                  self.codebook, self.code, cue_id=self.cue_id)

    def _revert(self) -> None:
        if self.cue_id is not None:
            self.project.coding.remove_cue(self.cue_id)


class RemoveCue(Command):
    kinds = frozenset({CUES})
    marks_progress = False

    def __init__(self, project: Project, cue: Cue, label: str = "") -> None:
        super().__init__(project, cue.article_id)
        self.cue = cue
        self.text = f"Delete cue for {label or cue.code}"

    def _apply(self) -> None:
        removed = self.project.coding.remove_cue(self.cue.id)
        if removed is not None:
            self.cue = removed

    def _revert(self) -> None:
        c = self.cue
        self.project.coding.add_cue(c.article_id, c.start, c.end, c.codebook, c.code,
                                    note=c.note, cue_id=c.id)


class RecodeCue(Command):
    kinds = frozenset({CUES})
    marks_progress = False

    def __init__(self, project: Project, cue: Cue, code: str, label: str = "") -> None:
        super().__init__(project, cue.article_id)
        self.cue = cue
        self.code = code
        self._before: tuple[str, str | None] = (cue.code, cue.note)
        self.text = f"Recode cue as {label or code}"

    def _apply(self) -> None:
        self._before = self.project.coding.recode_cue(self.cue.id, self.code, self.cue.note)

    def _revert(self) -> None:
        code, note = self._before
        self.project.coding.recode_cue(self.cue.id, code, note)


class SetStatus(Command):
    kinds = frozenset({STATUS})
    marks_progress = False

    def __init__(self, project: Project, article_id: int, status: str) -> None:
        super().__init__(project, article_id)
        self.status = status
        self._before = "todo"
        self.text = f"Mark {status.replace('_', ' ')}"

    def _apply(self) -> None:
        self._before = self.project.articles.set_status(self.article_id, self.status)

    def _revert(self) -> None:
        self.project.articles.set_status(self.article_id, self._before)


class SetMemo(Command):
    kinds = frozenset({MEMO})

    def __init__(self, project: Project, article_id: int, text: str) -> None:
        super().__init__(project, article_id)
        self.memo = text
        self._before = ""
        self.text = "Edit memo"

    def _apply(self) -> None:
        self._before = self.project.coding.set_memo(self.article_id, self.memo)

    def _revert(self) -> None:
        self.project.coding.set_memo(self.article_id, self._before)
