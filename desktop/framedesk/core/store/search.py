"""What a search finds, in the words of the FTS5 index and without it.

The project's search index (`articles_fts`, FTS5 with `unicode61 remove_diacritics 2`) is
built after an import, not during it (see ArticleStore.index_pending). Until then the
articles listed in `fts_pending` are searched by `SearchMatcher`, a regex per query that
agrees with FTS5 on what a user types:

- the words of the query are ANDed; each word must occur whole, the last one may be a prefix
  ("negot" finds "negotiate");
- case-insensitive, and Latin letters match without their diacritics as FTS5's
  `remove_diacritics 2` folds them ("zelensky" finds "Zélensky"; "ł", "ø" and Greek
  accented letters have no ASCII base and stay as they are, as in FTS5);
- tokens are runs of letters and digits: "don't" or "well-known" is a phrase of two tokens
  that must follow each other (any punctuation between them), "_" separates tokens;
- each word may match in the title or in the text, a multi-token word within one of them.

Known differences from FTS5, all rare in news text: characters newer than Unicode 6.1 and
private-use characters (FTS5 counts the latter as letters), a combining accent that follows
a letter inside a word (text is NFC-normalised on import, so precomposed letters are the
rule), and Python's case folding of a few special letters (the Kelvin sign, long s).

`SearchMatcher.spans()` gives the same hits as positions, for highlighting the opened article.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from functools import lru_cache

WORD = re.compile(r"\w[\w'-]*", re.UNICODE)    # what counts as one typed word
TOKEN = re.compile(r"[^\W_]+", re.UNICODE)      # FTS5 unicode61 token: letters and digits
TOKEN_CHAR = r"[^\W_]"
SEPARATORS = r"[\W_]+"
SQL_FUNCTION = "framedesk_search"              # framedesk_search(query, title, text) -> 0/1


def search_words(text: str) -> list[str]:
    """The words of what a user typed, as the index and the fallback both read them."""
    return WORD.findall(text)


def fts_query(text: str) -> str:
    """Turn what a user types into a safe FTS5 query: each word quoted, prefix on the last."""
    words = search_words(text)
    if not words:
        return ""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def fold(token: str) -> str:
    """Lower case, and a Latin letter with diacritics becomes its ASCII base letter."""
    return "".join(_fold_char(c) for c in token)


def _fold_char(c: str) -> str:
    if c.isascii():
        return c.lower()
    decomposed = unicodedata.normalize("NFD", c)
    base = decomposed[0]
    if (len(decomposed) > 1 and base.isascii() and base.isalpha()
            and all(unicodedata.combining(m) for m in decomposed[1:])):
        return base.lower()
    for folded in (c.casefold(), c.lower()):  # FTS5 uses simple (one-letter) case folding
        if len(folded) == 1:
            return folded
    return c


@lru_cache(maxsize=1)
def _fold_classes() -> dict[str, str]:
    """For each folded letter, a regex class of every character that folds to it (so the
    patterns need no IGNORECASE, whose Turkish-i rules differ from FTS5's folding)."""
    members: dict[str, list[str]] = {}
    for code in range(0x30, 0x2200):  # ASCII to Letterlike Symbols: Latin, Greek, Cyrillic...
        c = chr(code)
        if c.isalnum():
            members.setdefault(_fold_char(c), []).append(c)
    return {k: "[" + "".join(re.escape(c) for c in v) + "]" for k, v in members.items()
            if len(v) > 1}


def _char_pattern(folded: str) -> str:
    known = _fold_classes().get(folded)
    if known:
        return known
    variants = {folded} | {v for v in (folded.upper(), folded.title())
                           if len(v) == 1 and _fold_char(v) == folded}
    if len(variants) == 1:
        return re.escape(folded)
    return "[" + "".join(re.escape(v) for v in sorted(variants)) + "]"


def _phrase_pattern(tokens: list[str], prefix: bool) -> str:
    """Tokens one after another (any separators between), whole unless `prefix`.

    The first letter comes before the check that no letter precedes it: a pattern that
    starts with a character class lets Python's re skip ahead to candidates, which made
    a search over 10,000 articles about 6x faster than a leading look-behind."""
    chars = [_char_pattern(c) for c in fold(tokens[0])]
    body = SEPARATORS.join("".join(_char_pattern(c) for c in fold(t)) for t in tokens[1:])
    first = chars[0]
    pattern = f"{first}(?<!{TOKEN_CHAR}{first})" + "".join(chars[1:])
    if body:
        pattern += SEPARATORS + body
    # A prefix takes in the rest of its word, so a highlight covers "negotiate", not "negot".
    return pattern + (f"{TOKEN_CHAR}*" if prefix else f"(?!{TOKEN_CHAR})")


class SearchMatcher:
    """One query, compiled: does an article match, and where."""

    def __init__(self, query: str) -> None:
        words = search_words(query)
        phrases: list[str] = []
        for i, word in enumerate(words):
            tokens = TOKEN.findall(word)
            if not tokens:
                continue  # "__": FTS5 drops an empty phrase from the query too
            phrases.append(_phrase_pattern(tokens, prefix=i == len(words) - 1))
        self.patterns = [re.compile(p) for p in phrases]
        self._any = re.compile("|".join(f"(?:{p})" for p in phrases)) if phrases else None

    @property
    def empty(self) -> bool:
        """A query without any letters or digits finds nothing (as in FTS5)."""
        return not self.patterns

    def matches(self, title: str | None, text: str | None) -> bool:
        if not self.patterns:
            return False
        title, text = title or "", text or ""
        return all(p.search(title) or p.search(text) for p in self.patterns)

    def spans(self, text: str, limit: int = 20000) -> list[tuple[int, int]]:
        """Where any word of the query occurs in `text` (start, end: str indices)."""
        if self._any is None:
            return []
        out = []
        for m in self._any.finditer(text):
            if m.end() > m.start():
                out.append((m.start(), m.end()))
                if len(out) >= limit:
                    break
        return out


@lru_cache(maxsize=32)
def matcher_for(query: str) -> SearchMatcher:
    return SearchMatcher(query)


def _sql_search(query: str | None, title: str | None, text: str | None) -> int:
    if not query:
        return 0
    return int(matcher_for(query).matches(title, text))


def register_search_function(conn: sqlite3.Connection) -> None:
    """framedesk_search(query, title, text) on this connection: 1 if the article matches."""
    conn.create_function(SQL_FUNCTION, 3, _sql_search, deterministic=True)
