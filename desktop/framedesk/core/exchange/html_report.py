"""A printable, self-contained HTML report of coded articles, for colleagues without Framedesk.

Per article: header (title, outlet, date, author, URL, status), frames and tone, the text
with entities, frame cues and attribution parts highlighted plus a legend, a sources table
and the memo. Everything that comes from an article, an analyst or a codebook is passed
through html.escape; colours are used only if they are plain hex colours; the page loads
nothing (no scripts, fonts, images or links to fetch), so it opens offline and prints as is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from framedesk.core.exchange.gather import ExportRecord, code_labels, iter_records, select_ids
from framedesk.core.exchange.registry import ExportFormat, ExportOptions, register_exporter
from framedesk.core.exchange.writing import atomic_file, atomic_folder
from framedesk.core.progress import Progress

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

# Calm tints for entity types (cycled), readable under black text and in print.
TINTS = ("#dbeafe", "#dcfce7", "#fef3c7", "#fce7f3", "#e0e7ff", "#ccfbf1", "#fee2e2",
         "#f3e8ff", "#ecfccb", "#e5e7eb")
DEFAULT_CUE_COLOUR = "#b45309"
_HEX = re.compile(r"^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$")

CSS = """
body { font: 15px/1.55 Georgia, 'Times New Roman', serif; color: #111; margin: 2em auto;
       max-width: 48em; padding: 0 1em; }
h1 { font-size: 1.45em; margin-bottom: .2em; }
.meta, .legend, table, .coding { font: 13px/1.4 system-ui, sans-serif; }
.meta { color: #444; }
.text { white-space: pre-wrap; border-top: 1px solid #ccc; padding-top: 1em; }
.legend span.key { display: inline-block; margin: 0 .8em .3em 0; padding: 0 .3em; }
table { border-collapse: collapse; width: 100%; margin-top: .5em; }
th, td { border: 1px solid #ccc; padding: .25em .4em; text-align: left; vertical-align: top; }
.src { font-weight: bold; }
.cueverb { text-decoration: underline; text-decoration-style: double; }
.content { background-image: linear-gradient(#fff7d6, #fff7d6); }
.frcue { border-bottom: 3px solid var(--cue, #b45309); }
.memo { white-space: pre-wrap; background: #f7f7f7; padding: .6em; }
article { page-break-after: always; margin-bottom: 3em; }
@media print { body { margin: 0; max-width: none; } article:last-child { page-break-after: auto; } }
"""


def write_html(project: Project, ids: Sequence[int] | None, out: Path,
               options: ExportOptions = ExportOptions(), progress: Progress | None = None,
               *, force: bool = False) -> int:
    """`out` ending in .html: one report of every selected article; else a folder with one
    report per article."""
    out = Path(out)
    ids = select_ids(project, ids, options)
    progress = progress or Progress()
    progress.start(len(ids), "Writing the HTML report")
    labels = code_labels(project)
    force = force or options.force
    n = 0
    if out.suffix.lower() in (".html", ".htm"):
        with atomic_file(out, force=force) as tmp, open(tmp, "w", encoding="utf-8") as fh:
            _head(fh, f"{len(ids)} articles" if len(ids) != 1 else "Article")
            for rec in iter_records(project, ids, options, progress):
                fh.write(article_html(rec, labels))
                n += 1
            fh.write("</body></html>\n")
        return n
    with atomic_folder(out, force=force) as folder:
        for rec in iter_records(project, ids, options, progress):
            with open(folder / f"{rec.article.id:06d}_{rec.article.uid}.html", "w",
                      encoding="utf-8") as fh:
                _head(fh, rec.article.title)
                fh.write(article_html(rec, labels))
                fh.write("</body></html>\n")
            n += 1
    return n


def _head(fh: TextIO, title: str) -> None:
    fh.write("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
             "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
             "style-src 'unsafe-inline'\">"
             f"<title>{escape(title)}</title><style>{CSS}</style></head><body>\n")


def article_html(rec: ExportRecord, labels: dict[str, tuple[str, str | None]]) -> str:
    a = rec.article
    e = escape
    parts = [f"<article>\n<h1>{e(a.title)}</h1>\n<p class=\"meta\">"]
    meta = [x for x in (a.outlet, a.published, a.author) if x]
    parts.append(" · ".join(e(x) for x in meta))
    if a.url:
        parts.append(f"<br>{e(a.url)}")
    parts.append(f"<br>Status: {e(a.status.replace('_', ' '))}</p>\n")

    def label(code: str) -> str:
        return labels.get(code, (code, None))[0]

    parts.append("<p class=\"coding\">")
    primary = ", ".join(e(label(c)) for c in rec.primary_frames) or "none"
    secondary = ", ".join(e(label(c)) for c in rec.secondary_frames) or "none"
    tone = ", ".join(e(label(c)) for c in dict.fromkeys(c for c, _ in rec.tones)) or "not coded"
    parts.append(f"<b>Primary frame:</b> {primary}<br><b>Secondary frames:</b> {secondary}"
                 f"<br><b>Tone:</b> {tone}</p>\n")
    parts.append(_legend(rec, labels))
    parts.append(f"<div class=\"text\">{highlighted(rec, labels)}</div>\n")
    parts.append(_sources(rec))
    if rec.memo.strip():
        parts.append(f"<h2>Memo</h2>\n<div class=\"memo\">{e(rec.memo)}</div>\n")
    parts.append("</article>\n")
    return "".join(parts)


def _entity_tints(rec: ExportRecord) -> dict[str, str]:
    names = sorted({m.label for m in rec.mentions})
    return {name: TINTS[i % len(TINTS)] for i, name in enumerate(names)}


def _cue_colour(code: str, labels: dict[str, tuple[str, str | None]]) -> str:
    colour = labels.get(code, (code, None))[1]
    return colour if colour and _HEX.match(colour) else DEFAULT_CUE_COLOUR


def _legend(rec: ExportRecord, labels: dict[str, tuple[str, str | None]]) -> str:
    keys = [f"<span class=\"key\" style=\"background:{tint}\">{escape(name)}</span>"
            for name, tint in _entity_tints(rec).items()]
    for code in dict.fromkeys(c.code for c in rec.cues):
        keys.append(f"<span class=\"key frcue\" style=\"--cue:{_cue_colour(code, labels)}\">"
                    f"cue: {escape(labels.get(code, (code, None))[0])}</span>")
    if rec.attributions:
        keys += ["<span class=\"key src\">source</span>",
                 "<span class=\"key cueverb\">reporting cue</span>",
                 "<span class=\"key content\">attributed content</span>"]
    if not keys:
        return ""
    return f"<p class=\"legend\"><b>Legend:</b> {''.join(keys)}</p>\n"


def highlighted(rec: ExportRecord, labels: dict[str, tuple[str, str | None]]) -> str:
    """The text cut at every annotation edge; each piece carries the styles of all the
    annotations covering it, so overlapping annotations all stay visible."""
    text = rec.article.text
    tints = _entity_tints(rec)
    marks: list[tuple[int, int, str, str, str]] = []   # start, end, class, style, title
    for m in rec.mentions:
        marks.append((m.start, m.end, "", f"background:{tints[m.label]}", m.label))
    for c in rec.cues:
        marks.append((c.start, c.end, "frcue", f"--cue:{_cue_colour(c.code, labels)}",
                      "cue: " + labels.get(c.code, (c.code, None))[0]))
    for t in rec.attributions:
        for span, cls, name in ((t.source, "src", "source"), (t.cue, "cueverb", "cue"),
                                (t.content, "content", "content")):
            if span is not None:
                marks.append((span.start, span.end, cls, "", name))
    edges = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    out: list[str] = []
    for a, b in zip(edges, edges[1:]):
        piece = escape(text[a:b])
        active = [m for m in marks if m[0] <= a and b <= m[1]]
        if not active:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(m[2] for m in active if m[2]))
        style = ";".join(m[3] for m in active if m[3])
        title = "; ".join(dict.fromkeys(m[4] for m in active))
        out.append(f"<span class=\"{classes}\" style=\"{escape(style)}\""
                   f" title=\"{escape(title)}\">{piece}</span>")
    return "".join(out)


def _sources(rec: ExportRecord) -> str:
    if not rec.attributions:
        return ""
    text = rec.article.text
    e = escape
    rows = ["<h2>Sources</h2>\n<table><tr><th>Source</th><th>Cue</th><th>Content</th>"
            "<th>Quote</th><th>Identification</th><th>Type</th><th>Certainty</th>"
            "<th>Entity</th><th>Status</th></tr>"]
    for t in rec.attributions:
        def part(span: object) -> str:
            return e(text[span.start:span.end]) if span is not None else ""  # type: ignore[attr-defined]
        rows.append(
            f"<tr><td>{part(t.source)}</td><td>{part(t.cue)}</td><td>{part(t.content)}</td>"
            f"<td>{e(t.quote_type or '')}</td><td>{e(t.identification or '')}</td>"
            f"<td>{e(t.source_type or '')}</td><td>{e(t.certainty or '')}</td>"
            f"<td>{e(t.entity or '')}</td><td>{e(t.status)}</td></tr>")
    rows.append("</table>\n")
    return "\n".join(rows)


register_exporter(ExportFormat(
    name="html", suffix=".html", write=write_html,
    description="printable self-contained report: highlighted text, legend, frames, tone,"
                " sources, memo"))
