"""CSV export for pandas, R and spreadsheets: `articles.csv` and `annotations.csv`.

UTF-8 with a byte-order mark, because spreadsheet programs otherwise guess a legacy encoding
and mangle every accented name. Offsets are code points into the article's `text` column
(which articles.csv carries), end exclusive, as everywhere in Framedesk. Cell contents are
written exactly as stored, so the numbers and texts read back unchanged in pandas/R.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from framedesk.core.exchange.gather import INTEROP_KEY, ExportRecord, iter_records, select_ids
from framedesk.core.exchange.registry import ExportFormat, ExportOptions, register_exporter
from framedesk.core.exchange.writing import atomic_file, atomic_folder
from framedesk.core.model import Span
from framedesk.core.progress import Progress

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

ARTICLE_FIELDS = ("id", "uid", "title", "outlet", "url", "author", "published", "language",
                  "source_file", "status", "primary_frame", "secondary_frames", "tone",
                  "entities", "frame_cues", "attributions", "memo", "extra", "text")
ANNOTATION_FIELDS = ("article_id", "article_uid", "kind", "start", "end", "text", "label",
                     "canonical", "annotator", "origin", "status", "note",
                     "source_start", "source_end", "source_text", "cue_start", "cue_end",
                     "cue_text", "content_start", "content_end", "content_text",
                     "quote_type", "identification", "source_type", "certainty", "entity",
                     "unnamed")
ENCODING = "utf-8-sig"
LIST_SEPARATOR = ";"


def write_csv(project: Project, ids: Sequence[int] | None, out: Path,
              options: ExportOptions = ExportOptions(), progress: Progress | None = None,
              *, force: bool = False) -> int:
    """A folder with articles.csv and annotations.csv; or, when `out` ends in .csv, that file
    for the articles and `<name>.annotations.csv` beside it."""
    out = Path(out)
    ids = select_ids(project, ids, options)
    progress = progress or Progress()
    progress.start(len(ids), "Exporting CSV")
    force = force or options.force
    if out.suffix.lower() == ".csv":
        ann = out.with_name(out.stem + ".annotations.csv")
        with atomic_file(out, force=force) as tmp_a, atomic_file(ann, force=force) as tmp_b:
            return _write_pair(project, ids, tmp_a, tmp_b, options, progress)
    with atomic_folder(out, force=force) as folder:
        return _write_pair(project, ids, folder / "articles.csv", folder / "annotations.csv",
                           options, progress)


def _write_pair(project: Project, ids: list[int], articles_path: Path, annotations_path: Path,
                options: ExportOptions, progress: Progress) -> int:
    n = 0
    with open(articles_path, "w", encoding=ENCODING, newline="") as fa, \
            open(annotations_path, "w", encoding=ENCODING, newline="") as fb:
        wa = csv.writer(fa)
        wb = csv.writer(fb)
        wa.writerow(ARTICLE_FIELDS)
        wb.writerow(ANNOTATION_FIELDS)
        for rec in iter_records(project, ids, options, progress):
            wa.writerow(article_row(rec))
            wb.writerows(annotation_rows(rec))
            n += 1
    return n


def article_row(rec: ExportRecord) -> list[object]:
    a = rec.article
    extra = {k: v for k, v in a.extra.items() if k != INTEROP_KEY}
    return [a.id, a.uid, a.title, a.outlet, a.url, a.author, a.published, a.language,
            a.source_file, a.status, LIST_SEPARATOR.join(rec.primary_frames),
            LIST_SEPARATOR.join(rec.secondary_frames), rec.tone, len(rec.mentions),
            len(rec.cues), len(rec.attributions), rec.memo,
            json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else "", a.text]


def annotation_rows(rec: ExportRecord) -> list[list[object]]:
    a = rec.article
    text = a.text
    blank = [""] * 15
    rows: list[list[object]] = []
    for m in rec.mentions:
        rows.append([a.id, a.uid, "entity", m.start, m.end, m.text, m.label, m.canonical or "",
                     "", m.origin, m.status, "", *blank])
    for c in rec.cues:
        rows.append([a.id, a.uid, "frame_cue", c.start, c.end, text[c.start:c.end], c.code, "",
                     c.annotator, "", "", c.note or "", *blank])
    for t in rec.attributions:
        spans = [s for s in (t.source, t.cue, t.content) if s is not None]
        start = min(s.start for s in spans)
        end = max(s.end for s in spans)
        rows.append([a.id, a.uid, "attribution", start, end, "", "", "", t.annotator or "",
                     t.origin, t.status, "",
                     *_part(t.source, text), *_part(t.cue, text), *_part(t.content, text),
                     t.quote_type or "", t.identification or "", t.source_type or "",
                     t.certainty or "", t.entity or "",
                     json.dumps(t.unnamed, ensure_ascii=False, sort_keys=True) if t.unnamed
                     else ""])
    return rows


def _part(span: Span | None, text: str) -> tuple[object, object, str]:
    if span is None:
        return ("", "", "")
    return (span.start, span.end, text[span.start:span.end])


register_exporter(ExportFormat(
    name="csv", suffix="", write=write_csv,
    description="articles.csv + annotations.csv (UTF-8 with BOM) for pandas, R, spreadsheets"))
