"""Writing the JSONL contract (the object is described in jsonl.py) fast.

The other exporters read ExportRecords of model objects (gather.py); this one turns rows
straight into the dicts it writes, 500 articles at a time with one query per table, because
JSONL is the export timed against a bare sqlite3 dump. The bytes are those of the
record-based writer it replaced (tests/core/test_exchange_jsonl_exact.py holds them).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from framedesk.core.exchange.gather import mention_rows, select_ids
from framedesk.core.exchange.registry import ExportOptions
from framedesk.core.exchange.writing import atomic_file
from framedesk.core.gcpause import cyclic_gc_paused
from framedesk.core.progress import Progress

if TYPE_CHECKING:
    import sqlite3

    from framedesk.core.store.project import Project

CHUNK = 500
# json.dumps(obj, ensure_ascii=False) builds this encoder on every call; one is enough.
# The objects are fresh dicts and lists made from rows, never cyclic: no circular check.
_encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
_START_END = itemgetter("start", "end")
_NO_EXTRA = (None, "", "{}")


@dataclass(slots=True)
class _Article:
    """One article's row and its annotations as JSON-ready dicts, each with its analyst."""

    row: tuple
    spans: list[dict[str, Any]] = field(default_factory=list)
    frames: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    tones: list[tuple[str, str]] = field(default_factory=list)              # (code, analyst)
    cues: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    attributions: list[tuple[str | None, dict[str, Any]]] = field(default_factory=list)
    memos: list[tuple[str, str]] = field(default_factory=list)              # (analyst, text)


def write_jsonl(project: Project, ids: Sequence[int] | None, out: Path | IO[str] | None,
                options: ExportOptions = ExportOptions(), progress: Progress | None = None,
                *, force: bool = False) -> int:
    """Write the selected articles; `out` is a path (atomic), a text stream, or None for
    stdout. Returns the number of objects written."""
    chosen = select_ids(project, ids, options)
    if progress is not None:
        progress.start(len(chosen), "Exporting JSONL")
    if out is None or not isinstance(out, (str, Path)):
        return _write_lines(project, chosen, out or sys.stdout, options, progress)
    with atomic_file(out, force=force or options.force) as tmp, \
            open(tmp, "w", encoding="utf-8", newline="\n", buffering=1 << 20) as fh:
        return _write_lines(project, chosen, fh, options, progress)


def _write_lines(project: Project, ids: list[int], fh: IO[str], options: ExportOptions,
                 progress: Progress | None) -> int:
    n = 0
    names: dict[int, str] = {}   # canonical entity names, fetched once per export
    # A chunk holds tens of thousands of small dicts at once; in a process with a large heap
    # (the GUI, the benchmark suite) the cycle collector's full passes over it cost a fifth
    # of the export. Everything made here is freed by reference counting.
    with cyclic_gc_paused():
        for i in range(0, len(ids), CHUNK):
            chunk = ids[i:i + CHUNK]
            articles = _load_chunk(project.db, chunk, options, names)
            for article_id in chunk:
                art = articles.get(article_id)
                if art is not None:
                    for obj in _objects(art, options.annotator):
                        fh.write(_encode(obj))
                        fh.write("\n")
                        n += 1
                if progress is not None:
                    progress.step()
    return n


def _objects(art: _Article, annotator: str | None) -> list[dict[str, Any]]:
    """One object per analyst who coded the article (one with annotator null if nobody did):
    frames, tone, cues and memos belong to an analyst; entities and suggestions to all."""
    (_, uid, title, text, outlet, url, author, published, language, source_file, status,
     extra, story_id, story_name) = art.row
    meta: dict[str, Any] = {"title": title, "outlet": outlet, "url": url, "author": author,
                            "published": published, "language": language,
                            "source_file": source_file, "status": status}
    if extra not in _NO_EXTRA:
        for key, value in json.loads(extra).items():
            meta.setdefault(key, value)
    meta["story"] = story_id
    meta["story_name"] = story_name if story_name is None else story_name.removeprefix("auto:")
    out = []
    for who in [annotator] if annotator else _coders(art) or [None]:
        out.append({
            "id": uid,
            "text": text,
            "meta": meta,
            "spans": art.spans,
            "frames": [f for name, f in art.frames if name == who],
            "tone": next((code for code, name in art.tones if name == who), None),
            "frame_cues": [c for name, c in art.cues if name == who],
            "attributions": [t for name, t in art.attributions if name == who or name is None],
            "memo": next((m for name, m in art.memos if name == who), None),
            "annotator": who,
        })
    return out


def _coders(art: _Article) -> list[str]:
    names = [n for n, _ in art.frames] + [n for _, n in art.tones] + [n for n, _ in art.cues]
    names += [n for n, _ in art.memos] + [n for n, _ in art.attributions if n]
    return list(dict.fromkeys(names))


def _load_chunk(db: sqlite3.Connection, chunk: list[int], options: ExportOptions,
                names: dict[int, str]) -> dict[int, _Article]:
    marks = ",".join("?" * len(chunk))
    arts = {row[0]: _Article(row) for row in db.execute(
        "SELECT a.id, a.uid, a.title, a.text, a.outlet, a.url, a.author, a.published,"
        " a.language, a.source_file, a.status, a.extra, s.id, s.name FROM articles a"
        f" LEFT JOIN stories s ON s.id = a.story_id WHERE a.id IN ({marks})", chunk)}
    who = options.annotator
    _add_spans(db, arts, marks, chunk, who, names)

    named, params = ("", list(chunk)) if who is None else (" AND n.name = ?", [*chunk, who])
    for aid, codebook, code, role, name in db.execute(
            "SELECT d.article_id, d.codebook, d.code, d.role, n.name FROM doc_codes d"
            f" JOIN annotators n ON n.id = d.annotator_id WHERE d.article_id IN ({marks}){named}"
            " ORDER BY d.article_id, d.role = 'primary' DESC, d.id", params):
        if role == "tone":
            arts[aid].tones.append((code, name))
        else:
            arts[aid].frames.append((name, {"code": code, "primary": role == "primary",
                                            "codebook": codebook}))

    for aid, start, end, codebook, code, note, name in db.execute(
            "SELECT s.article_id, s.start, s.\"end\", s.codebook, s.code, s.note, n.name"
            " FROM span_codes s JOIN annotators n ON n.id = s.annotator_id"
            f" WHERE s.article_id IN ({marks}){named} ORDER BY s.article_id, s.start, s.\"end\"",
            params):
        arts[aid].cues.append((name, {"start": start, "end": end, "code": code, "note": note,
                                      "codebook": codebook}))

    _add_attributions(db, arts, marks, chunk, options)

    for aid, name, text in db.execute(
            "SELECT m.article_id, n.name, m.text FROM memos m JOIN annotators n"
            f" ON n.id = m.annotator_id WHERE m.article_id IN ({marks}){named}"
            " ORDER BY m.article_id, n.id", params):
        arts[aid].memos.append((name, text))
    return arts


def _add_spans(db: sqlite3.Connection, arts: dict[int, _Article], marks: str,
               chunk: list[int], who: str | None, names: dict[int, str]) -> None:
    """Entity mentions as the contract writes them (gather.mention_rows says in which
    order, and why articles with two mentions at one start are re-sorted here)."""
    rows = mention_rows(db, marks, chunk, who, names)
    canonical = names.get
    ties: set[int] = set()
    last_aid = last_start = None
    spans: list[dict[str, Any]] = []
    for _, aid, start, end, label, text, entity_id, origin, _ in rows:
        if aid != last_aid:
            spans = arts[aid].spans
            last_aid = aid
        elif start == last_start:
            ties.add(aid)
        last_start = start
        spans.append({"start": start, "end": end, "label": label, "text": text,
                      "canonical": canonical(entity_id), "origin": origin})
    for aid in ties:
        arts[aid].spans.sort(key=_START_END)


def _add_attributions(db: sqlite3.Connection, arts: dict[int, _Article], marks: str,
                      chunk: list[int], options: ExportOptions) -> None:
    statuses = ("accepted", "manual", "suggested") if options.include_suggestions \
        else ("accepted", "manual")
    sql = ("SELECT t.article_id, t.source_start, t.source_end, t.cue_start, t.cue_end,"
           " t.content_start, t.content_end, t.quote_type, t.identification, t.source_type,"
           " t.certainty, t.unnamed, t.status, n.name, e.name FROM attributions t"
           " LEFT JOIN annotators n ON n.id = t.annotator_id"
           " LEFT JOIN entities e ON e.id = t.entity_id"
           f" WHERE t.article_id IN ({marks}) AND t.status IN ({','.join('?' * len(statuses))})")
    params: list[Any] = [*chunk, *statuses]
    if options.annotator is not None:
        sql += " AND (n.name = ? OR t.annotator_id IS NULL)"
        params.append(options.annotator)
    sql += " ORDER BY t.article_id, coalesce(t.content_start, t.source_start, t.cue_start), t.id"
    for (aid, s0, s1, c0, c1, q0, q1, quote_type, identification, source_type, certainty,
         unnamed, status, name, entity) in db.execute(sql, params):
        text = arts[aid].row[3]
        arts[aid].attributions.append((name, {
            "source": None if s0 is None or s1 is None
            else {"start": s0, "end": s1, "text": text[s0:s1]},
            "cue": None if c0 is None or c1 is None
            else {"start": c0, "end": c1, "text": text[c0:c1]},
            "content": None if q0 is None or q1 is None
            else {"start": q0, "end": q1, "text": text[q0:q1]},
            "quote_type": quote_type, "identification": identification,
            "source_type": source_type, "entity": entity, "status": status,
            "certainty": certainty,
            "unnamed": {} if unnamed in _NO_EXTRA else json.loads(unnamed) or {},
        }))
