"""CSV files of articles, one per row, as scrapers and spreadsheets save them.

The text column is found by its name (text, body, content, article...), title, URL, outlet,
date and author by theirs; every other column is kept as extra metadata. The delimiter
(comma, semicolon, tab) is detected. A headline given in its own column is put on the first
line of the article's text, as for scraped text, so it can be annotated too.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from framedesk.core.errors import InputError, UnreadableFile
from framedesk.core.exchange.registry import ImportFormat, register_importer
from framedesk.core.model import ArticleDraft

LINE_KEY = "_line"
TEXT_COLUMNS = ("text", "body", "content", "article", "article_text", "articletext",
                "full_text", "fulltext", "story", "maintext", "main_text", "body_text",
                "article_body", "articlebody", "texte", "inhalt")
COLUMN_NAMES = {
    "title": ("title", "headline", "heading", "titel", "titre"),
    "url": ("url", "link", "uri", "href", "address"),
    "outlet": ("outlet", "source", "publisher", "site", "sitename", "site_name", "domain",
               "media", "newspaper", "publication", "medium"),
    "published": ("published", "date", "published_at", "pub_date", "publish_date",
                  "publication_date", "datetime", "date_published", "time", "timestamp"),
    "author": ("author", "authors", "byline", "by", "writer"),
    "language": ("language", "lang"),
}
_DELIMITERS = ",;\t|"


def _key(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").split())


def read_csv(path: Path, text: str) -> Iterator[ArticleDraft | InputError]:
    csv.field_size_limit(sys.maxsize)  # whole articles sit in one field
    dialect = _dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise UnreadableFile(path, f"no header row ({exc})" if str(exc) else "no header row")
    keys = [_key(h) for h in header]
    text_col = next((keys.index(k) for k in TEXT_COLUMNS if k in keys), None)
    if text_col is None:
        shown = ", ".join(h.strip() for h in header[:10] if h.strip()) or "none"
        raise UnreadableFile(path, "no text column (name one of the columns text, body, "
                                   f"content or article; the columns are: {shown})")
    mapped = {}
    for field_name, names in COLUMN_NAMES.items():
        found = next((keys.index(n) for n in names if n in keys), None)
        if found is not None and found != text_col and found not in mapped.values():
            mapped[field_name] = found
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise UnreadableFile(path, f"broken CSV ({exc})", reader.line_num) from None
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if text_col >= len(row) or not row[text_col].strip():
            yield UnreadableFile(path, f"the {header[text_col].strip()!r} column is empty", line)
            continue
        values = {f: row[i].strip() for f, i in mapped.items() if i < len(row) and row[i].strip()}
        extra = {header[i].strip() or f"column_{i + 1}": cell for i, cell in enumerate(row)
                 if i != text_col and i not in mapped.values() and cell.strip()}
        body = row[text_col].strip()
        title = values.pop("title", "")
        if title and not body.startswith(title):
            body = f"{title}\n\n{body}"
        draft = ArticleDraft(text=body, title=title, **values, extra=extra)
        draft.extra[LINE_KEY] = line
        yield draft


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = text[:64 * 1024]
    try:
        return csv.Sniffer().sniff(sample.split("\n", 1)[0] or sample, delimiters=_DELIMITERS)
    except csv.Error:
        return csv.excel


def looks_like_csv(path: Path, text: str) -> bool:
    """A header row naming a text column, split by a delimiter."""
    first = text.split("\n", 1)[0]
    if not any(d in first for d in _DELIMITERS):
        return False
    try:
        header = next(csv.reader([first], _dialect(text)))
    except (csv.Error, StopIteration):
        return False
    return any(_key(h) in TEXT_COLUMNS for h in header)


CSV = register_importer(ImportFormat(
    name="csv", suffixes=(".csv", ".tsv"), read=read_csv, sniff=looks_like_csv, generic=True))
