"""CSV files of articles, one per row, as scrapers and spreadsheets save them.

The text column is found by its name (text, body, content, article...), title, URL, outlet,
date and author by theirs; every other column is kept as extra metadata. A headline given in
its own column is put on the first line of the article's text, as for scraped text, so it can
be annotated too.

Quoting is read as the csv module writes it and pandas reads it (RFC 4180: a quote inside a
quoted cell is doubled). Only the delimiter is guessed, from the header line alone, by
counting comma, semicolon, tab and bar outside quotes: csv.Sniffer also guesses quoting
rules, and on a header with no quotes it decides `doublequote=False`, which cuts every
article at its first `""`. A `.tsv` file is tab-separated without guessing.

Framedesk's own CSV export (articles.csv with annotations.csv beside it) is read back with
its annotations by csv_folder.py; annotations.csv on its own is refused with a sentence.
"""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator
from pathlib import Path

from framedesk.core.errors import InputError, UnreadableFile
from framedesk.core.exchange import csv_folder
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
    reader = csv.reader(io.StringIO(text, newline=""), _dialect(text, path))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise UnreadableFile(path, f"no header row ({exc})" if str(exc) else "no header row")
    keys = [_key(h) for h in header]
    if csv_folder.is_annotations_header(keys):
        raise UnreadableFile(path, "this is the annotations.csv of a Framedesk CSV export; "
                                   "import the folder, or the articles file beside it, to "
                                   "bring the annotations back with their articles")
    if csv_folder.is_articles_header(keys):
        yield from csv_folder.read_export(path, header, reader)
        return
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
    for line, row in csv_folder.data_rows(reader, path):
        if len(row) > len(header):
            yield UnreadableFile(path, f"this row has {len(row)} cells but the header names "
                                       f"{len(header)} columns (a delimiter or quote is "
                                       "missing); fix the row and import the file again", line)
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


class _Delimited(csv.excel):
    """The csv module's standard dialect (doubled quotes, minimal quoting), one delimiter."""


def _dialect(text: str, path: Path | None = None) -> type[csv.Dialect]:
    if path is not None and path.suffix.lower() == ".tsv":
        return csv.excel_tab
    delimiter = header_delimiter(text)
    if delimiter == ",":
        return csv.excel
    return type("_Delimited", (_Delimited,), {"delimiter": delimiter})


def header_delimiter(text: str) -> str:
    """The delimiter the header line uses most often outside quotes; a comma when none."""
    counts = dict.fromkeys(_DELIMITERS, 0)
    quoted = False
    for ch in text[:64 * 1024]:
        if ch == '"':
            quoted = not quoted   # a doubled quote toggles twice: still right
        elif not quoted:
            if ch == "\n":
                break
            if ch in counts:
                counts[ch] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])   # ties: the earlier, so comma first
    return best if counts[best] else ","


def looks_like_csv(path: Path, text: str) -> bool:
    """A header row naming a text column, split by a delimiter."""
    first = text.split("\n", 1)[0]
    if not any(d in first for d in _DELIMITERS):
        return False
    try:
        header = next(csv.reader([first], _dialect(text, path)))
    except (csv.Error, StopIteration):
        return False
    keys = [_key(h) for h in header]
    return any(k in TEXT_COLUMNS for k in keys) or csv_folder.is_annotations_header(keys)


CSV = register_importer(ImportFormat(
    name="csv", suffixes=(".csv", ".tsv"), read=read_csv, sniff=looks_like_csv, generic=True,
    companions=csv_folder.annotations_beside))
