"""Articles: adding, reading, listing, searching, status."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from framedesk.core.clock import utc_now

from framedesk.core.model import STATUSES, Article, ArticleDraft
from framedesk.core.store.search import SQL_FUNCTION, fts_query, search_words
from framedesk.core.textnorm import article_uid, normalised_with_uid

if TYPE_CHECKING:
    from framedesk.core.progress import Progress
    from framedesk.core.store.project import Project

__all__ = ["ARTICLE_COLUMNS", "ArticleFilter", "ArticleStore", "first_line", "fts_query"]

ARTICLE_COLUMNS = ("id", "uid", "title", "text", "outlet", "url", "author", "published",
                   "language", "source_file", "status", "extra")
SORTABLE = {"id", "title", "outlet", "published", "status", "imported_at", "updated_at"}


@dataclass(slots=True)
class ArticleFilter:
    """What the article list shows. Empty fields do not filter."""

    query: str = ""                     # full-text search, words ANDed (search.py)
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


# Articles indexed for search per transaction by index_pending: small enough that an edit
# in the window waits at most a few tens of ms for the background indexer.
INDEX_CHUNK = 500


class ArticleStore:
    def __init__(self, project: Project) -> None:
        self.project = project
        self._pending_table: bool | None = None

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
        prepared = [(d, d.text, article_uid(d.text)) if d.keep_text
                    else (d, *normalised_with_uid(d.text)) for d in drafts]
        out: list[tuple[int, bool]] = []
        with self.project.atomic() as db:
            conn = db.conn  # the hot path of every import: plain sqlite3, one executemany
            known = self._ids_of([uid for _, _, uid in prepared])
            next_id = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM articles").fetchone()[0]
            rows = []
            for d, text, uid in prepared:
                if uid in known:  # already in the project, or earlier in this batch
                    out.append((known[uid], False))
                    continue
                # Explicit ids are what SQLite would choose (max + 1) and spare a statement
                # per row to learn them.
                known[uid] = next_id
                out.append((next_id, True))
                rows.append((next_id, uid, d.title or first_line(text), text, d.raw, d.outlet,
                             d.url, d.author, d.published, d.language, d.source_file,
                             d.status if d.status in STATUSES else "todo",
                             json.dumps(d.extra, ensure_ascii=False) if d.extra else "{}",
                             now, now))
                next_id += 1
            conn.executemany(
                "INSERT INTO articles (id, uid, title, text, raw, outlet, url, author, published,"
                " language, source_file, status, extra, imported_at, updated_at)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            if index:
                self._index([i for i, created in out if created])
        return out

    def _ids_of(self, uids: list[str]) -> dict[str, int]:
        """The ids of those uids already in the project (one query per 900 uids)."""
        found: dict[str, int] = {}
        for start in range(0, len(uids), 900):
            chunk = uids[start:start + 900]
            found.update(self.db.execute(
                f"SELECT uid, id FROM articles WHERE uid IN ({','.join('?' * len(chunk))})",
                chunk).fetchall())
        return found

    def _index(self, ids: list[int]) -> None:
        """Add just-inserted articles to the search index in one statement (see m003)."""
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            marks = ",".join("?" * len(chunk))
            self.db.execute(f"INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text"
                            f" FROM articles WHERE id IN ({marks})", chunk)
            self.db.execute(f"DELETE FROM fts_pending WHERE article_id IN ({marks})", chunk)

    def index_pending(self, progress: Progress | None = None, chunk: int = INDEX_CHUNK
                      ) -> int:
        """Add the articles listed in `fts_pending` to the search index, `chunk` articles
        per transaction, and return how many were indexed.

        Imports and merges leave their articles pending (search finds them meanwhile, see
        _search_sql); this runs afterwards, in the GUI on a worker thread with its own
        connection. Each chunk commits on its own, so the window's edits wait for at most
        one chunk, and Cancel (progress raises Cancelled) keeps the chunks done: the rest
        stays pending for the next run. Rows pending when this starts and rows added while
        it runs are all indexed.
        """
        if self.project.read_only or not self.has_pending_table():
            return 0
        total = self.pending_count()
        if not total:
            return 0
        if progress is not None:
            progress.start(total, "Indexing for search")
        done = 0
        while True:
            with self.project.atomic() as db:  # BEGIN IMMEDIATE: nobody writes in between
                ids = [r[0] for r in db.execute(
                    "SELECT article_id FROM fts_pending ORDER BY article_id LIMIT ?",
                    [max(chunk, 1)])]
                if ids:
                    self._index(ids)
            if not ids:
                return done
            done += len(ids)
            if progress is not None:
                progress.step(len(ids))

    def pending_count(self) -> int:
        """Articles not in the search index yet (search still finds them, more slowly)."""
        if not self.has_pending_table():
            return 0
        return self.db.execute("SELECT count(*) FROM fts_pending").fetchone()[0]

    def has_pending_table(self) -> bool:
        """False for a file from before schema 3 opened read-only (its triggers index every
        row as it is inserted, so nothing is ever pending)."""
        if self._pending_table is None:
            self._pending_table = self.db.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fts_pending'"
            ).fetchone() is not None
        return self._pending_table

    def _search_sql(self, query: str) -> tuple[str, list[Any]]:
        """A SELECT of the ids of the articles that match `query` (what fts_query makes of
        it), in no particular order: FTS5 for indexed articles, plus the Python matcher
        (search.py) over the pending ones. In any one snapshot an article is either in the
        index or pending, never both (m003's triggers, _index), so the two never overlap."""
        q = fts_query(query)
        sql = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?"
        if not self.has_pending_table():
            return sql, [q]
        return (sql + " UNION ALL SELECT p.article_id FROM fts_pending p"
                " JOIN articles b ON b.id = p.article_id"
                f" WHERE {SQL_FUNCTION}(?, b.title, b.text)"), [q, query]

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
            if fts_query(flt.query):
                sql, params = self._search_sql(flt.query)
                return [r[0] for r in self.db.execute(f"{sql} ORDER BY 1 {direction}", params)]
        where, params = self._where(flt)
        sql = (f"SELECT a.id FROM articles a {where} "
               f"ORDER BY a.{order_by} IS NULL, a.{order_by} {direction}, a.id {direction}")
        return [r[0] for r in self.db.execute(sql, params)]

    def summaries(self, ids: Sequence[int],
                  annotator: str | None = None) -> dict[int, dict[str, Any]]:
        """The list's columns for a page of rows: title, outlet, date, status and counts.
        With `annotator`, frames, cues and attributions count only that analyst's (and the
        attribution suggestions nobody has decided yet): a file holding several analysts'
        work shows each their own counts."""
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        if annotator is None:
            mine = ""
            who: list[Any] = []
        else:
            mine = "AND {t}.annotator_id IS (SELECT id FROM annotators WHERE name = ?)"
            who = [annotator]
        theirs_or_open = ("" if annotator is None else
                          "AND (t.annotator_id IS NULL OR t.annotator_id IS "
                          "(SELECT id FROM annotators WHERE name = ?))")
        rows = self.db.execute(
            f"""SELECT a.id, a.title, a.outlet, a.published, a.status,
                (SELECT count(*) FROM mentions m WHERE m.article_id = a.id AND m.status != 'deleted'),
                (SELECT count(*) FROM doc_codes d WHERE d.article_id = a.id AND d.role != 'tone'
                 {mine.format(t="d")}),
                (SELECT count(*) FROM span_codes s WHERE s.article_id = a.id {mine.format(t="s")}),
                (SELECT count(*) FROM attributions t WHERE t.article_id = a.id
                 AND t.status != 'rejected' {theirs_or_open})
                FROM articles a WHERE a.id IN ({marks})""", who * 3 + list(ids))
        keys = ("id", "title", "outlet", "published", "status", "entities", "frames", "cues",
                "attributions")
        return {r[0]: dict(zip(keys, r)) for r in rows}

    def longest_outlets(self, limit: int) -> list[str]:
        """The longest outlet names (for sizing a column without reading every row)."""
        return [r[0] for r in self.db.execute(
            "SELECT outlet FROM articles WHERE outlet IS NOT NULL GROUP BY outlet "
            "ORDER BY length(outlet) DESC LIMIT ?", (limit,))]

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
        return search_words(query)

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
        if fts_query(f.query):
            sql, search_params = self._search_sql(f.query)
            clauses.append(f"a.id IN ({sql})")
            params.extend(search_params)
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
