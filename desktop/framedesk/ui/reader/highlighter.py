"""Painting spans from named layers with one QSyntaxHighlighter over a per-block index.

Each layer's spans are converted to Qt positions once, when the layer is set, and filed under
the block (paragraph) they fall in; painting a block then looks only at its own pieces. So
switching articles or scrolling costs in proportion to what is on screen, not to the number
of spans, and a layer update repaints only the blocks it touched.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from PySide6.QtCore import QTimer
from PySide6.QtGui import QSyntaxHighlighter, QTextDocument

from framedesk.ui.offsets import OffsetMap
from framedesk.ui.reader.styles import StyleRegistry

# Above this many touched blocks a full rehighlight is cheaper than block by block.
FULL_REHIGHLIGHT_BLOCKS = 200
# Showing or hiding a type: up to this many blocks are repainted at once; beyond, the blocks
# on screen are repainted at once and the rest a chunk per turn of the event loop, nearest
# to the screen first (hiding GPE in a 200,000-word article touches nearly every block).
TOGGLE_AT_ONCE_BLOCKS = 120
TOGGLE_CHUNK_BLOCKS = 600
RUN_GAP = 16   # untouched blocks repainted anyway to keep one run going (cheaper)

VisibleBlocks = Callable[[], tuple[int, int]]   # first and last block number on screen


class ReaderSpan(NamedTuple):
    """A span for the reader: code point offsets (end exclusive), a style key, and anything
    the layer's owner wants back when the span is hovered or clicked."""

    start: int
    end: int
    style: str
    payload: Any = None


def as_span(item: tuple) -> ReaderSpan:
    return item if isinstance(item, ReaderSpan) else ReaderSpan(*item)


class Hit(NamedTuple):
    layer: str
    span: ReaderSpan


@dataclass(slots=True)
class Layer:
    name: str
    z: int
    spans: list[tuple]              # (start, end, style, payload) as the owner gave them
    # block -> [(start in block, end in block, index into spans)], sorted by start
    by_block: dict[int, list[tuple[int, int, int]]] = field(default_factory=dict)
    visible: bool = True
    # style -> blocks using it; built on the first type toggle after the layer is set
    blocks_by_style: dict[str, set[int]] | None = None

    def blocks_with(self, style: str) -> set[int]:
        if self.blocks_by_style is None:
            index: dict[str, set[int]] = {}
            spans = self.spans
            for b, pieces in self.by_block.items():
                for _s, _e, i in pieces:
                    found = index.get(spans[i][2])
                    if found is None:
                        index[spans[i][2]] = {b}
                    else:
                        found.add(b)
            self.blocks_by_style = index
        return self.blocks_by_style.get(style, set())


def index_spans(spans: list[ReaderSpan], mapping: OffsetMap) -> dict[int, list[tuple[int, int, int]]]:
    """File each span under the blocks it covers, in block-local Qt positions."""
    by_block: dict[int, list[tuple[int, int, int]]] = {}
    starts = mapping._line_starts_qt
    last = len(starts) - 1
    qt_length = mapping.qt_length
    to_qt = mapping.to_qt if mapping.has_astral else None
    limit = mapping.length
    block, base, block_end = -1, 0, -1
    in_order = True
    for i, span in enumerate(spans):
        s, e = span[0], span[1]
        if e > limit:
            e = limit
        if s >= e or s < 0:
            continue
        qs, qe = (to_qt(s), to_qt(e)) if to_qt else (s, e)
        # Spans mostly come sorted: stay in the current block while they fit in it.
        if not (base <= qs < block_end + 1):
            block = bisect_right(starts, qs) - 1
            base = starts[block]
            block_end = starts[block + 1] - 1 if block < last else qt_length
        if qe <= block_end:  # the common case: within one paragraph
            pieces = by_block.get(block)
            if pieces is None:
                pieces = by_block[block] = []
            elif in_order and pieces[-1][0] > qs - base:
                in_order = False
            pieces.append((qs - base, qe - base, i))
            continue
        in_order = False
        for b, ls, le in mapping.split_by_block(qs, qe):
            by_block.setdefault(b, []).append((ls, le, i))
    if not in_order:
        for pieces in by_block.values():
            pieces.sort()
    return by_block


class SpanHighlighter(QSyntaxHighlighter):
    """Draws every visible layer; overlapping spans combine their styles."""

    def __init__(self, document: QTextDocument, registry: StyleRegistry) -> None:
        super().__init__(document)
        self.registry = registry
        self.layers: dict[str, Layer] = {}
        self.mapping = OffsetMap("")
        self.suspended = False
        self.pending_blocks: set[int] = set()   # still painted as before a type toggle
        self._run_left = 0                       # blocks left in the run being repainted
        self._visible_blocks: VisibleBlocks | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._repaint_pending)

    # ------------------------------------------------------------ layers
    def reset(self, mapping: OffsetMap) -> None:
        """A new text: all layers go (their owners set them again for the new article)."""
        self.mapping = mapping
        self.layers.clear()
        self._drop_pending()

    def rehighlight(self) -> None:
        self._drop_pending()   # every block is repainted now
        super().rehighlight()

    def set_layer(self, name: str, spans: Iterable[tuple], z: int) -> set[int]:
        """Replace a layer; returns the blocks whose painting changed."""
        # Kept as given (tuples are fine): 40,000 spans need no conversion.
        items = spans if isinstance(spans, list) else list(spans)
        old = self.layers.get(name)
        layer = Layer(name, z, items, index_spans(items, self.mapping),
                      old.visible if old else True)
        self.layers[name] = layer
        touched = set(layer.by_block)
        if old is not None:
            touched |= set(old.by_block)
        self._ordered = None
        return touched

    def remove_layer(self, name: str) -> set[int]:
        old = self.layers.pop(name, None)
        self._ordered = None
        return set(old.by_block) if old else set()

    def ordered_layers(self) -> list[Layer]:
        ordered = getattr(self, "_ordered", None)
        if ordered is None:
            ordered = sorted(self.layers.values(), key=lambda layer: layer.z)
            self._ordered = ordered
        return ordered

    def repaint_blocks(self, blocks: set[int]) -> None:
        if self.suspended or not blocks:
            return
        doc = self.document()
        if len(blocks) > FULL_REHIGHLIGHT_BLOCKS:
            self.rehighlight()
            return
        for b in sorted(blocks):
            block = doc.findBlockByNumber(b)
            if block.isValid():
                self.rehighlightBlock(block)

    # ------------------------------------------------------------ type toggles
    def blocks_with_style(self, key: str) -> set[int]:
        blocks: set[int] = set()
        for layer in self.layers.values():
            blocks |= layer.blocks_with(key)
        return blocks

    def repaint_style(self, key: str, visible_blocks: VisibleBlocks) -> None:
        """A style was shown or hidden: repaint the blocks that use it, those on screen
        at once, the rest in the following turns of the event loop. Lookups (hits_at)
        follow the registry at once; only painting is spread out."""
        blocks = self.blocks_with_style(key)
        if self.suspended or not blocks:
            return
        self._visible_blocks = visible_blocks
        self.pending_blocks |= blocks
        if len(self.pending_blocks) <= TOGGLE_AT_ONCE_BLOCKS:
            self._repaint_runs(self._take_pending(len(self.pending_blocks)))
            return
        first, last = visible_blocks()
        self._repaint_runs({b for b in self.pending_blocks if first <= b <= last})
        self.pending_blocks -= set(range(first, last + 1))
        if self.pending_blocks:
            self._timer.start()

    def _take_pending(self, count: int) -> set[int]:
        """The `count` pending blocks nearest the screen (below it first)."""
        if self._visible_blocks is None or count >= len(self.pending_blocks):
            taken = set(self.pending_blocks)
        else:
            first, last = self._visible_blocks()
            distance = (lambda b: 0 if first <= b <= last
                        else (b - last if b > last else 2 * (first - b)))
            taken = set(sorted(self.pending_blocks, key=distance)[:count])
        self.pending_blocks -= taken
        return taken

    def _repaint_pending(self) -> None:
        if self.suspended or not self.pending_blocks:
            return
        self._repaint_runs(self._take_pending(TOGGLE_CHUNK_BLOCKS))
        if self.pending_blocks:
            self._timer.start()

    def _repaint_runs(self, blocks: set[int]) -> None:
        """Repaint blocks a run of neighbours at a time: each rehighlightBlock() call is one
        edit of the document (~0.1 ms on a long one), so one call per run, not per block."""
        doc = self.document()
        ordered = sorted(blocks)
        i = 0
        while i < len(ordered):
            j = i
            while j + 1 < len(ordered) and ordered[j + 1] - ordered[j] <= RUN_GAP:
                j += 1
            block = doc.findBlockByNumber(ordered[i])
            if block.isValid():
                self._run_left = ordered[j] - ordered[i]
                try:
                    self.rehighlightBlock(block)
                finally:
                    self._run_left = 0
            i = j + 1

    def _drop_pending(self) -> None:
        self.pending_blocks.clear()
        self._visible_blocks = None
        self._timer.stop()

    # ------------------------------------------------------------ lookups
    def hits_at(self, qt_position: int) -> list[Hit]:
        """Every visible span under a Qt position, top layer first."""
        mapping = self.mapping
        block = mapping.block_of_qt(qt_position)
        if block < 0:
            return []
        local = qt_position - mapping.block_start_qt(block)
        hidden = self.registry.hidden
        found: list[Hit] = []
        for layer in reversed(self.ordered_layers()):
            if not layer.visible:
                continue
            for ls, le, i in layer.by_block.get(block, ()):
                if ls > local:
                    break
                span = layer.spans[i]
                if local < le and span[2] not in hidden:
                    found.append(Hit(layer.name, as_span(span)))
        return found

    # ------------------------------------------------------------ painting
    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt's name)
        if self._run_left > 0:
            # A changed block state makes Qt go on to the next block in the same call.
            self._run_left -= 1
            self.setCurrentBlockState(0 if self.currentBlockState() != 0 else 1)
        if self.suspended or not self.layers:
            return
        number = self.currentBlock().blockNumber()
        hidden = self.registry.hidden
        pieces: list[tuple[int, int, str]] = []
        layers_seen = 0
        for layer in self.ordered_layers():
            if not layer.visible:
                continue
            found = layer.by_block.get(number)
            if found:
                layers_seen += 1
                spans = layer.spans
                for ls, le, i in found:
                    style = spans[i][2]
                    if style not in hidden:
                        pieces.append((ls, le, style))
        if not pieces:
            return
        fmt = self.registry.format
        if layers_seen == 1:
            # One layer, sorted by start: paint directly unless its spans overlap.
            end = -1
            for ls, le, _style in pieces:
                if ls < end:
                    break
                end = le
            else:
                set_format = self.setFormat
                for ls, le, style in pieces:
                    set_format(ls, le - ls, fmt(style))
                return
        self._paint_overlapping(pieces)

    def _paint_overlapping(self, pieces: list[tuple[int, int, str]]) -> None:
        """Sweep the block's piece boundaries; each stretch gets the merged styles covering
        it, in layer order (pieces arrive ordered by layer z)."""
        order = {id(p): n for n, p in enumerate(pieces)}
        bounds = sorted({p[0] for p in pieces} | {p[1] for p in pieces})
        by_start = sorted(pieces, key=lambda p: p[0])
        active: list[tuple[int, int, str]] = []
        nxt = 0
        registry = self.registry
        for a, b in zip(bounds, bounds[1:]):
            while nxt < len(by_start) and by_start[nxt][0] <= a:
                active.append(by_start[nxt])
                nxt += 1
            active = [p for p in active if p[1] > a]
            if not active:
                continue
            if len(active) == 1:
                self.setFormat(a, b - a, registry.format(active[0][2]))
                continue
            keys = tuple(p[2] for p in sorted(active, key=lambda p: order[id(p)]))
            self.setFormat(a, b - a, registry.merged(keys))
