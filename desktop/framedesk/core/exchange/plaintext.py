"""Scraped plain-text articles, cleaned the way an analyst would before coding them.

A scraper's text file is the article plus page debris: a breadcrumb glued to the headline
("NewsKyiv to negotiate..."), the headline repeated in other forms, image credits, an
editor's initials, a date line, "Related content" at the end. The cleaned article's `text`
(what annotations point into) is the headline, a blank line, then the body paragraphs;
debris that carries information (the date, a byline) goes into metadata, and the untouched
original is kept in `raw`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from framedesk.core.exchange.datelines import parse_dateline
from framedesk.core.exchange.registry import ImportFormat, register_importer
from framedesk.core.model import ArticleDraft
from framedesk.core.textnorm import normalise_text

# Section names scrapers pick up from navigation and glue onto the headline.
BREADCRUMBS = (
    "News", "Latest", "World", "Europe", "Politics", "Business", "Economy", "Opinion",
    "Analysis", "US", "UK", "International", "National", "Local", "Breaking", "Live",
    "Sport", "Sports", "Tech", "Technology", "Science", "Health", "Culture", "Home",
    "Russia", "Ukraine", "War", "Middle East", "Asia", "Africa", "Americas",
)
_CREDIT = re.compile(
    r"^\s*(?:\(?\s*)?(?:images?|photos?|pictures?|pics?|fotos?|video)\s*(?:source|credits?|by)?\s*[:：]"
    r"|^\s*(?:credits?|image credits?|photo credits?|source of (?:the )?image)\s*[:：]"
    r"|^\s*©|\(c\)\s*\w+\s*$|^\s*copyright\b.{0,60}$"
    r"|^\s*(?:getty images|reuters|ap photo|afp|epa)(?:\s*[/|,]\s*[\w .]+)?\s*$",
    re.IGNORECASE)
_EDITOR = re.compile(
    r"^\s*\(?\s*(?:ed|edited by|edit|editing|oprac|opr|red|rd|fact-checked by)\.?\s*"
    r"[A-Z]{1,4}(?:\s*[,/&]\s*[A-Z]{1,4})*\s*\)?\s*$")
_INITIALS = re.compile(r"^\s*\(?[A-Z]{2,4}(?:\s*[,/]\s*[A-Z]{2,4})*\)?\s*$")
_BYLINE = re.compile(r"^\s*(?:by|written by)\s+(?P<name>[A-Z][\w.'’-]+(?:\s+(?:and\s+)?"
                     r"[A-Z][\w.'’-]+){0,6})\s*$", re.IGNORECASE)
_TRAILERS = re.compile(
    r"^\s*(?:related content|related articles?|related stories|related|read more|read also"
    r"|see also|more from .{1,40}|more on this story|recommended|you may also like"
    r"|most read|trending|share this article|follow us(?: on .{1,40})?|comments?"
    r"|advertisement|sponsored content)\s*:?\s*$", re.IGNORECASE)
_ADVERT = re.compile(r"^\s*(?:advertisement|advert|ad|sponsored|scroll to continue)\s*$",
                     re.IGNORECASE)
_NAV = re.compile(r"^\s*\w[\w ]{0,20}(?:\s*[>»/|]\s*\w[\w ]{0,20}){1,5}\s*$")
_WORD = re.compile(r"\w+", re.UNICODE)
_SPACES = re.compile("[\u00a0\u2007\u202f\u2009\u200a\u3000]")
DEBRIS_CHARS = 200       # credit, initials and advert lines are shorter than this
BODY_WORDS = 15          # a line this long is prose: the header region ends before it
HEADER_LINES = 14        # debris around the headline sits within this many lines
TRAILER_LINE_CHARS = 140  # lines after a "Related content" marker are short link titles
TRAILER_LINES = 12        # ... and the marker is among the last this many lines


@dataclass(slots=True)
class Cleaned:
    title: str
    text: str
    published: str | None = None
    author: str | None = None
    removed: list[str] = field(default_factory=list)  # debris lines, for tests and the curious


def clean_scraped(raw: str) -> Cleaned:
    """Headline + body of a scraped article, with debris removed and facts kept aside."""
    raw = _SPACES.sub(" ", raw.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [ln.rstrip() for ln in raw.split("\n")]
    removed: list[str] = []
    lines = _cut_trailer(lines, removed)
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        return Cleaned("", "", removed=removed)
    body_start = _body_start(lines, first)
    header = [(i, " ".join(lines[i].split())) for i in range(first + 1, body_start)
              if lines[i].strip()]
    title = _unglue_breadcrumb(" ".join(lines[first].split()), [h for _, h in header])
    published = author = None
    drop: set[int] = set()
    for i, line in header:
        if _NAV.match(line) and not _BYLINE.match(line) and _is_navigation(line):
            drop.add(i)
        elif _near_duplicate(line, title):
            drop.add(i)
        elif (stamp := parse_dateline(line)) is not None:
            published = published or stamp
            drop.add(i)
        elif (by := _BYLINE.match(line)) is not None and author is None:
            author = by.group("name")
            drop.add(i)
        elif _INITIALS.match(line):
            drop.add(i)
    for i in range(first + 1, len(lines)):
        line = lines[i].strip()
        if line and len(line) < DEBRIS_CHARS and (_CREDIT.search(line) or _EDITOR.match(line)
                                                  or _ADVERT.match(line)):
            drop.add(i)
    last = max((i for i, ln in enumerate(lines) if ln.strip() and i not in drop), default=first)
    if last > first and (_INITIALS.match(lines[last]) or _EDITOR.match(lines[last])):
        drop.add(last)  # initials signed at the end of the body
    removed.extend(lines[i] for i in sorted(drop))
    if title != " ".join(lines[first].split()):
        removed.append(lines[first])
    body = _paragraphs([ln for i, ln in enumerate(lines) if i > first and i not in drop])
    text = title + ("\n\n" + body if body else "")
    return Cleaned(title=title, text=normalise_text(text), published=published,
                   author=author, removed=removed)


def _cut_trailer(lines: list[str], removed: list[str]) -> list[str]:
    """Drop "Related content" / "Read more" and the short link titles after it, when it
    sits among the last lines and nothing after it looks like prose."""
    nonblank = [i for i, ln in enumerate(lines) if ln.strip()]
    cut = None
    for i in reversed(nonblank[-TRAILER_LINES:]):
        if _TRAILERS.match(lines[i]) and all(len(t) <= TRAILER_LINE_CHARS
                                             for t in lines[i + 1:]):
            cut = i
    if cut is None or cut == nonblank[0]:
        return lines
    removed.extend(ln for ln in lines[cut:] if ln.strip())
    return lines[:cut]


def _body_start(lines: list[str], first: int) -> int:
    limit = min(len(lines), first + 1 + HEADER_LINES)
    for i in range(first + 1, limit):
        if len(_WORD.findall(lines[i])) >= BODY_WORDS:
            return i
    return limit


def _unglue_breadcrumb(title: str, header: list[str]) -> str:
    """'NewsKyiv to negotiate...' -> 'Kyiv to negotiate...'. A crumb glued to a capital
    letter is always debris; one followed by a space only when the rest repeats below."""
    for crumb in sorted(BREADCRUMBS, key=len, reverse=True):
        if not title.startswith(crumb) or len(title) <= len(crumb) + 3:
            continue
        rest = title[len(crumb):]
        if rest[0].isupper() and not rest[:2].isupper():
            return rest
        if rest[0] in " >»|/:-" and any(_same(rest.lstrip(" >»|/:-"), h) for h in header):
            return rest.lstrip(" >»|/:-")
    return title


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _near_duplicate(line: str, title: str) -> bool:
    """Another rendering of the headline: most of the shorter one's words in the other."""
    a, b = set(_WORD.findall(line.casefold())), set(_WORD.findall(title.casefold()))
    if len(a) < 3 or len(b) < 3:
        return _same(line, title)
    return len(a & b) / min(len(a), len(b)) >= 0.75


def _is_navigation(line: str) -> bool:
    parts = [p.strip() for p in re.split(r"[>»/|]", line) if p.strip()]
    return len(parts) >= 2 and all(len(p.split()) <= 3 for p in parts)


def _paragraphs(lines: list[str]) -> str:
    """Blocks separated by blank lines stay paragraphs; empty blocks (all debris) vanish."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line.strip())
        elif blocks[-1]:
            blocks.append([])
    return "\n\n".join("\n".join(b) for b in blocks if b)


# ---------------------------------------------------------------- the format
def read_plaintext(path: Path, text: str) -> Iterator[ArticleDraft]:
    cleaned = clean_scraped(text)
    yield ArticleDraft(text=cleaned.text, title=cleaned.title, raw=text,
                       published=cleaned.published, author=cleaned.author,
                       source_file=str(path))


def looks_like_prose(path: Path, text: str) -> bool:
    """The fallback for unknown suffixes: any text that is not markup or records."""
    head = text.lstrip()[:200]
    return not head.startswith(("{", "[", "<"))


PLAINTEXT = register_importer(ImportFormat(
    name="text", suffixes=(".txt", ".text", ".md"), read=read_plaintext,
    sniff=looks_like_prose, generic=True))
