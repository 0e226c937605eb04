"""Where the words of a project search occur in the opened article (the "search" layer).

Mirrors how the store searches (framedesk.core.store.articles.fts_query): every word
case-insensitively at the start of a word, the last one also as a prefix ("negot" finds
"negotiate"), so what the list found is what the reader shows.
"""

from __future__ import annotations

import re

from framedesk.ui.reader.highlighter import ReaderSpan

WORD = re.compile(r"\w[\w'-]*", re.UNICODE)
MAX_HITS = 20000


def search_terms(query: str) -> list[str]:
    return WORD.findall(query)


def search_spans(text: str, query: str) -> list[ReaderSpan]:
    terms = search_terms(query)
    if not terms:
        return []
    whole = [re.escape(t) for t in terms[:-1]]
    last = re.escape(terms[-1]) + r"[\w'-]*"
    alternatives = sorted(whole, key=len, reverse=True) + [last]
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])",
                         re.IGNORECASE | re.UNICODE)
    spans = []
    for m in pattern.finditer(text):
        spans.append(ReaderSpan(m.start(), m.end(), "search", m.group(0)))
        if len(spans) >= MAX_HITS:
            break
    return spans
