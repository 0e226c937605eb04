"""Attributions: who is cited (source), how (cue) and what (content), with attributes.

Suggestions from the extractor have status 'suggested'. Accepting one makes it 'accepted';
the analyst's own are 'manual'. A rejected suggestion stays as a 'rejected' row with the
suggestion's fingerprint, so running the extractor again does not bring it back, and
accepted or manual attributions are never overwritten by a re-run.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, TYPE_CHECKING

from framedesk.core.clock import utc_now
from framedesk.core.model import ATTRIBUTION_STATUSES, Span

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

ATTRIBUTES = ("quote_type", "identification", "source_type", "certainty")


@dataclass(slots=True)
class Attribution:
    article_id: int
    source: Span | None = None
    cue: Span | None = None
    content: Span | None = None
    quote_type: str | None = None
    identification: str | None = None
    source_type: str | None = None
    certainty: str | None = None
    unnamed: dict[str, Any] = field(default_factory=dict)
    entity_id: int | None = None
    status: str = "manual"
    origin: str = "manual"
    id: int | None = None
    annotator: str | None = None
    entity: str | None = None  # canonical name, filled when read

    def fingerprint(self) -> str:
        """What identifies a suggestion across re-runs: its spans."""
        def s(span: Span | None) -> str:
            return f"{span.start}-{span.end}" if span else "-"
        return f"{s(self.source)}|{s(self.cue)}|{s(self.content)}"

    def attributes(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ATTRIBUTES} | {"unnamed": dict(self.unnamed)}


_COLUMNS = ("id, article_id, source_start, source_end, cue_start, cue_end, content_start,"
            " content_end, quote_type, identification, source_type, certainty, unnamed,"
            " entity_id, status, origin")


def _span(a: int | None, b: int | None) -> Span | None:
    return Span(a, b) if a is not None and b is not None else None


class AttributionStore:
    def __init__(self, project: Project) -> None:
        self.project = project

    @property
    def db(self):
        return self.project.db

    def list(self, article_id: int, *, include_rejected: bool = False,
             annotator: str | None = None) -> list[Attribution]:
        sql = (f"SELECT {', '.join('t.' + c.strip() for c in _COLUMNS.split(','))},"
               " n.name, e.name FROM attributions t"
               " LEFT JOIN annotators n ON n.id = t.annotator_id"
               " LEFT JOIN entities e ON e.id = t.entity_id WHERE t.article_id = ?")
        params: list[Any] = [article_id]
        if not include_rejected:
            sql += " AND t.status != 'rejected'"
        if annotator is not None:
            # Suggestions belong to nobody yet: everyone sees them.
            sql += " AND (n.name = ? OR t.annotator_id IS NULL)"
            params.append(annotator)
        rows = self.db.execute(sql + " ORDER BY coalesce(t.content_start, t.source_start,"
                               " t.cue_start), t.id", params)
        return [self._row(r) for r in rows]

    def get(self, attribution_id: int) -> Attribution | None:
        rows = [a for a in self._by_ids([attribution_id])]
        return rows[0] if rows else None

    def _by_ids(self, ids: Sequence[int]) -> list[Attribution]:
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"SELECT {', '.join('t.' + c.strip() for c in _COLUMNS.split(','))}, n.name, e.name"
            " FROM attributions t LEFT JOIN annotators n ON n.id = t.annotator_id"
            f" LEFT JOIN entities e ON e.id = t.entity_id WHERE t.id IN ({marks})", list(ids))
        return [self._row(r) for r in rows]

    @staticmethod
    def _row(r: tuple) -> Attribution:
        return Attribution(
            id=r[0], article_id=r[1], source=_span(r[2], r[3]), cue=_span(r[4], r[5]),
            content=_span(r[6], r[7]), quote_type=r[8], identification=r[9], source_type=r[10],
            certainty=r[11], unnamed=json.loads(r[12] or "{}"), entity_id=r[13], status=r[14],
            origin=r[15], annotator=r[16], entity=r[17])

    def add(self, a: Attribution) -> int:
        if a.status not in ATTRIBUTION_STATUSES:
            raise ValueError(a.status)
        if not (a.source or a.cue or a.content):
            raise ValueError("an attribution needs at least one span")
        now = utc_now()
        annotator_id = None if a.status == "suggested" else self.project.annotator_id
        with self.project.atomic() as db:
            cur = db.execute(
                f"INSERT INTO attributions ({_COLUMNS}, fingerprint, annotator_id, created, updated)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [a.id, a.article_id,
                 *(_ends(a.source)), *(_ends(a.cue)), *(_ends(a.content)),
                 a.quote_type, a.identification, a.source_type, a.certainty,
                 json.dumps(a.unnamed, ensure_ascii=False, sort_keys=True), a.entity_id,
                 a.status, a.origin, a.fingerprint(), annotator_id, now, now])
        return cur.lastrowid

    def update(self, a: Attribution) -> Attribution:
        """Write back spans and attributes; a suggestion that is edited becomes accepted.
        Returns the attribution as it was (for undo)."""
        if a.id is None:
            raise ValueError("attribution has no id")
        before = self.get(a.id)
        if before is None:
            raise KeyError(a.id)
        status = "accepted" if a.status == "suggested" else a.status
        with self.project.atomic() as db:
            db.execute(
                "UPDATE attributions SET source_start=?, source_end=?, cue_start=?, cue_end=?,"
                " content_start=?, content_end=?, quote_type=?, identification=?, source_type=?,"
                " certainty=?, unnamed=?, entity_id=?, status=?, annotator_id=?, updated=?"
                " WHERE id = ?",
                [*(_ends(a.source)), *(_ends(a.cue)), *(_ends(a.content)), a.quote_type,
                 a.identification, a.source_type, a.certainty,
                 json.dumps(a.unnamed, ensure_ascii=False, sort_keys=True), a.entity_id, status,
                 self.project.annotator_id, utc_now(), a.id])
        return before

    def restore(self, a: Attribution) -> None:
        """Put an attribution back exactly as it was read (undo of update)."""
        with self.project.atomic() as db:
            db.execute("DELETE FROM attributions WHERE id = ?", [a.id])
            annotator = a.annotator
            annotator_id = self.project.annotator_id_for(annotator) if annotator else None
            now = utc_now()
            db.execute(
                f"INSERT INTO attributions ({_COLUMNS}, fingerprint, annotator_id, created, updated)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [a.id, a.article_id, *(_ends(a.source)), *(_ends(a.cue)), *(_ends(a.content)),
                 a.quote_type, a.identification, a.source_type, a.certainty,
                 json.dumps(a.unnamed, ensure_ascii=False, sort_keys=True), a.entity_id,
                 a.status, a.origin, a.fingerprint(), annotator_id, now, now])

    def set_status(self, attribution_id: int, status: str) -> str:
        if status not in ATTRIBUTION_STATUSES:
            raise ValueError(status)
        with self.project.atomic() as db:
            row = db.execute("SELECT status FROM attributions WHERE id = ?",
                             [attribution_id]).fetchone()
            if row is None:
                raise KeyError(attribution_id)
            db.execute("UPDATE attributions SET status = ?, annotator_id = ?, updated = ?"
                       " WHERE id = ?",
                       [status, self.project.annotator_id, utc_now(), attribution_id])
        return row[0]

    def delete(self, attribution_id: int) -> Attribution | None:
        before = self.get(attribution_id)
        with self.project.atomic() as db:
            db.execute("DELETE FROM attributions WHERE id = ?", [attribution_id])
        return before

    def replace_suggestions(self, article_id: int, suggestions: Sequence[Attribution]) -> int:
        """A new extractor run: drop the old open suggestions, add the new ones unless the
        analyst already rejected, accepted or wrote the same thing. Returns how many added."""
        with self.project.atomic() as db:
            db.execute("DELETE FROM attributions WHERE article_id = ? AND status = 'suggested'",
                       [article_id])
            taken = {r[0] for r in db.execute(
                "SELECT fingerprint FROM attributions WHERE article_id = ?", [article_id])}
            kept = [s for s in suggestions if s.fingerprint() not in taken]
            for s in kept:
                s.status = "suggested"
                self.add(s)
        return len(kept)

    def count_by_status(self) -> dict[str, int]:
        return dict(self.db.execute(
            "SELECT status, count(*) FROM attributions GROUP BY status").fetchall())


def _ends(span: Span | None) -> tuple[int | None, int | None]:
    return (span.start, span.end) if span else (None, None)


def as_dict(a: Attribution) -> dict[str, Any]:
    return asdict(a)
