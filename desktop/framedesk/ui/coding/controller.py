"""What the coding keys and buttons do, in one place, independent of how the panel looks.

The controller knows the open article, the reader (for the text selection and the "cues"
layer) and the project's codebooks; every change goes through a core command on the undo
history. Panels only display `state` and call the methods here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal

from framedesk.core import commands as cmd
from framedesk.core import done_rule
from framedesk.core.codebook import Code, Codebook
from framedesk.core.store import Project
from framedesk.core.store.articles import ArticleFilter
from framedesk.core.store.coding import Cue, FrameCode
from framedesk.ui.coding.undo import CodingHistory
from framedesk.ui.reader import ReaderWidget, SpanStyle

CUES_LAYER = "cues"


def cue_style_key(codebook: str, code: str) -> str:
    return f"cue:{codebook}/{code}"


@dataclass(slots=True)
class CodingState:
    """The analyst's own coding of the open article, as the panel shows it."""

    article_id: int | None = None
    status: str = "todo"
    frames: list[FrameCode] = field(default_factory=list)
    tone: str | None = None
    cues: list[Cue] = field(default_factory=list)
    memo: str = ""

    def has_frame(self, codebook: str, code: str) -> bool:
        return any(f.codebook == codebook and f.code == code for f in self.frames)

    def primary(self) -> FrameCode | None:
        return next((f for f in self.frames if f.primary), None)


class CodingController(QObject):
    state_changed = Signal()          # reread `state`
    leaving_article = Signal()        # last chance to save edits in progress (the memo)
    codebooks_changed = Signal()      # codes, labels, keys or colours changed
    cue_selected = Signal(object)     # Cue | None
    message = Signal(str)             # one sentence for the status bar
    incomplete = Signal(int, list)    # Ctrl+Enter on an article "done" would not accept

    def __init__(self, project: Project | None, history: CodingHistory,
                 reader: ReaderWidget | None = None,
                 open_article: Callable[[int], None] | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.history = history
        self.reader = reader
        self.open_article = open_article
        # Optional hooks: the article list's order (for "next to do") and a check before
        # the first edit (asking the analyst's name); returning False cancels the edit.
        self.list_order: Callable[[], list[int]] | None = None
        self.before_edit: Callable[[], bool] | None = None
        self.state = CodingState()
        self.selected_cue: Cue | None = None
        self.books: list[Codebook] = []
        self.keys: dict[str, tuple[Codebook, Code]] = {}
        history.failed.connect(self.message)
        history.applied.connect(self._on_applied)
        if reader is not None:
            reader.span_clicked.connect(self._on_span_clicked)
            reader.set_tooltip_provider(CUES_LAYER, self._cue_tooltip)
        self.reload_codebooks()

    # ------------------------------------------------------------ codebooks
    def reload_codebooks(self) -> None:
        if self.project is not None:
            self.project.codebooks.ensure_defaults()
        self.books = self.project.codebooks.all() if self.project is not None else []
        self.keys = {}
        for book in self.books:
            if book.kind == "sourcing":
                continue
            for code in book.codes:
                if code.key:
                    self.keys.setdefault(code.key, (book, code))
        if self.reader is not None:
            for book in self.frame_books():
                for code in book.codes:
                    self.reader.registry.register(
                        cue_style_key(book.name, code.id),
                        SpanStyle(f"Cue: {code.label}", underline=code.color or "#7a5cc4"))
        self.codebooks_changed.emit()
        self._paint_cues()

    def frame_books(self) -> list[Codebook]:
        return [b for b in self.books if b.kind == "frames"]

    def tone_book(self) -> Codebook | None:
        return next((b for b in self.books if b.kind == "tone"), None)

    def code(self, codebook: str, code_id: str) -> Code | None:
        book = next((b for b in self.books if b.name == codebook), None)
        return book.code(code_id) if book else None

    def label(self, codebook: str, code_id: str) -> str:
        code = self.code(codebook, code_id)
        return code.label if code else code_id

    # ------------------------------------------------------------ the open article
    def set_article(self, article_id: int | None) -> None:
        if article_id != self.state.article_id:
            self.leaving_article.emit()
        self.state = CodingState(article_id=article_id)
        self.selected_cue = None
        self.refresh()

    def refresh(self) -> None:
        """Reread the analyst's coding of the open article (after any change to it)."""
        aid = self.state.article_id
        if aid is None or self.project is None:
            self.state = CodingState()
        else:
            coding = self.project.coding
            me = self.project.annotator
            row = self.project.db.execute("SELECT status FROM articles WHERE id = ?",
                                          [aid]).fetchone()
            self.state = CodingState(
                article_id=aid, status=row[0] if row else "todo",
                frames=coding.frames(aid, me), tone=coding.tone(aid, me),
                cues=coding.cues(aid, me), memo=coding.memo(aid, me))
            if self.selected_cue is not None:
                self.selected_cue = next((c for c in self.state.cues
                                          if c.id == self.selected_cue.id), None)
        self._paint_cues()
        self.state_changed.emit()

    def _paint_cues(self) -> None:
        reader = self.reader
        if reader is None or reader.article is None:
            return
        if reader.article.id != self.state.article_id:
            return
        reader.set_layer(CUES_LAYER, [(c.start, c.end, cue_style_key(c.codebook, c.code), c.id)
                                      for c in self.state.cues])

    def _cue_tooltip(self, cue_id: object) -> str | None:
        cue = next((c for c in self.state.cues if c.id == cue_id), None)
        return f"Frame cue: {self.label(cue.codebook, cue.code)}" if cue else None

    # ------------------------------------------------------------ keys
    def press_key(self, key: str, shift: bool = False) -> bool:
        """A code's key: tone keys set the tone; frame keys mark the selected text as a cue,
        or without a selection toggle the frame (Shift: make it the primary frame)."""
        found = self.keys.get(key.upper())
        if found is None or self.state.article_id is None:
            return False
        book, code = found
        if book.kind == "tone":
            return self.set_tone(code.id if self.state.tone != code.id else None)
        if shift:
            return self.make_primary(book.name, code.id)
        start, end = self.selection()
        if end > start:
            return self.mark_cue(book.name, code.id, start, end)
        return self.toggle_frame(book.name, code.id)

    def selection(self) -> tuple[int, int]:
        if self.reader is None or self.reader.article is None:
            return 0, 0
        return self.reader.selection()

    # ------------------------------------------------------------ actions
    def _run(self, command: cmd.Command) -> bool:
        if self.before_edit is not None and not self.before_edit():
            return False
        return self.history.run(command)

    def _on_applied(self, command: cmd.Command) -> None:
        """After a do, undo or redo: show it. Undoing an action on another article opens
        that article, so the analyst sees what was undone."""
        if command.article_id == self.state.article_id:
            self.refresh()
        elif self.open_article is not None:
            self.open_article(command.article_id)

    def toggle_frame(self, codebook: str, code: str) -> bool:
        return self._run(cmd.ToggleFrame(self.project, self.state.article_id, codebook, code,
                                         self.label(codebook, code)))

    def make_primary(self, codebook: str, code: str) -> bool:
        return self._run(cmd.MakePrimary(self.project, self.state.article_id, codebook, code,
                                         self.label(codebook, code)))

    def set_tone(self, code: str | None) -> bool:
        book = self.tone_book()
        if book is None or self.state.article_id is None:
            return False
        label = self.label(book.name, code) if code else ""
        return self._run(cmd.SetTone(self.project, self.state.article_id, code, book.name, label))

    def mark_cue(self, codebook: str, code: str, start: int | None = None,
                 end: int | None = None) -> bool:
        if start is None or end is None:
            start, end = self.selection()
        if end <= start or self.state.article_id is None:
            return False
        same = next((c for c in self.state.cues if (c.start, c.end, c.codebook, c.code)
                     == (start, end, codebook, code)), None)
        if same is not None:  # the same key on the same text again takes the cue back
            return self.delete_cue(same)
        return self._run(cmd.AddCue(self.project, self.state.article_id, start, end, codebook,
                                    code, self.label(codebook, code)))

    def delete_cue(self, cue: Cue | None = None) -> bool:
        cue = cue or self.selected_cue
        if cue is None:
            return False
        if self.selected_cue is not None and self.selected_cue.id == cue.id:
            self.select_cue(None)
        return self._run(cmd.RemoveCue(self.project, cue, self.label(cue.codebook, cue.code)))

    def recode_cue(self, cue: Cue, code: str) -> bool:
        return self._run(cmd.RecodeCue(self.project, cue, code, self.label(cue.codebook, code)))

    def set_status(self, status: str) -> bool:
        if self.state.article_id is None or status == self.state.status:
            return False
        return self._run(cmd.SetStatus(self.project, self.state.article_id, status))

    def save_memo(self, text: str) -> bool:
        if self.state.article_id is None or text == self.state.memo:
            return False
        return self._run(cmd.SetMemo(self.project, self.state.article_id, text))

    def done_requirements(self) -> tuple[str, ...]:
        if self.project is None:
            return ()
        wanted = done_rule.parse(self.project.meta(done_rule.META_KEY))
        return done_rule.effective(wanted, {b.kind for b in self.books})

    def missing_for_done(self) -> list[str]:
        s = self.state
        return done_rule.missing(self.done_requirements(), frames=len(s.frames),
                                 primary=s.primary() is not None, tone=s.tone,
                                 cues=len(s.cues))

    def done_and_next(self, confirmed: bool = False) -> int | None:
        """Ctrl+Enter: mark the article done and open the next one still to do. An article
        that lacks what the project's "done" requires is not marked until the analyst
        confirms (`incomplete` carries what is missing)."""
        aid = self.state.article_id
        if aid is None:
            return None
        if self.state.status != "done" and not confirmed:
            lacking = self.missing_for_done()
            if lacking:
                self.incomplete.emit(aid, lacking)
                return None
        if self.state.status != "done" and not self.set_status("done"):
            return None  # refused (e.g. a read-only file): stay, the message says why
        following = self.next_todo(aid)
        if following is not None and self.open_article is not None:
            self.open_article(following)
        elif following is None:
            self.message.emit("Every article is done or skipped: nothing left to do.")
        return following

    def next_todo(self, after: int) -> int | None:
        """The next article not done yet (to do or in progress) after `after`, in the
        article list's order when there is one (so a filtered or sorted list is followed),
        else by id; wrapping around."""
        todo = self.project.articles.ids(ArticleFilter(statuses=["todo", "in_progress"]))
        order = self.list_order() if self.list_order is not None else []
        if after in order:
            todo_set = set(todo)
            i = order.index(after)
            found = next((a for a in order[i + 1:] + order[:i] if a in todo_set), None)
            if found is not None:
                return found
        later = [i for i in todo if i > after]
        return (later or todo or [None])[0]

    # ------------------------------------------------------------ cues
    def select_cue(self, cue: Cue | None) -> None:
        """Select a cue (from a click in the reader or the list): its text is selected and
        shown, Delete removes it, the context menu recodes it."""
        self.selected_cue = cue
        if cue is not None and self.reader is not None:
            self.reader.select_range(cue.start, cue.end)
        self.cue_selected.emit(cue)

    def _on_span_clicked(self, hits: list) -> None:
        for hit in hits:
            if hit.layer == CUES_LAYER:
                cue = next((c for c in self.state.cues if c.id == hit.span.payload), None)
                if cue is not None:
                    self.select_cue(cue)
                    return
