"""Everything an exporter needs about each article, read in bulk.

Exporters of 10,000 articles cannot afford five queries per article, so this reads articles
and their annotations 500 at a time with one query per kind, honouring the export options
(status filter, one analyst's annotations, suggestions or not).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from framedesk.core.exchange.registry import ExportOptions
from framedesk.core.exchange.writing import atomic_file
from framedesk.core.gcpause import cyclic_gc_paused
from framedesk.core.model import Article, Mention
from framedesk.core.progress import Progress
from framedesk.core.store.articles import ARTICLE_COLUMNS, _article
from framedesk.core.store.attributions import Attribution, AttributionStore, _COLUMNS
from framedesk.core.store.coding import Cue, FrameCode

if TYPE_CHECKING:
    from pathlib import Path

    from framedesk.core.store.project import Project

CHUNK = 500
# Where importers keep what another tool's file said that Framedesk has no table for
# (relations, events, attributes, notes, document labels), so exports can give it back.
INTEROP_KEY = "interop"
_START_END = attrgetter("start", "end")


@dataclass(slots=True)
class ExportRecord:
    article: Article
    mentions: list[Mention] = field(default_factory=list)
    frames: list[FrameCode] = field(default_factory=list)
    tones: list[tuple[str, str]] = field(default_factory=list)      # (code, annotator)
    cues: list[Cue] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    memos: list[tuple[str, str]] = field(default_factory=list)      # (annotator, text)

    @property
    def interop(self) -> dict[str, Any]:
        value = self.article.extra.get(INTEROP_KEY)
        return value if isinstance(value, dict) else {}

    @property
    def primary_frames(self) -> list[str]:
        return _unique(f.code for f in self.frames if f.primary)

    @property
    def secondary_frames(self) -> list[str]:
        return _unique(f.code for f in self.frames if not f.primary)

    @property
    def tone(self) -> str | None:
        """The tone, or the tones of several analysts joined with ';' when they differ."""
        codes = _unique(code for code, _ in self.tones)
        return ";".join(codes) if codes else None

    @property
    def memo(self) -> str:
        if len(self.memos) == 1:
            return self.memos[0][1]
        return "\n\n".join(f"[{who}] {text}" for who, text in self.memos)


def _unique(values: Iterator[str] | Sequence[str]) -> list[str]:
    return list(dict.fromkeys(values))


def select_ids(project: Project, ids: Sequence[int] | None, options: ExportOptions) -> list[int]:
    """The articles to export, in id order unless the caller gave an order."""
    db = project.db
    if ids is None:
        sql, params = "SELECT id FROM articles", []
        if options.status:
            sql += f" WHERE status IN ({','.join('?' * len(options.status))})"
            params = list(options.status)
        return [r[0] for r in db.execute(sql + " ORDER BY id", params)]
    if not options.status:
        return list(ids)
    wanted = set(options.status)
    out: list[int] = []
    for i in range(0, len(ids), CHUNK):
        chunk = list(ids[i:i + CHUNK])
        marks = ",".join("?" * len(chunk))
        ok = {r[0] for r in db.execute(
            f"SELECT id FROM articles WHERE id IN ({marks}) AND status IN"
            f" ({','.join('?' * len(wanted))})", [*chunk, *wanted])}
        out.extend(a for a in chunk if a in ok)
    return out


def iter_records(project: Project, ids: Sequence[int], options: ExportOptions,
                 progress: Progress | None = None) -> Iterator[ExportRecord]:
    """Records in the order of `ids`; steps `progress` once per article."""
    names: dict[int, str] = {}   # canonical entity names, fetched once per export
    for i in range(0, len(ids), CHUNK):
        chunk = list(ids[i:i + CHUNK])
        records = _load_chunk(project, chunk, options, names)
        for article_id in chunk:
            rec = records.get(article_id)
            if rec is not None:
                yield rec
            if progress is not None:
                progress.step()


def mention_rows(db: Any, marks: str, chunk: list[int], who: str | None,
                 names: dict[int, str]) -> list[tuple]:
    """(id, article_id, start, end, label, text, entity_id, origin, status) of the entity
    mentions an export shows for `chunk`, by article, start and id; `names` gains the
    canonical name of every entity they link to.

    Exports order an article's mentions by start, end and id. SQLite gives (start, id)
    straight off the mentions_article index, where sorting by end too cost a temporary
    b-tree per chunk, so callers re-sort the rare articles with two mentions at one start
    (a stable sort keeps ids in order among equal ends). Model mentions belong to nobody,
    so an analyst's export includes them. Entity names come from a cache rather than a
    join: the join was a fifth of the export's time."""
    sql = ("SELECT m.id, m.article_id, m.start, m.\"end\", m.label, m.text, m.entity_id,"
           f" m.origin, m.status FROM mentions m WHERE m.article_id IN ({marks})"
           " AND m.status != 'deleted'")
    params: list[Any] = list(chunk)
    if who is not None:
        sql += (" AND (m.annotator_id IS NULL OR m.annotator_id IN"
                " (SELECT id FROM annotators WHERE name = ?))")
        params.append(who)
    rows = db.execute(sql + " ORDER BY m.article_id, m.start, m.id", params).fetchall()
    missing = list({r[6] for r in rows if r[6] is not None and r[6] not in names})
    for k in range(0, len(missing), CHUNK):
        part = missing[k:k + CHUNK]
        names.update(db.execute(f"SELECT id, name FROM entities WHERE id IN"
                                f" ({','.join('?' * len(part))})", part).fetchall())
    return rows


def _load_chunk(project: Project, chunk: list[int], options: ExportOptions,
                names: dict[int, str]) -> dict[int, ExportRecord]:
    db = project.db
    marks = ",".join("?" * len(chunk))
    records = {row[0]: ExportRecord(_article_fast(row)) for row in db.execute(
        f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id IN ({marks})", chunk)}
    who = options.annotator

    rows = mention_rows(db, marks, chunk, who, names)
    ties: set[int] = set()
    last_aid = last_start = None
    mentions: list[Mention] = []
    for mid, aid, start, end, label, text, entity_id, origin, status in rows:
        if aid != last_aid:
            mentions = records[aid].mentions
            last_aid = aid
        elif start == last_start:
            ties.add(aid)
        last_start = start
        mentions.append(Mention(mid, aid, start, end, label, text, names.get(entity_id),
                                entity_id, origin, status))
    for aid in ties:
        records[aid].mentions.sort(key=_START_END)

    named, params = _annotator_clause(chunk, who)
    for aid, codebook, code, role, name in db.execute(
            "SELECT d.article_id, d.codebook, d.code, d.role, n.name FROM doc_codes d"
            f" JOIN annotators n ON n.id = d.annotator_id WHERE d.article_id IN ({marks}){named}"
            " ORDER BY d.article_id, d.role = 'primary' DESC, d.id", params):
        if role == "tone":
            records[aid].tones.append((code, name))
        else:
            records[aid].frames.append(FrameCode(codebook, code, role == "primary", name))

    for r in db.execute(
            "SELECT s.id, s.article_id, s.start, s.\"end\", s.codebook, s.code, s.note, n.name"
            " FROM span_codes s JOIN annotators n ON n.id = s.annotator_id"
            f" WHERE s.article_id IN ({marks}){named} ORDER BY s.article_id, s.start, s.\"end\"",
            params):
        records[r[1]].cues.append(Cue(*r))

    statuses = ("accepted", "manual", "suggested") if options.include_suggestions \
        else ("accepted", "manual")
    sql = (f"SELECT {', '.join('t.' + c.strip() for c in _COLUMNS.split(','))}, n.name, e.name"
           " FROM attributions t LEFT JOIN annotators n ON n.id = t.annotator_id"
           " LEFT JOIN entities e ON e.id = t.entity_id"
           f" WHERE t.article_id IN ({marks}) AND t.status IN ({','.join('?' * len(statuses))})")
    params2: list[Any] = [*chunk, *statuses]
    if who is not None:
        sql += " AND (n.name = ? OR t.annotator_id IS NULL)"
        params2.append(who)
    for r in db.execute(sql + " ORDER BY t.article_id, coalesce(t.content_start,"
                        " t.source_start, t.cue_start), t.id", params2):
        records[r[1]].attributions.append(AttributionStore._row(r))

    for aid, name, text in db.execute(
            "SELECT m.article_id, n.name, m.text FROM memos m JOIN annotators n"
            f" ON n.id = m.annotator_id WHERE m.article_id IN ({marks}){named}"
            " ORDER BY m.article_id, n.id", params):
        records[aid].memos.append((name, text))
    return records


def _article_fast(row: tuple) -> Article:
    if row[-1] in (None, "", "{}"):
        return Article(*row[:-1], extra={})
    return _article(row)


def _annotator_clause(chunk: list[int], who: str | None) -> tuple[str, list[Any]]:
    if who is None:
        return "", list(chunk)
    return " AND n.name = ?", [*chunk, who]


def write_json_lines(project: Project, ids: Sequence[int] | None, out: Path,
                     options: ExportOptions, progress: Progress | None, *, force: bool,
                     label: str, to_json: Callable[[ExportRecord], dict[str, Any]
                                                   | list[dict[str, Any]]]) -> int:
    """The export loop of the one-object-per-line formats (doccano, Prodigy): select, load in
    chunks, write atomically, without the cycle collector's passes (core/gcpause.py).
    `to_json` gives one object per article, or a list (one line each: e.g. one per analyst).
    Returns the number of lines written."""
    ids = select_ids(project, ids, options)
    progress = progress or Progress()
    progress.start(len(ids), f"Exporting {label}")
    n = 0
    with atomic_file(out, force=force or options.force) as tmp, \
            open(tmp, "w", encoding="utf-8", newline="\n") as fh, cyclic_gc_paused():
        for rec in iter_records(project, ids, options, progress):
            objects = to_json(rec)
            for obj in objects if isinstance(objects, list) else [objects]:
                fh.write(json.dumps(obj, ensure_ascii=False) + "\n")
                n += 1
    return n


def code_labels(project: Project) -> dict[str, tuple[str, str | None]]:
    """code -> (label, colour) from the project's codebooks, for legends and headers."""
    out: dict[str, tuple[str, str | None]] = {}
    for code, label, color in project.db.execute(
            "SELECT c.code, c.label, c.color FROM codes c ORDER BY c.codebook_id, c.position"):
        out.setdefault(code, (label, color))
    return out
