"""The article reader: a plain-text header and the body with layers of highlighted spans.

Other parts of the window draw into the reader through named layers, never by touching the
document: `reader.set_layer("cues", [(start, end, "cue:security", cue_id), ...])`. Offsets are
code points; the reader converts them (framedesk.ui.offsets) and tells the owners which of
their payloads were hovered or clicked.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QTextCursor
from PySide6.QtWidgets import QLabel, QStackedWidget, QToolTip, QVBoxLayout, QWidget

from framedesk.core.model import Article
from framedesk.ui.offsets import OffsetMap
from framedesk.ui.reader.find_bar import FindBar
from framedesk.ui.reader.highlighter import Hit, ReaderSpan, SpanHighlighter, as_span
from framedesk.ui.reader.styles import StyleRegistry, is_dark
from framedesk.ui.reader.text_view import ReaderText

# Drawing order of the known layers; later ones win where styles clash.
LAYER_Z = {"entities": 0, "cues": 10, "attributions": 20, "suggestions": 30, "search": 90,
           "find": 95, "selected": 100}
STATUS_NAMES = {"todo": "to do", "in_progress": "in progress", "done": "done",
                "skipped": "skipped"}


def plain_label(text: str = "", *, selectable: bool = True, wrap: bool = True) -> QLabel:
    """A label that never interprets its text as HTML (article data is untrusted)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def tooltip_html(lines: Iterable[str]) -> str:
    """Tooltips are rich text in Qt: escape every line so article text stays text."""
    return "<p style='white-space:pre-wrap'>" + "<br>".join(
        html.escape(line) for line in lines) + "</p>"


class ArticleHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.setSpacing(2)
        self.title = plain_label()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.meta = plain_label()
        self.url = plain_label()
        self.url.setStyleSheet("color: palette(link);")
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(self.url)

    def show_article(self, article: Article | None) -> None:
        if article is None:
            for label in (self.title, self.meta, self.url):
                label.setText("")
            return
        self.title.setText(article.title or "(untitled)")
        parts = [article.outlet or "unknown outlet", (article.published or "no date")[:16].replace("T", " ")]
        if article.author:
            parts.append(article.author)
        parts.append(STATUS_NAMES.get(article.status, article.status))
        self.meta.setText("  ·  ".join(parts))
        self.url.setText(article.url or "")
        self.url.setVisible(bool(article.url))


class ReaderWidget(QWidget):
    """Header + body. Signals carry code point offsets and the layers' own payloads."""

    span_hovered = Signal(object)          # list[Hit]; empty when the mouse leaves a span
    span_clicked = Signal(object)          # list[Hit] under a plain click (may be empty)
    selection_changed = Signal(int, int)   # code points; start == end when nothing selected

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = StyleRegistry(dark=is_dark(self.palette()))
        self.registry.set_theme(is_dark(self.palette()), self.palette().text().color())
        self.article: Article | None = None
        self.header = ArticleHeader()
        self.text = ReaderText()
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.text.setFont(font)
        self.text.document().setDocumentMargin(14)
        self.highlighter = SpanHighlighter(self.text.document(), self.registry)
        self._tooltips: dict[str, Callable[[Any], str | None]] = {}
        self._finish_pending = False

        self.empty = plain_label("Import articles: drop files here or press Ctrl+I.",
                                 selectable=False)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setObjectName("readerEmpty")
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        self.find_bar = FindBar(self)
        body_layout.addWidget(self.header)
        body_layout.addWidget(self.find_bar)
        body_layout.addWidget(self.text, 1)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.stack)
        self._bars = 0

        self.text.hovered_position.connect(self._on_hover)
        self.text.clicked_position.connect(self._on_click)
        self.text.selectionChanged.connect(self._on_selection)

    # ------------------------------------------------------------ articles
    @property
    def mapping(self) -> OffsetMap:
        return self.highlighter.mapping

    def add_bar(self, bar: QWidget) -> None:
        """A notice bar above the article (e.g. asking the analyst's name)."""
        layout = self.layout()
        layout.insertWidget(self._bars, bar)
        self._bars += 1

    def set_empty_message(self, text: str) -> None:
        self.empty.setText(text)

    def show_article(self, article: Article | None) -> None:
        """Show an article with no layers; painting waits for finish_loading() (or the next
        turn of the event loop) so the layers set meanwhile are painted in one pass."""
        self.article = article
        self.header.show_article(article)
        text = article.text if article is not None else ""
        mapping = OffsetMap(text)
        self.highlighter.suspended = True
        self.highlighter.reset(mapping)
        self.text.mapping = mapping
        self.text.setPlainText(text)
        self.stack.setCurrentIndex(1 if article is not None else 0)
        if not self._finish_pending:
            self._finish_pending = True
            QTimer.singleShot(0, self.finish_loading)

    def finish_loading(self) -> None:
        if not self._finish_pending:
            return
        if self.find_bar.isVisible():
            self.find_bar.refresh()
        self._finish_pending = False
        self.highlighter.suspended = False
        if self.highlighter.layers:
            self.highlighter.rehighlight()

    @contextmanager
    def loading(self, article: Article | None) -> Iterator[None]:
        """`with reader.loading(article): set layers...`: one paint for text and layers."""
        self.show_article(article)
        try:
            yield
        finally:
            self.finish_loading()

    def refresh_header(self, article: Article) -> None:
        """The same article with new metadata (e.g. its status changed)."""
        self.article = article
        self.header.show_article(article)

    # ------------------------------------------------------------ layers
    def set_layer(self, name: str, spans: Iterable[ReaderSpan | tuple], z: int | None = None) -> None:
        """Replace one layer's spans: (start, end, style key, payload), code points."""
        z = LAYER_Z.get(name, 50) if z is None else z
        touched = self.highlighter.set_layer(name, spans, z)
        self.highlighter.repaint_blocks(touched)

    def clear_layer(self, name: str) -> None:
        self.highlighter.repaint_blocks(self.highlighter.remove_layer(name))

    def layer_spans(self, name: str) -> list[ReaderSpan]:
        layer = self.highlighter.layers.get(name)
        return [as_span(s) for s in layer.spans] if layer else []

    def set_style_visible(self, key: str, visible: bool) -> None:
        """Show or hide every span drawn with one style (the legend's per-type toggles)."""
        hidden = self.registry.hidden
        if (key not in hidden) == visible:
            return
        if visible:
            hidden.discard(key)
        else:
            hidden.add(key)
        self.highlighter.repaint_style(key, self.visible_blocks)

    def visible_blocks(self) -> tuple[int, int]:
        """First and last block (paragraph) number on screen."""
        first = self.text.firstVisibleBlock()
        if not first.isValid():
            return 0, -1
        bottom = self.text.viewport().height()
        block, last = first, first.blockNumber()
        offset = self.text.contentOffset()
        while block.isValid():
            if self.text.blockBoundingGeometry(block).translated(offset).top() > bottom:
                break
            last = block.blockNumber()
            block = block.next()
        return first.blockNumber(), last

    def set_tooltip_provider(self, layer: str, provider: Callable[[Any], str | None]) -> None:
        """provider(payload) -> plain text shown when a span of that layer is hovered."""
        self._tooltips[layer] = provider

    def hits_at(self, offset: int) -> list[Hit]:
        """Visible spans at a code point offset, top layer first."""
        return self.highlighter.hits_at(self.mapping.to_qt(offset))

    # ------------------------------------------------------------ selection
    def select_range(self, start: int, end: int) -> None:
        """Select code points start..end and scroll them into view."""
        qs, qe = self.mapping.span_to_qt(start, end)
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(qs)
        cursor.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
        self.text.setTextCursor(cursor)
        self.text.ensureCursorVisible()

    def selection(self) -> tuple[int, int]:
        cursor = self.text.textCursor()
        return self.mapping.span_from_qt(cursor.selectionStart(), cursor.selectionEnd())

    def selected_text(self) -> str:
        start, end = self.selection()
        return self.article.text[start:end] if self.article else ""

    # ------------------------------------------------------------ events
    def _on_hover(self, qt_pos: int, global_pos: QPoint) -> None:
        hits = self.highlighter.hits_at(qt_pos) if qt_pos >= 0 else []
        self.span_hovered.emit(hits)
        lines = []
        for hit in hits:
            provider = self._tooltips.get(hit.layer)
            line = provider(hit.span.payload) if provider else None
            if line:
                lines.append(line)
        if lines:
            QToolTip.showText(global_pos, tooltip_html(lines), self.text.viewport())
        else:
            QToolTip.hideText()

    def _on_click(self, qt_pos: int) -> None:
        self.span_clicked.emit(self.highlighter.hits_at(qt_pos))

    def _on_selection(self) -> None:
        start, end = self.selection()
        self.selection_changed.emit(start, end)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self.registry.set_theme(is_dark(self.palette()), self.palette().text().color())
            self.highlighter.rehighlight()
