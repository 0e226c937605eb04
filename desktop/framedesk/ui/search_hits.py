"""Where the words of a project search occur in the opened article (the "search" layer).

The same matcher that finds articles not yet in the search index
(framedesk.core.store.search) marks the hits: every word case-insensitively and without
its diacritics as a whole word, the last one also as a prefix ("negot" finds "negotiate"),
so what the list found is what the reader shows.
"""

from __future__ import annotations

from framedesk.core.store.search import matcher_for, search_words
from framedesk.ui.reader.highlighter import ReaderSpan

MAX_HITS = 20000


def search_terms(query: str) -> list[str]:
    return search_words(query)


def search_spans(text: str, query: str) -> list[ReaderSpan]:
    if not search_words(query):
        return []
    return [ReaderSpan(start, end, "search", text[start:end])
            for start, end in matcher_for(query).spans(text, MAX_HITS)]
