"""A parsed document as the attribution rules read it, with the lookups they repeat made
cheap: spaCy's `Doc.text` and `Doc.ents` rebuild a string or a tuple from every token on
each access, so rules asking for them once per attribution cost (attributions x tokens):
76 s of rules for a 50 KB article. Here the text and the entities are read once, and the
tokens and entities within a range of characters are found by bisection.

Everything else (iteration, indexing, len, char_span, sents) is the Doc's own.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any


class RuleDoc:
    """Wraps one spaCy Doc for the attribution rules; tokens keep pointing at the Doc."""

    __slots__ = ("doc", "text", "ents", "_token_starts", "_ent_ends")

    def __init__(self, doc: Any) -> None:
        if isinstance(doc, RuleDoc):
            doc = doc.doc
        self.doc = doc
        self.text: str = doc.text
        self.ents: tuple[Any, ...] = tuple(doc.ents)
        self._token_starts: list[int] | None = None
        self._ent_ends: list[int] | None = None

    # --- the Doc's own behaviour
    def __iter__(self) -> Any:
        return iter(self.doc)

    def __len__(self) -> int:
        return len(self.doc)

    def __getitem__(self, key: Any) -> Any:
        return self.doc[key]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.doc, name)

    # --- lookups by character range
    def tokens_in(self, lo: int, hi: int) -> list[Any]:
        """Tokens starting at lo <= idx < hi, in order."""
        if self._token_starts is None:
            self._token_starts = [t.idx for t in self.doc]
        starts = self._token_starts
        first, last = bisect_left(starts, lo), bisect_left(starts, hi)
        return list(self.doc[first:last]) if first < last else []

    def ents_overlapping(self, lo: int, hi: int) -> list[Any]:
        """Entities with start < hi and lo < end (entities never overlap each other, so
        their ends are in order too)."""
        if self._ent_ends is None:
            self._ent_ends = [e.end_char for e in self.ents]
        out = []
        for i in range(bisect_right(self._ent_ends, lo), len(self.ents)):
            e = self.ents[i]
            if e.start_char >= hi:
                break
            out.append(e)
        return out
