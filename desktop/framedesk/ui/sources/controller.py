"""What the sourcing keys, the sources panel and the reader do with attributions.

Holds the open article's attributions and the selected one, draws them into the reader
(layers "attributions" and "suggestions", plus "attribution_focus" for the hovered or
selected one), and runs every change as a core command on the shared undo history.

New attribution from the keyboard (N): select the content and press N; then select the
source and press N, then the cue and press N. Enter at any step keeps what is marked so far
(taking source and cue from a suggestion over the same content, when there is one); Escape
drops it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal

from framedesk.core.commands import Command
from framedesk.core.model import Span
from framedesk.core.sourcing_commands import (
    ATTRIBUTIONS,
    AcceptSuggestion,
    AddAttribution,
    EditAttribution,
    remove_command,
)
from framedesk.core.store import Project
from framedesk.core.store.attributions import Attribution
from framedesk.ui.coding.undo import CodingHistory
from framedesk.ui.reader import ReaderWidget, SpanStyle
from framedesk.ui.reader.highlighter import Hit
from framedesk.ui.sources.vocabulary import Vocabulary

LAYER, SUGGESTIONS, FOCUS = "attributions", "suggestions", "attribution_focus"
# Contents are long tinted stretches: drawn below the entity layer (z 0) so the entity tints
# inside a quote stay visible; sources and cues (bold, underline) combine from above.
CONTENT, SUGGESTED_CONTENT = "attribution_content", "suggestion_content"
LAYERS = (LAYER, SUGGESTIONS, CONTENT, SUGGESTED_CONTENT)
Z = {LAYER: 20, SUGGESTIONS: 30, CONTENT: -10, SUGGESTED_CONTENT: -9, FOCUS: 80}
PARTS = ("source", "cue", "content")
STYLES = {
    "suggestion:source": SpanStyle("Suggested source", bold=True, underline="#8a8a8a",
                                   underline_style="dash", faded=True),
    "suggestion:cue": SpanStyle("Suggested cue", underline="#8a8a8a", underline_style="dash",
                                faded=True),
    "suggestion:content": SpanStyle("Suggested content", "#f1f4ea", underline="#b0b0b0",
                                    underline_style="dot"),
    "attribution:focus": SpanStyle("Selected attribution", "#ffe08a", strong_background=True),
}


@dataclass(slots=True)
class Pending:
    """A new attribution being marked part by part (N, N, N)."""

    article_id: int
    content: Span
    source: Span | None = None
    cue: Span | None = None
    base: Attribution | None = None   # a suggestion over the same content, if any

    @property
    def next_part(self) -> str:
        return "source" if self.source is None else "cue"


def order_key(a: Attribution) -> tuple[int, int]:
    spans = [s for s in (a.source, a.cue, a.content) if s is not None]
    return (min(s.start for s in spans) if spans else 0, a.id or 0)


class SourcesController(QObject):
    state_changed = Signal()           # the list of attributions changed
    selected = Signal(object)          # Attribution | None
    pending_changed = Signal(object)   # Pending | None
    message = Signal(str)

    def __init__(self, project: Project | None, history: CodingHistory,
                 reader: ReaderWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.project = project
        self.history = history
        self.reader = reader
        self.article_id: int | None = None
        self.attributions: list[Attribution] = []
        self.current: Attribution | None = None
        self.pending: Pending | None = None
        self.vocabulary = Vocabulary.for_project(project)
        self.before_edit: Callable[[], bool] | None = None
        # Refresh after each command of the history; off where a change hub already
        # tells this controller (the main window), so a change is read once.
        self.follow_history = True
        self._anchor: tuple[int, int] | None = None
        self._hovered: int | None = None
        for key, style in STYLES.items():
            reader.registry.register(key, style)
        history.applied.connect(self._on_applied)
        reader.span_clicked.connect(self._on_clicked)
        reader.span_hovered.connect(self._on_hovered)
        for layer in LAYERS:
            reader.set_tooltip_provider(layer, self._tooltip)

    # ------------------------------------------------------------ following the window
    def set_project(self, project: Project | None) -> None:
        self.project = project
        self.vocabulary = Vocabulary.for_project(project)
        self.set_article(None)

    def set_article(self, article_id: int | None) -> None:
        self.article_id = article_id
        self.current = None
        self._anchor = None
        self.cancel_new()
        self.refresh()

    def refresh(self) -> None:
        """Reread the article's attributions (the analyst's and the open suggestions)."""
        if self.project is None or self.article_id is None:
            self.attributions = []
        else:
            self.attributions = sorted(
                self.project.attributions.list(self.article_id,
                                               annotator=self.project.annotator),
                key=order_key)
        if self.current is not None:
            self.current = self.by_id(self.current.id)
        self.paint()
        self.state_changed.emit()
        self.selected.emit(self.current)

    def by_id(self, attribution_id: int | None) -> Attribution | None:
        return next((a for a in self.attributions if a.id == attribution_id), None)

    # ------------------------------------------------------------ drawing
    def paint(self) -> None:
        reader = self.reader
        if reader.article is None or reader.article.id != self.article_id:
            return
        layers: dict[str, list[tuple]] = {name: [] for name in LAYERS}
        for a in self.attributions:
            suggested = a.status == "suggested"
            family = "suggestion" if suggested else "attribution"
            for part in PARTS:
                span = getattr(a, part)
                if span is None:
                    continue
                if part == "content":
                    layer = SUGGESTED_CONTENT if suggested else CONTENT
                else:
                    layer = SUGGESTIONS if suggested else LAYER
                layers[layer].append((span.start, span.end, f"{family}:{part}", (a.id, part)))
        layers[FOCUS] = self._focus_spans()
        self._set_layers(layers)

    def _set_layers(self, layers: dict[str, list[tuple]]) -> None:
        """Change only the layers that differ, and repaint their blocks once (a paragraph
        full of attributions is not repainted once per layer)."""
        highlighter = self.reader.highlighter
        touched: set[int] = set()
        for name, spans in layers.items():
            old = highlighter.layers.get(name)
            if (old.spans if old is not None else []) == spans:
                continue
            touched |= highlighter.set_layer(name, spans, Z[name])
        highlighter.repaint_blocks(touched)

    def _paint_focus(self) -> None:
        self._set_layers({FOCUS: self._focus_spans()})

    def _focus_spans(self) -> list[tuple]:
        shown = self.by_id(self._hovered) or self.current
        spans = []
        if shown is not None:
            spans = [(s.start, s.end, "attribution:focus", (shown.id, part))
                     for part in PARTS if (s := getattr(shown, part)) is not None]
        if self.pending is not None:
            spans += [(s.start, s.end, "attribution:focus", (None, part)) for part in PARTS
                      if (s := getattr(self.pending, part)) is not None]
        return spans

    def _tooltip(self, payload: object) -> str | None:
        a = self.by_id(payload[0]) if isinstance(payload, tuple) else None
        if a is None or self.reader.article is None:
            return None
        return "\n".join(self.vocabulary.describe(a, self.reader.article.text))

    def _on_hovered(self, hits: list[Hit]) -> None:
        ids = [h.span.payload[0] for h in hits
               if h.layer in LAYERS and isinstance(h.span.payload, tuple)]
        hovered = ids[0] if ids else None
        if hovered != self._hovered:
            self._hovered = hovered
            self._paint_focus()

    def _on_clicked(self, hits: list[Hit]) -> None:
        for hit in hits:
            if hit.layer in LAYERS and isinstance(hit.span.payload, tuple):
                self.select(self.by_id(hit.span.payload[0]), show=False)
                return

    # ------------------------------------------------------------ selecting
    def select(self, a: Attribution | None, *, show: bool = True) -> None:
        """Make `a` the selected attribution: all its parts emphasised, its main part
        selected in the text (with show), the panel and the form follow."""
        self.current = a
        if a is not None:
            self._anchor = order_key(a)
            part = a.content or a.source or a.cue
            if show and part is not None:
                self.reader.select_range(part.start, part.end)
        self._paint_focus()
        self.selected.emit(a)

    def step(self, direction: int = 1) -> Attribution | None:
        """Tab / Shift+Tab: the next or previous attribution in the text."""
        items = self.attributions
        if not items:
            self.message.emit("No attributions in this article: select a quote and press N, "
                              "or suggest them from the Code menu.")
            return None
        if self._anchor is None:
            cursor = self.reader.selection()[0] if self.reader.article else 0
            anchor = (cursor, -1) if direction > 0 else (cursor, 1 << 60)
        else:
            anchor = self._anchor
        if direction > 0:
            after = [a for a in items if order_key(a) > anchor]
            found = after[0] if after else items[0]
        else:
            before = [a for a in items if order_key(a) < anchor]
            found = before[-1] if before else items[-1]
        self.select(found)
        return found

    # ------------------------------------------------------------ changing
    def run(self, command: Command) -> bool:
        if self.before_edit is not None and not self.before_edit():
            return False
        return self.history.run(command)

    def _on_applied(self, command: Command) -> None:
        if self.follow_history and command.article_id == self.article_id and (
                ATTRIBUTIONS in command.kinds or "entities" in command.kinds):
            self.refresh()

    def accept(self) -> bool:
        """Enter: finish a new attribution, or accept the selected suggestion."""
        if self.pending is not None:
            return self.finish_new()
        a = self.current
        if a is None or a.status != "suggested" or self.project is None:
            return False
        return self.run(AcceptSuggestion(self.project, a))

    def remove(self) -> bool:
        """Delete: reject the selected suggestion, or delete the selected attribution."""
        a = self.current
        if a is None or self.project is None:
            return False
        self._anchor = order_key(a)
        self.current = None
        if not self.run(remove_command(self.project, a)):
            self.current = a
            return False
        return True

    def edit(self, what: str = "", **changes: object) -> bool:
        """Change attributes (or spans) of the selected attribution."""
        a = self.current
        if a is None or self.project is None:
            return False
        changes.setdefault("unnamed", dict(a.unnamed))
        new = replace(a, **changes)
        if new == a:
            return False
        return self.run(EditAttribution(self.project, new, what))

    def set_part_from_selection(self, part: str) -> bool:
        """The form's "from selection" buttons: the selected text becomes this part."""
        start, end = self.reader.selection()
        if end <= start:
            self.message.emit(f"Select the {part} in the text first.")
            return False
        return self.edit(part, **{part: Span(start, end)})

    # ------------------------------------------------------------ new attributions
    def new_from_selection(self) -> bool:
        """N: start a new attribution with the selected content, then add source and cue."""
        if self.article_id is None or self.project is None:
            return False
        start, end = self.reader.selection()
        if self.pending is None:
            if end <= start:
                self.message.emit("Select the content (what is attributed), then press N.")
                return False
            content = Span(start, end)
            base = next((a for a in self.attributions if a.status == "suggested"
                         and a.content is not None and a.content.overlaps(content)), None)
            self.pending = Pending(self.article_id, content, base=base)
            self._announce()
            return True
        if end <= start or Span(start, end) == self.pending.content:
            return self.finish_new()
        if self.pending.source is None:
            self.pending.source = Span(start, end)
            self._announce()
            return True
        self.pending.cue = Span(start, end)
        return self.finish_new()

    def _announce(self) -> None:
        p = self.pending
        assert p is not None
        hint = ""
        if p.base is not None and p.source is None:
            hint = " (Enter takes the suggested source and cue)"
        self.message.emit(f"New attribution: select the {p.next_part} and press N, or "
                          f"press Enter to keep it as it is{hint}; Escape cancels.")
        self._paint_focus()
        self.pending_changed.emit(p)

    def cancel_new(self) -> None:
        if self.pending is not None:
            self.pending = None
            self._paint_focus()
            self.pending_changed.emit(None)

    def finish_new(self) -> bool:
        p = self.pending
        if p is None or self.project is None:
            return False
        self.pending = None
        self.pending_changed.emit(None)
        base = p.base
        if base is not None:
            command: Command = EditAttribution(self.project, replace(
                base, unnamed=dict(base.unnamed), content=p.content,
                source=p.source or base.source, cue=p.cue or base.cue), "new parts")
        else:
            command = AddAttribution(self.project, Attribution(
                p.article_id, source=p.source, cue=p.cue, content=p.content))
        if not self.run(command):
            return False
        made = getattr(command, "attribution_id", None)
        self.select(self.by_id(made), show=False)
        return True
