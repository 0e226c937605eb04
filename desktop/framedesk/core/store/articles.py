"""Articles: adding, reading, listing, searching, status."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from framedesk.core.clock import utc_now

from framedesk.core.model import STATUSES, Article, ArticleDraft
from framedesk.core.textnorm import normalise_text, uid_of_normalised

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

ARTICLE_COLUMNS = ("id", "uid", "title", "text", "outlet", "url", "author", "published",
                   "language", "source_file", "status", "extra")
SORTABLE = {"id", "title", "outlet", "published", "status", "imported_at", "updated_at"}


@dataclass(slots=True)
class ArticleFilter:
    """What the article list shows. Empty fields do not filter."""

    query: str = ""                     # full-text search (FTS5), words ANDed
    statuses: Sequence[str] = ()
    outlets: Sequence[str] = ()
    date_from: str | None = None        # ISO dates, compared as text on `published`
    date_to: str | None = None
    entity_ids: Sequence[int] = ()      # articles mentioning all of these canonical entities
    frame_codes: Sequence[str] = ()     # articles coded with any of these frames
    source_types: Sequence[str] = ()    # articles with an attribution of one of these types
    identifications: Sequence[str] = ()
    story_id: int | None = None
    extra_sql: list[tuple[str, list[Any]]] = field(default_factory=list)


def fts_query(text: str) -> str:
    """Turn what a user types into a safe FTS5 query: each word quoted, prefix on the last."""
    words = re.findall(r"\w[\w'-]*", text, flags=re.UNICODE)
    if not words:
        return ""
    quoted = ['"' + w.replace('"', '""') + '"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


class ArticleStore:
    def __init__(self, project: Project) -> None:
        self.project = project

    @property
    def db(self):
        return self.project.db

    # ------------------------------------------------------------ adding
    def add(self, draft: ArticleDraft) -> tuple[int, bool]:
        """Insert one article; returns (id, created). An article whose normalised text is
        already in the project is not added again (created is False)."""
        ids = self.add_many([draft])
        return ids[0]

    def add_many(self, drafts: Iterable[ArticleDraft], *, index: bool = True
                 ) -> list[tuple[int, bool]]:
        """Insert articles in one transaction. With `index=False` they are left pending for
        search, for a bulk importer that indexes everything at the end (index_pending):
        one big INSERT..SELECT into FTS5 is several times cheaper than many small ones."""
        now = utc_now()
        out: list[tuple[int, bool]] = []
        with self.project.atomic() as db:
            conn = db.conn  # the hot loop of every import: no wrapper, one statement per row
            for d in drafts:
                text = normalise_text(d.text)
                uid = uid_of_normalised(text)
                cur = conn.execute(
                    "INSERT INTO articles (uid, title, text, raw, outlet, url, author, published,"
                    " language, source_file, status, extra, imported_at, updated_at)"
                    " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (uid) DO NOTHING",
                    [uid, d.title or first_line(text), text, d.raw, d.outlet, d.url, d.author,
                     d.published, d.language, d.source_file,
                     d.status if d.status in STATUSES else "todo",
                     json.dumps(d.extra, ensure_ascii=False), now, now])
                if cur.rowcount:
                    out.append((cur.lastrowid, True))
                else:  # already in the project (same normalised text)
                    row = conn.execute("SELECT id FROM articles WHERE uid = ?", [uid]).fetchone()
                    out.append((row[0], False))
            if index:
                self._index([i for i, created in out if created])
        return out

    def _index(self, ids: list[int]) -> None:
        """Add just-inserted articles to the search index in one statement (see m003)."""
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            marks = ",".join("?" * len(chunk))
            self.db.execute(f"INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text"
                            f" FROM articles WHERE id IN ({marks})", chunk)
            self.db.execute(f"DELETE FROM fts_pending WHERE article_id IN ({marks})", chunk)

    def index_pending(self) -> int:
        """Index articles that were inserted by other means (a merge, another tool)."""
        if self.project.read_only:
            return 0
        if not self.db.execute("SELECT 1 FROM fts_pending LIMIT 1").fetchone():
            return 0
        with self.project.atomic() as db:
            n = db.execute("INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text"
                           " FROM articles WHERE id IN (SELECT article_id FROM fts_pending)"
                           ).rowcount
            db.execute("DELETE FROM fts_pending")
        return n

    # ------------------------------------------------------------ reading
    def get(self, article_id: int) -> Article | None:
        row = self.db.execute(
            f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        return _article(row) if row else None

    def by_uid(self, uid: str) -> Article | None:
        row = self.db.execute(
            f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE uid = ?", [uid]
        ).fetchone()
        return _article(row) if row else None

    def raw(self, article_id: int) -> str | None:
        row = self.db.execute("SELECT raw FROM articles WHERE id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def count(self, flt: ArticleFilter | None = None) -> int:
        where, params = self._where(flt or ArticleFilter())
        return self.db.execute(f"SELECT count(*) FROM articles a {where}", params).fetchone()[0]

    def ids(self, flt: ArticleFilter | None = None, order_by: str = "id",
            descending: bool = False) -> list[int]:
        """Row ids in display order: the list model holds these and fetches rows lazily."""
        if order_by not in SORTABLE:
            raise ValueError(order_by)
        flt = flt or ArticleFilter()
        direction = "DESC" if descending else "ASC"
        if order_by == "id" and flt.query and flt == ArticleFilter(query=flt.query):
            # A plain search in import order is answered by the search index alone (its
            # rowids are the article ids): looking every hit up in `articles`, a page per
            # article with the text inline, cost 5x the search itself on 100,000 articles.
            q = fts_query(flt.query)
            if q:
                return [r[0] for r in self.db.execute(
                    "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
                    f" ORDER BY rowid {direction}", [q])]
        where, params = self._where(flt)
        sql = (f"SELECT a.id FROM articles a {where} "
               f"ORDER BY a.{order_by} IS NULL, a.{order_by} {direction}, a.id {direction}")
        return [r[0] for r in self.db.execute(sql, params)]

    def summaries(self, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """The list's columns for a page of rows: title, outlet, date, status and counts."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"""SELECT a.id, a.title, a.outlet, a.published, a.status,
                (SELECT count(*) FROM mentions m WHERE m.article_id = a.id AND m.status != 'deleted'),
                (SELECT count(*) FROM doc_codes d WHERE d.article_id = a.id AND d.role != 'tone'),
                (SELECT count(*) FROM span_codes s WHERE s.article_id = a.id),
                (SELECT count(*) FROM attributions t WHERE t.article_id = a.id AND t.status != 'rejected')
                FROM articles a WHERE a.id IN ({marks})""", list(ids))
        keys = ("id", "title", "outlet", "published", "status", "entities", "frames", "cues",
                "attributions")
        return {r[0]: dict(zip(keys, r)) for r in rows}

    def outlets(self) -> list[str]:
        return [r[0] for r in self.db.execute(
            "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL ORDER BY outlet")]

    def iter_all(self, ids: Sequence[int] | None = None) -> Iterable[Article]:
        if ids is None:
            cur = self.db.execute(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles ORDER BY id")
            for row in cur:
                yield _article(row)
        else:
            for chunk_start in range(0, len(ids), 500):
                chunk = list(ids[chunk_start:chunk_start + 500])
                marks = ",".join("?" * len(chunk))
                rows = {r[0]: r for r in self.db.execute(
                    f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles WHERE id IN ({marks})", chunk)}
                for i in chunk:
                    if i in rows:
                        yield _article(rows[i])

    def search_terms(self, query: str) -> list[str]:
        """The words of a search, for highlighting hits in the opened article."""
        return re.findall(r"\w[\w'-]*", query, flags=re.UNICODE)

    # ------------------------------------------------------------ changing
    def set_status(self, article_id: int, status: str) -> str:
        """Returns the previous status (for undo)."""
        if status not in STATUSES:
            raise ValueError(status)
        with self.project.atomic() as db:
            row = db.execute("SELECT status FROM articles WHERE id = ?", [article_id]).fetchone()
            if row is None:
                raise KeyError(article_id)
            db.execute("UPDATE articles SET status = ?, updated_at = ? WHERE id = ?",
                       [status, utc_now(), article_id])
        return row[0]

    def status_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATUSES, 0)
        for status, n in self.db.execute("SELECT status, count(*) FROM articles GROUP BY status"):
            counts[status] = n
        return counts

    # ------------------------------------------------------------ filtering
    def _where(self, f: ArticleFilter) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        q = fts_query(f.query)
        if q:
            clauses.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(q)
        if f.statuses:
            clauses.append(f"a.status IN ({','.join('?' * len(f.statuses))})")
            params.extend(f.statuses)
        if f.outlets:
            clauses.append(f"a.outlet IN ({','.join('?' * len(f.outlets))})")
            params.extend(f.outlets)
        if f.date_from:
            clauses.append("a.published >= ?")
            params.append(f.date_from)
        if f.date_to:
            clauses.append("substr(a.published, 1, 10) <= ?")
            params.append(f.date_to)
        for entity_id in f.entity_ids:
            clauses.append("a.id IN (SELECT article_id FROM mentions WHERE entity_id = ?"
                           " AND status != 'deleted')")
            params.append(entity_id)
        if f.frame_codes:
            clauses.append("a.id IN (SELECT article_id FROM doc_codes WHERE role != 'tone' AND"
                           f" code IN ({','.join('?' * len(f.frame_codes))}))")
            params.extend(f.frame_codes)
        if f.source_types:
            clauses.append("a.id IN (SELECT article_id FROM attributions WHERE status != 'rejected'"
                           f" AND source_type IN ({','.join('?' * len(f.source_types))}))")
            params.extend(f.source_types)
        if f.identifications:
            clauses.append("a.id IN (SELECT article_id FROM attributions WHERE status != 'rejected'"
                           f" AND identification IN ({','.join('?' * len(f.identifications))}))")
            params.extend(f.identifications)
        if f.story_id is not None:
            clauses.append("a.story_id = ?")
            params.append(f.story_id)
        for sql, extra in f.extra_sql:
            clauses.append(sql)
            params.extend(extra)
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def first_line(text: str) -> str:
    return text.split("\n", 1)[0].strip()[:300]


def _article(row: sqlite3.Row | tuple) -> Article:
    values = dict(zip(ARTICLE_COLUMNS, row))
    values["extra"] = json.loads(values["extra"] or "{}")
    return Article(**values)
