"""Normalise an imported text the way the store does, and carry span offsets along.

Other tools' files point into the text as they saved it (CRLF, no-break spaces, three blank
lines, trailing blanks). The store keeps `normalise_text(text)`, so every imported offset must
be moved onto the normalised text, or the spans drift: this module does both in one pass.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from framedesk.core.textnorm import normalise_text

_SPACE_LIKE = frozenset("\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u3000")
_TRAILING_WS = re.compile(r"[ \t]+\n")
_MANY_BLANK = re.compile(r"\n{3,}")


@dataclass(frozen=True, slots=True)
class TextMap:
    """`text` is normalised; `starts[i]` is where original character i landed in it."""

    text: str
    starts: tuple[int, ...]   # one entry per original character, plus one for the end

    def at(self, old: int) -> int:
        """Where original offset `old` lands (a dropped character: at the next kept one)."""
        return self.starts[max(0, min(old, len(self.starts) - 1))]

    def span(self, start: int, end: int) -> tuple[int, int]:
        s = self.at(start)
        return (s, max(s, self.at(end)))



def normalise_with_map(text: str) -> TextMap:
    """The store's normalised text and a map from every original offset into it."""
    target = normalise_text(text)
    if target == text:
        return TextMap(text, tuple(range(len(text) + 1)))
    # Steps of normalise_text, each as (new text, old index -> new index) so they compose.
    positions = list(range(len(text) + 1))
    cur = text

    def apply(new: str, mapping: list[int]) -> None:
        nonlocal cur, positions
        positions = [mapping[p] for p in positions]
        cur = new

    apply(*_replace_line_endings(cur))
    if not unicodedata.is_normalized("NFC", cur):
        apply(*_nfc(cur))
    apply("".join(" " if c in _SPACE_LIKE else c for c in cur), list(range(len(cur) + 1)))
    apply(*_sub_keep(cur, _TRAILING_WS, "\n"))
    apply(*_sub_keep(cur, _MANY_BLANK, "\n\n"))
    apply(*_strip(cur))
    if cur != target:  # a rule of normalise_text this module does not know yet
        raise ValueError("normalisation map out of step with normalise_text")
    return TextMap(cur, tuple(positions))


def _replace_line_endings(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    mapping: list[int] = []
    i = 0
    while i < len(text):
        c = text[i]
        mapping.append(len(out))
        if c == "\r":
            if i + 1 < len(text) and text[i + 1] == "\n":
                mapping.append(len(out))  # the \n of \r\n folds into the same newline
                i += 1
            out.append("\n")
        else:
            out.append(c)
        i += 1
    mapping.append(len(out))
    return "".join(out), mapping


def _nfc(text: str) -> tuple[str, list[int]]:
    """NFC per base character and its combining marks, so each cluster maps as a unit."""
    out: list[str] = []
    mapping: list[int] = []
    length = 0
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        for k in range(i, j):
            mapping.append(length + min(k - i, len(cluster) - 1) if k > i else length)
        out.append(cluster)
        length += len(cluster)
        i = j
    mapping.append(length)
    return "".join(out), mapping


def _sub_keep(text: str, pattern: re.Pattern[str], repl: str) -> tuple[str, list[int]]:
    """re.sub with a map: characters of a match map onto its (shorter) replacement."""
    out: list[str] = []
    mapping: list[int] = []
    last = 0
    length = 0
    for m in pattern.finditer(text):
        for _ in range(last, m.start()):
            mapping.append(length)
            length += 1
        out.append(text[last:m.start()])
        # The match shrinks to `repl`; keep the tail of the match aligned with its tail.
        n = m.end() - m.start()
        for k in range(n):
            mapping.append(length + max(0, len(repl) - (n - k)))
        out.append(repl)
        length += len(repl)
        last = m.end()
    for _ in range(last, len(text)):
        mapping.append(length)
        length += 1
    out.append(text[last:])
    mapping.append(length)
    return "".join(out), mapping


def _strip(text: str) -> tuple[str, list[int]]:
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    size = len(stripped)
    mapping = [min(max(i - lead, 0), size) for i in range(len(text) + 1)]
    return stripped, mapping


def utf16_to_index(text: str) -> list[int]:
    """Code-unit offset -> code-point index, for formats that count UTF-16 (WebAnno, UIMA)."""
    units = [0]
    for c in text:
        units.append(units[-1] + (2 if ord(c) > 0xFFFF else 1))
    return units


def index_of_utf16(units: list[int], offset: int) -> int:
    return bisect_right(units, offset) - 1
