"""One column of the compare view: a reader showing one outlet's article with its layers.

Each column is an ordinary ReaderWidget (its own scroll bar, selection and highlights) plus
two layers of its own: "spelling" (a dotted underline under entities the other articles
spell differently) and "linked" (every mention of the entity the analyst picked in any
column).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from framedesk.core.store import Project
from framedesk.core.story_compare import LinkedEntity, StoryComparison
from framedesk.ui.reader import ReaderWidget, SpanStyle

SPELLING_LAYER = "spelling"
LINKED_LAYER = "linked"
SPELLING_STYLE = "compare:spelling"
LINKED_STYLE = "compare:linked"
STYLES = {
    SPELLING_STYLE: SpanStyle("Spelled differently elsewhere", underline="#c0392b",
                              underline_style="dot"),
    LINKED_STYLE: SpanStyle("The same entity", "#ffd866", strong_background=True),
}
Z = {SPELLING_LAYER: 5, LINKED_LAYER: 98}


class CompareColumn(QWidget):
    """A reader for one article; says when it takes the focus (it becomes the current one)."""

    focused = Signal(int)                 # article id
    entity_picked = Signal(int, object)   # article id, LinkedEntity (clicked or selected)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.reader = ReaderWidget()
        self.reader.setObjectName("compareReader")
        for key, style in STYLES.items():
            self.reader.registry.register(key, style)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.reader)
        self.article_id: int | None = None
        self.comparison: StoryComparison | None = None
        self._focus_watch = _FocusWatch(self)
        self.reader.text.installEventFilter(self._focus_watch)
        self.reader.span_clicked.connect(self._on_click)
        self.reader.selection_changed.connect(self._on_selection)

    def show_article(self, project: Project, article_id: int, annotator: str | None) -> None:
        article = project.articles.get(article_id)
        self.article_id = article_id
        with self.reader.loading(article):
            self.paint(project, annotator)

    def paint(self, project: Project, annotator: str | None) -> None:
        """(Re)draw entities, attributions and cues from the project file."""
        aid = self.article_id
        if aid is None or self.reader.article is None:
            return
        self.reader.set_layer("entities", [(m.start, m.end, f"entity:{m.label}", m)
                                           for m in project.entities.mentions(aid)])
        made, suggested = [], []
        for a in project.attributions.list(aid, annotator=annotator):
            # The same layers, keys and payloads as the sources part draws in the reader.
            family, target = (("suggestion", suggested) if a.status == "suggested"
                              else ("attribution", made))
            for part, span in (("source", a.source), ("cue", a.cue), ("content", a.content)):
                if span is not None:
                    target.append((span.start, span.end, f"{family}:{part}", (a.id, part)))
        self.reader.set_layer("attributions", made)
        self.reader.set_layer("suggestions", suggested)
        self.reader.set_layer("cues", [(c.start, c.end, f"cue:{c.codebook}/{c.code}", c.id)
                                       for c in project.coding.cues(aid, annotator)])

    def set_comparison(self, comparison: StoryComparison) -> None:
        self.comparison = comparison
        aid = self.article_id
        self.reader.set_layer(SPELLING_LAYER, [
            (start, end, SPELLING_STYLE, entity.entity_id)
            for entity in comparison.differently_spelled()
            for start, end in entity.spans.get(aid, ())], Z[SPELLING_LAYER])

    def show_linked(self, entity: LinkedEntity | None, scroll: bool = True) -> None:
        """Highlight every mention of `entity` here; scroll to the first one."""
        spans = entity.spans.get(self.article_id, []) if entity is not None else []
        self.reader.set_layer(LINKED_LAYER, [(s, e, LINKED_STYLE, entity.entity_id)
                                             for s, e in spans], Z[LINKED_LAYER])
        if spans and scroll:
            # Move the cursor without selecting, so this column's selection is not touched.
            text = self.reader.text
            cursor = QTextCursor(text.document())
            cursor.setPosition(self.reader.mapping.to_qt(spans[0][0]))
            text.blockSignals(True)
            text.setTextCursor(cursor)
            text.blockSignals(False)
            text.ensureCursorVisible()

    def linked_spans(self) -> list[tuple[int, int]]:
        return [(s.start, s.end) for s in self.reader.layer_spans(LINKED_LAYER)]

    # ------------------------------------------------------------ picking an entity
    def _entity_at(self, offset: int) -> LinkedEntity | None:
        if self.comparison is None or self.article_id is None:
            return None
        return self.comparison.entity_at(self.article_id, offset)

    def _on_click(self, hits: list) -> None:
        for hit in hits:
            if hit.layer in ("entities", SPELLING_LAYER, LINKED_LAYER):
                entity = self._entity_at(hit.span.start)
                if entity is not None:
                    self.entity_picked.emit(self.article_id, entity)
                    return

    def _on_selection(self, start: int, end: int) -> None:
        if end <= start:
            return
        entity = self._entity_at(start)
        if entity is not None and any(s <= start and end <= e
                                      for s, e in entity.spans.get(self.article_id, ())):
            self.entity_picked.emit(self.article_id, entity)


class _FocusWatch(QObject):
    def __init__(self, column: CompareColumn) -> None:
        super().__init__(column)
        self.column = column

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.FocusIn and self.column.article_id is not None:
            self.column.focused.emit(self.column.article_id)
        return False
