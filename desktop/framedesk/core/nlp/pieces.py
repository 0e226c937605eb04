"""Cutting a long article into pieces the pipeline parses one at a time.

spaCy refuses a text over `max_length` (E088), a parse needs memory in proportion to its
text, and several of the attribution rules compare every attribution of a document with
every quotation, so one 50 MB document would be slow and large. Pieces of at most `limit`
characters keep each of those bounded, so an article costs time in proportion to its
length. Every article shorter than the limit is one piece: its results are the same as
unchunked.

A cut goes, in order of preference, after a blank line, after a line break (an attribution
never runs across a line: attribution.py makes every line break a sentence start, and a
quotation still open at a line's end closes there), after a sentence end outside a
quotation, after any sentence end, after a space, and only where there is none of those
exactly at the limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from framedesk.core.progress import Progress
    from framedesk.core.store.project import Project

# A piece this long parses in well under a second per 10 KB and a few hundred MB at most;
# a news article is a few KB, a long feature under 60 KB.
DEFAULT_LIMIT = 100_000

# A quotation mark, or a sentence end (with a closing mark after it) and the space after.
_QUOTE_OR_END = re.compile(r"[\"“”„«»]|[.!?][\"”’»)]?\s")
_OPENING, _CLOSING = "“„«", "”»"
# Characters between two progress reports during entities and suggestions (a few seconds).
PROGRESS_EVERY = 200_000


def text_pieces(text: str, limit: int = DEFAULT_LIMIT) -> Iterator[tuple[str, int, bool]]:
    """(piece, its offset in `text`, whether it is the last), the pieces joined giving the
    text back exactly; a text within the limit is one piece."""
    limit = max(limit, 2)
    start, n = 0, len(text)
    while n - start > limit:
        cut = _cut(text, start, limit)
        yield text[start:start + cut], start, False
        start += cut
    yield text[start:], start, True


def _cut(text: str, start: int, limit: int) -> int:
    """Length of the next piece: the best place to cut in its second half."""
    window = text[start:start + limit]
    floor = limit // 2
    for mark in ("\n\n", "\n"):
        at = window.rfind(mark, floor)
        if at >= 0:
            return at + len(mark)
    outside, anywhere = _sentence_ends(window, floor)
    if outside > 0:
        return outside
    if anywhere > 0:
        return anywhere
    at = window.rfind(" ", floor)
    return at + 1 if at >= 0 else limit


def _sentence_ends(window: str, floor: int) -> tuple[int, int]:
    """The last sentence end at or after `floor` outside a quotation, and the last one at
    all (-1 when none), reading the quotation marks from the window's start."""
    open_quote = False
    outside = anywhere = -1
    for m in _QUOTE_OR_END.finditer(window):
        for ch in m.group():
            if ch == '"':
                open_quote = not open_quote
            elif ch in _OPENING:
                open_quote = True
            elif ch in _CLOSING:
                open_quote = False
        if len(m.group()) > 1 and m.end() >= floor:
            anywhere = m.end()
            if not open_quote:
                outside = m.end()
    return outside, anywhere


def total_characters(project: Project, ids: Sequence[int], chunk: int = 500) -> int:
    """The length of these articles' texts together: what progress over them counts, so
    one long article moves the bar as much as many short ones of the same total."""
    total = 0
    for i in range(0, len(ids), chunk):
        part = list(ids[i:i + chunk])
        marks = ",".join("?" * len(part))
        total += project.db.execute(
            f"SELECT COALESCE(SUM(length(text)), 0) FROM articles WHERE id IN ({marks})",
            part).fetchone()[0]
    return total


class CharacterSteps:
    """Progress in characters, reported every `every` characters (and by flush): a million
    tiny articles do not send a million updates to the window, a 50 MB one still moves
    the bar, and Cancel is noticed within a piece or two."""

    __slots__ = ("progress", "every", "pending")

    def __init__(self, progress: Progress, every: int | None = None) -> None:
        self.progress, self.every, self.pending = progress, every or PROGRESS_EVERY, 0

    def __call__(self, characters: int) -> None:
        self.pending += characters
        if self.pending >= self.every:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            done, self.pending = self.pending, 0
            self.progress.step(done)
