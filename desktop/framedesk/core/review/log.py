"""The adjudication log of a gold file: reading it, adding to it, exporting it.

One row per decided item (one difference of one kind on one article, see items.py; a primary
frame or a tone is one item): every coder's version, the decision (agreed, mine, theirs,
both, edited, undecided; 'neither' is logged as an edit to nothing), whose version the gold
file holds, who decided, when, and a note. The log is history: a later decision on the same
item adds a row, and `decisions_by_item()` tells the current state.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from framedesk.core.clock import utc_now
from framedesk.core.exchange.writing import atomic_file
from framedesk.core.review.report import safe_cells
from framedesk.core.review.work import Item

if TYPE_CHECKING:
    from sqlite_utils import Database

    from framedesk.core.store.project import Project

DECISIONS = ("agreed", "mine", "theirs", "both", "edited", "undecided")
LOG_COLUMNS = ("id", "article_uid", "article_title", "kind", "item", "versions", "decision",
               "chosen_from", "result", "annotator", "decided_at", "note")


@dataclass(slots=True)
class LogEntry:
    id: int
    article_uid: str
    article_title: str
    kind: str
    item: str
    versions: dict[str, list[dict[str, Any]]]
    decision: str
    chosen_from: str | None
    result: list[dict[str, Any]]
    annotator: str
    decided_at: str
    note: str


def _plain(items: Sequence[Item]) -> list[dict[str, Any]]:
    return [dict(i.data) for i in items]


def describe_items(kind: str, versions: Mapping[str, Sequence[Item]]) -> str:
    """`item` column: the kind and what each coder had, short enough to scan."""
    parts = [f"{coder}: {', '.join(i.text for i in items) or '(none)'}"
             for coder, items in versions.items()]
    return f"{kind} | " + " | ".join(parts)


def add_entry(db: Database, *, article_uid: str, article_id: int | None, kind: str,
              versions: Mapping[str, Sequence[Item]], decision: str, chosen_from: str | None,
              result: Sequence[Item], annotator: str, note: str = "",
              item: str | None = None) -> int:
    """Append one decision (the caller holds the transaction). `item`: the difference's
    label when the versions are one difference's (items.Difference.label)."""
    if decision not in DECISIONS:
        raise ValueError(decision)
    cur = db.execute(
        "INSERT INTO adjudications (article_uid, article_id, kind, item, versions, decision,"
        " chosen_from, result, annotator, decided_at, note) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        [article_uid, article_id, kind, item or describe_items(kind, versions),
         json.dumps({c: _plain(v) for c, v in versions.items()}, ensure_ascii=False),
         decision, chosen_from, json.dumps(_plain(result), ensure_ascii=False), annotator,
         utc_now(), note])
    return cur.lastrowid


def read_log(project: Project, uid: str | None = None) -> list[LogEntry]:
    """The whole log (or one article's), oldest first."""
    where, params = ("WHERE j.article_uid = ?", [uid]) if uid is not None else ("", [])
    rows = project.db.execute(
        "SELECT j.id, j.article_uid, coalesce(a.title, ''), j.kind, j.item, j.versions,"
        " j.decision, j.chosen_from, j.result, j.annotator, j.decided_at, j.note"
        f" FROM adjudications j LEFT JOIN articles a ON a.uid = j.article_uid {where}"
        " ORDER BY j.id", params)
    return [LogEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7],
                     json.loads(r[8]), r[9], r[10], r[11]) for r in rows]


def latest(project: Project) -> dict[tuple[str, str], LogEntry]:
    """The current decision per (article uid, kind)."""
    return {(e.article_uid, e.kind): e for e in read_log(project)}


def undecided(project: Project) -> list[LogEntry]:
    """Items whose latest row is undecided."""
    current = {(e.article_uid, e.kind, e.item): e for e in read_log(project)}
    return [e for e in current.values() if e.decision == "undecided"]


def decisions_by_item(project: Project, uid: str) -> dict[tuple[str, str], LogEntry]:
    """The current decision per (kind, item label) on one article."""
    return {(e.kind, e.item): e for e in read_log(project, uid)}


def _rows(project: Project) -> Iterator[dict[str, Any]]:
    for entry in read_log(project):
        yield asdict(entry)


def export_log(project: Project, path: str | Path, *, spreadsheet_safe: bool = True,
               force: bool = False) -> int:
    """Write the log as CSV (`.csv`, versions and result as JSON cells) or JSON Lines
    (anything else). Returns the number of rows. Titles, items and notes come from other
    people, so CSV text cells get the export's spreadsheet rule (report.safe_cells) unless
    `spreadsheet_safe` is False; JSON Lines always keeps the values as they are. Written
    atomically, never onto the project itself; an existing file only with `force`."""
    path = Path(path)
    rows = list(_rows(project))
    with atomic_file(path, force=force, inputs=[project.path]) as tmp, \
            tmp.open("w", encoding="utf-8", newline="") as fh:
        if path.suffix.lower() == ".csv":
            writer = csv.DictWriter(fh, fieldnames=LOG_COLUMNS)
            writer.writeheader()
            for row in rows:
                row["versions"] = json.dumps(row["versions"], ensure_ascii=False)
                row["result"] = json.dumps(row["result"], ensure_ascii=False)
                writer.writerow(safe_cells(row) if spreadsheet_safe else row)
        else:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(rows)


def for_article(project: Project, uid: str) -> dict[str, LogEntry]:
    """The current decision per kind for one article (what the review window shows)."""
    return {e.kind: e for e in read_log(project, uid)}
