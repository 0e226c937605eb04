"""THE one place where core offsets (Python code points) meet Qt positions (UTF-16 units).

A character outside the Basic Multilingual Plane ('😀', '𝕏', '𠀋') is one code point but two
UTF-16 code units, so every position after it differs by one more. We keep the sorted code
point positions of those characters and answer each conversion with one binary search:
O(log k) per call after one regex pass over the text, and O(1) for the common all-BMP text.

Line endings are LF only (the core normalises text on import): Qt turns each LF (and each
U+2029 paragraph separator) into a block separator that also counts as one position, so
blocks are the text's lines and no other correction is needed.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
_BLOCK_BREAK = re.compile("[\n\u2029]")


class OffsetMap:
    """Converts between code point offsets and Qt (UTF-16) positions for one text."""

    __slots__ = ("_astral_cp", "_astral_qt", "length", "qt_length", "_line_starts_qt")

    def __init__(self, text: str) -> None:
        self.length = len(text)
        if text.isascii():
            cps: list[int] = []
        else:
            cps = [m.start() for m in _ASTRAL.finditer(text)]
        self._astral_cp = cps
        # Qt position of each astral character's first code unit.
        self._astral_qt = [cp + i for i, cp in enumerate(cps)]
        self.qt_length = self.length + len(cps)
        line_starts = [0]
        if "\u2029" in text:
            # Qt also starts a new block at a paragraph separator (U+2029).
            line_starts.extend(m.end() for m in _BLOCK_BREAK.finditer(text))
        else:
            find = text.find
            pos = find("\n")
            while pos != -1:
                line_starts.append(pos + 1)
                pos = find("\n", pos + 1)
        self._line_starts_qt = [self.to_qt(p) for p in line_starts] if cps else line_starts

    @property
    def has_astral(self) -> bool:
        return bool(self._astral_cp)

    def to_qt(self, offset: int) -> int:
        """Code point offset -> Qt position."""
        if not self._astral_cp:
            return offset
        return offset + bisect_left(self._astral_cp, offset)

    def from_qt(self, position: int) -> int:
        """Qt position -> code point offset. A position inside a surrogate pair rounds down
        to the character it belongs to, so a selection never splits an emoji."""
        if not self._astral_qt:
            return position
        return position - bisect_left(self._astral_qt, position)

    def from_qt_end(self, position: int) -> int:
        """Like from_qt, but a position inside a surrogate pair rounds up (for span ends)."""
        if not self._astral_qt:
            return position
        i = bisect_left(self._astral_qt, position)
        if i and self._astral_qt[i - 1] + 1 == position:
            return position - i + 1
        return position - i

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def span_from_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.from_qt(start), self.from_qt_end(end)

    # ------------------------------------------------------------ blocks
    @property
    def block_count(self) -> int:
        return len(self._line_starts_qt)

    def block_start_qt(self, block: int) -> int:
        return self._line_starts_qt[block]

    def block_of_qt(self, position: int) -> int:
        """The block (line) holding a Qt position."""
        return bisect_right(self._line_starts_qt, position) - 1

    def split_by_block(self, qt_start: int, qt_end: int) -> Iterator[tuple[int, int, int]]:
        """(block, start within block, end within block) pieces of a Qt range, which may
        cross line breaks. Block-local positions are what QSyntaxHighlighter.setFormat takes."""
        block = self.block_of_qt(qt_start)
        starts = self._line_starts_qt
        last = len(starts) - 1
        while qt_start < qt_end:
            base = starts[block]
            # The separator after a block belongs to no block's text.
            block_end = starts[block + 1] - 1 if block < last else self.qt_length
            piece_end = min(qt_end, block_end)
            if piece_end > qt_start:
                yield block, qt_start - base, piece_end - base
            if block >= last:
                break
            block += 1
            qt_start = max(qt_start, starts[block])


def utf16_length(text: str) -> int:
    """How many Qt positions a string occupies."""
    return len(text) + sum(1 for _ in _ASTRAL.finditer(text)) if not text.isascii() else len(text)


def spans_to_qt(mapping: OffsetMap, spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    return [mapping.span_to_qt(s, e) for s, e in spans]
