"""Saved web pages (.html): the article's main text and metadata, without the page around it.

Extraction is trafilatura's (a maintained library that finds the main text, title, author,
date and site name of news pages). Only files that are HTML are parsed: tags written inside
plain-text or JSONL article text are the article's own characters and stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from framedesk.core.errors import InputError, UnreadableFile
from framedesk.core.exchange.registry import ImportFormat, register_importer
from framedesk.core.model import ArticleDraft

_HTML_START = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
                         r"(?:<!doctype\s+html|<html\b|<head\b|<body\b)", re.IGNORECASE | re.DOTALL)
MIN_WORDS = 5


def read_html(path: Path, text: str) -> Iterator[ArticleDraft | InputError]:
    import trafilatura  # imported on first use: it takes a while and most imports are not HTML

    doc = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": True, "original_date": True,
                                "outputformat": "%Y-%m-%dT%H:%M:%S%z"})
    body = (doc.text or "").strip() if doc is not None else ""
    if len(body.split()) < MIN_WORDS:
        raise UnreadableFile(path, "no article text was found in this web page")
    title = " ".join((doc.title or "").split())
    paragraphs = [" ".join(p.split()) for p in body.split("\n") if p.strip()]
    if title and paragraphs and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    article = "\n\n".join(([title] if title else []) + paragraphs)
    yield ArticleDraft(
        text=article, title=title, raw=text, outlet=doc.sitename or doc.hostname or None,
        url=doc.url or None, author=doc.author or None, published=_iso(doc.date),
        language=doc.language or None, source_file=str(path))


def _iso(stamp: str | None) -> str | None:
    """The page's publication time as the text importer writes it (2023-11-04T13:03-04:00);
    a page that gives only a day comes back at midnight without a zone: keep just the day."""
    if not stamp:
        return None
    try:
        when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        try:
            when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S")
        except ValueError:
            return stamp
        if (when.hour, when.minute, when.second) == (0, 0, 0):
            return when.strftime("%Y-%m-%d")
        return when.strftime("%Y-%m-%dT%H:%M")
    return when.isoformat(timespec="minutes")


def looks_like_html(path: Path, text: str) -> bool:
    return bool(_HTML_START.match(text[:2048]))


HTML = register_importer(ImportFormat(
    name="html", suffixes=(".html", ".htm", ".xhtml"), read=read_html, sniff=looks_like_html,
    generic=True))
