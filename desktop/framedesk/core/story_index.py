"""Grouping stories incrementally: an import compares its new articles only with candidates
found through the project's story index, within the date window, never with every article.

The index (schema m004) keeps, per grouped article, its most distinctive word stems by day
(`story_keys`, one B-tree keyed by term and day), and for the whole project how many grouped
articles use each stem (`story_terms`, the IDF). Grouping the pending articles (those not in
`story_indexed`, outside the analyst's stories) goes in date order, CHUNK articles per
transaction:

- each new article gets a TF-IDF vector (stories.stems, with the project's document
  frequencies including its own chunk) and its KEY_TERMS most distinctive stems;
- candidates are the articles sharing a key term or an entity: those of its own chunk and of
  the recent chunks of this run (kept in memory while still within MAX_DAYS_APART), and
  articles grouped before this run, read from `story_keys` for that term and those days;
- pairs above the threshold are joined with the stories their articles are in: a new
  article joins the automatic story of an old one, two automatic stories one article ties
  together become one (the older id), new articles alone make a new automatic story.

So the cost of an import grows with what it brings, not with the project; memory holds a
chunk and a few days of vectors. A cancelled run keeps every chunk it finished; the rest stays
pending for the next run. `StoryStore.group_automatically` (regroup everything) rebuilds the
index from scratch.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from framedesk.core.clock import utc_now
from framedesk.core.progress import NO_PROGRESS, Progress
from framedesk.core.stories import (
    KEY_TERMS,
    MAX_DAYS_APART,
    MAX_POSTING,
    THRESHOLD,
    _close_in_time,
    _parse_date,
    cosine,
    stems,
    unit_vector,
)

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

CHUNK = 4000          # new articles per transaction: bounds memory and what a cancel loses
STORED_KEYS = 12      # key terms written per article (the in-memory postings use KEY_TERMS)
UNDATED = -1          # story_keys.day of an article without a date
READ_CHUNK = 900      # ids per SELECT ... IN (...)
GROUPING = "Grouping stories"


def day_of(published: str | None) -> int:
    parsed = _parse_date(published)
    return parsed.toordinal() if parsed is not None else UNDATED


class _Pool:
    """Vectors, key terms, days, entities and stories of the articles one chunk is compared
    with (the chunk itself, this run's recent articles, the old candidates)."""

    def __init__(self) -> None:
        self.vectors: dict[int, dict[str, float]] = {}
        self.keys: dict[int, list[str]] = {}
        self.day: dict[int, int | None] = {}
        self.entities: dict[int, set[int]] = {}
        self.story: dict[int, int | None] = {}
        self.title: dict[int, str] = {}

    def add(self, aid: int, vector: dict[str, float], day: int, title: str,
            story: int | None, entities: set[int]) -> None:
        self.vectors[aid] = vector
        self.keys[aid] = sorted(vector, key=vector.__getitem__, reverse=True)[:KEY_TERMS]
        self.day[aid] = None if day == UNDATED else day
        self.title[aid] = title
        self.story[aid] = story
        if entities:
            self.entities[aid] = entities

    def drop_before(self, day: int) -> None:
        """Forget dated articles too old to be compared with anything still to come."""
        old = [a for a, d in self.day.items() if d is not None and d < day]
        for aid in old:
            for table in (self.vectors, self.keys, self.day, self.entities, self.story,
                          self.title):
                table.pop(aid, None)

    def similarity(self, a: int, b: int, entity_weight: dict[int, float]) -> float:
        text = cosine(self.vectors[a], self.vectors[b])
        ea, eb = self.entities.get(a), self.entities.get(b)
        if not ea or not eb:
            return text
        shared = sum(entity_weight.get(e, 1.0) for e in ea & eb)
        union = sum(entity_weight.get(e, 1.0) for e in ea | eb)
        return 0.5 * text + 0.5 * (shared / union if union else 0.0)


def pending_ids(project: Project) -> list[int]:
    """Articles not grouped yet (not in the index), outside the analyst's own stories."""
    return [r[0] for r in project.db.execute(
        "SELECT a.id FROM articles a LEFT JOIN stories s ON s.id = a.story_id"
        " WHERE a.id NOT IN (SELECT article_id FROM story_indexed)"
        " AND (a.story_id IS NULL OR s.name LIKE 'auto:%') ORDER BY a.id")]


def group_pending(project: Project, threshold: float = THRESHOLD,
                  progress: Progress | None = None) -> int:
    """Group the articles not grouped yet with each other and with the grouped ones, through
    the index. Returns how many articles were grouped (indexed)."""
    progress = progress or NO_PROGRESS
    db = project.db
    ids = pending_ids(project)
    progress.start(len(ids), GROUPING)
    if not ids:
        return 0
    order = []
    for chunk in _chunks(ids, READ_CHUNK):
        marks = ",".join("?" * len(chunk))
        order += [(day_of(p), aid) for aid, p in db.execute(
            f"SELECT id, published FROM articles WHERE id IN ({marks})", chunk)]
    order.sort(key=lambda x: (x[0] == UNDATED, x[0], x[1]))   # undated last
    df = dict(db.execute("SELECT term, df FROM story_terms").fetchall())
    indexed = db.execute("SELECT count(*) FROM story_indexed").fetchone()[0]
    had_index = indexed > 0
    manual = {r[0] for r in db.execute("SELECT id FROM stories WHERE name NOT LIKE 'auto:%'")}
    recent = _Pool()
    this_run: set[int] = set()
    grouped = 0
    for chunk in _chunks(order, CHUNK):
        first_day = next((d for d, _ in chunk if d != UNDATED), None)
        if first_day is not None:
            recent.drop_before(first_day - MAX_DAYS_APART)
        rows = _articles(project, [aid for _, aid in chunk])
        counts = {aid: stems(f"{title}\n{text}") for aid, (title, text, _, _) in rows.items()}
        chunk_df: Counter[str] = Counter()
        for c in counts.values():
            chunk_df.update(c.keys())
        for term, d in chunk_df.items():
            df[term] = df.get(term, 0) + d
        indexed += len(counts)
        idf = _Idf(df, indexed)
        entities = _entities(project, list(counts))
        chunk_ids = []
        for day, aid in chunk:
            if aid not in rows:
                continue   # deleted meanwhile
            title, _, story, _ = rows[aid]
            recent.add(aid, unit_vector(counts.pop(aid), idf), day, title, story,
                       entities.get(aid, set()))
            chunk_ids.append(aid)
        this_run.update(chunk_ids)
        old = (_old_candidates(project, recent, chunk_ids, this_run, manual, idf)
               if had_index else {})
        _join(project, recent, chunk_ids, old, threshold, chunk_df, df)
        grouped += len(chunk_ids)
        progress.step(len(chunk))
    return grouped


class _Idf(dict):
    """IDF by stem from the project's document frequencies, computed when first asked."""

    def __init__(self, df: dict[str, int], n: int) -> None:
        super().__init__()
        self.df, self.n = df, n

    def __missing__(self, term: str) -> float:
        value = self[term] = math.log((1 + self.n) / (1 + self.df.get(term, 0))) + 1
        return value


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _articles(project: Project, ids: Sequence[int]
              ) -> dict[int, tuple[str, str, int | None, str | None]]:
    """id -> (title, text, story id, published)."""
    out = {}
    for chunk in _chunks(ids, READ_CHUNK):
        marks = ",".join("?" * len(chunk))
        for aid, title, text, story, published in project.db.execute(
                f"SELECT id, title, text, story_id, published FROM articles"
                f" WHERE id IN ({marks})", list(chunk)):
            out[aid] = (title, text, story, published)
    return out


def _entities(project: Project, ids: Sequence[int]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = defaultdict(set)
    for chunk in _chunks(ids, READ_CHUNK):
        marks = ",".join("?" * len(chunk))
        for aid, eid in project.db.execute(
                f"SELECT article_id, entity_id FROM mentions WHERE article_id IN ({marks})"
                " AND status != 'deleted' AND entity_id IS NOT NULL", list(chunk)):
            out[aid].add(eid)
    return out


def _old_candidates(project: Project, pool: _Pool, chunk_ids: list[int], this_run: set[int],
                    manual: set[int], idf: _Idf) -> dict[str, list[int]]:
    """term -> articles grouped before this run that have it as a key term, within the
    date window of the chunk's articles with that key term (undated: any day). Their vectors
    and stories join the pool."""
    probes = []
    for aid in chunk_ids:
        day = pool.day[aid]
        for term in pool.keys[aid]:
            if day is None:
                probes.append((term, -1 << 62, 1 << 62))   # undated: any day
            else:
                probes.append((term, day - MAX_DAYS_APART, day + MAX_DAYS_APART))
    db = project.db
    conn = db.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS story_probe (term TEXT, lo INTEGER,"
                 " hi INTEGER)")
    conn.execute("DELETE FROM temp.story_probe")
    conn.executemany("INSERT INTO temp.story_probe VALUES (?, ?, ?)", probes)
    # One range read of story_keys' (term, day) B-tree per probe, in SQLite; the undated
    # old articles of a term are one more range read per term.
    rows = conn.execute(
        "SELECT p.term, k.article_id FROM temp.story_probe p JOIN story_keys k"
        " ON k.term = p.term AND k.day BETWEEN p.lo AND p.hi"
        " UNION SELECT p.term, k.article_id FROM (SELECT DISTINCT term FROM temp.story_probe)"
        " p JOIN story_keys k ON k.term = p.term AND k.day = ?", [UNDATED]).fetchall()
    conn.execute("DELETE FROM temp.story_probe")
    by_term: dict[str, list[int]] = defaultdict(list)
    for term, aid in rows:
        if aid not in this_run:
            by_term[term].append(aid)
    found = {t: hits for t, hits in by_term.items() if len(hits) <= MAX_POSTING}
    need = {a for hits in found.values() for a in hits if a not in pool.vectors}
    rows = _articles(project, sorted(need))
    entities = _entities(project, sorted(rows))
    for aid, (title, text, story, published) in rows.items():
        if story in manual:
            continue
        pool.add(aid, unit_vector(stems(f"{title}\n{text}"), idf), day_of(published), title,
                 story, entities.get(aid, set()))
    return {t: [a for a in hits if a in pool.vectors] for t, hits in found.items()}


def _join(project: Project, pool: _Pool, chunk_ids: list[int], old: dict[str, list[int]],
          threshold: float, chunk_df: Counter[str], df: dict[str, int]) -> None:
    """Compare the chunk's articles with their candidates and write, in one transaction,
    the stories they join and their place in the index."""
    chunk = set(chunk_ids)
    postings: dict[object, list[int]] = defaultdict(list)
    for aid, terms in pool.keys.items():
        for term in terms:
            postings[term].append(aid)
    for term, hits in old.items():
        postings[term].extend(a for a in hits if term not in pool.keys.get(a, ()))
    edf: Counter[int] = Counter()
    for aid, ents in pool.entities.items():
        edf.update(ents)
        for entity_id in ents:
            postings[("entity", entity_id)].append(aid)
    n = max(len(pool.vectors), 1)
    entity_weight = {e: math.log((1 + n) / (1 + d)) + 1 for e, d in edf.items()}
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    seen: set[tuple[int, int]] = set()
    for ids in postings.values():
        if len(ids) < 2 or len(ids) > MAX_POSTING or not chunk.intersection(ids):
            continue
        for a, b in _close_in_time(list(dict.fromkeys(ids)), pool.day):
            if a not in chunk and b not in chunk:
                continue   # compared when the later of them was new
            pair = (a, b) if a < b else (b, a)
            if pair in seen:
                continue
            seen.add(pair)
            if root(a) != root(b) and pool.similarity(a, b, entity_weight) >= threshold:
                parent[root(a)] = root(b)
    groups: dict[int, list[int]] = defaultdict(list)
    for aid in parent:
        groups[root(aid)].append(aid)
    with project.atomic() as db:
        for members in groups.values():
            if len(members) > 1:
                _assign(db, pool, sorted(members))
        db.conn.executemany("INSERT OR REPLACE INTO story_indexed (article_id, day) VALUES (?, ?)",
                       [(a, pool.day[a] if pool.day[a] is not None else UNDATED)
                        for a in chunk_ids])
        db.conn.executemany("INSERT OR IGNORE INTO story_keys (term, day, article_id)"
                       " VALUES (?, ?, ?)", _key_rows(pool, chunk_ids))
        db.conn.executemany("INSERT INTO story_terms (term, df) VALUES (?, ?) ON CONFLICT (term)"
                       " DO UPDATE SET df = df + excluded.df", chunk_df.items())


def _key_rows(pool: _Pool, ids: Iterable[int]) -> Iterator[tuple[str, int, int]]:
    for aid in ids:
        day = pool.day[aid] if pool.day[aid] is not None else UNDATED
        for term in pool.keys[aid][:STORED_KEYS]:
            yield term, day, aid


def _assign(db, pool: _Pool, members: list[int]) -> None:
    """One group: into the automatic story its members are in (the oldest, when they are in
    several: those are merged), else a new automatic story."""
    stories = sorted({pool.story[a] for a in members if pool.story.get(a) is not None})
    if stories:
        keep, others = stories[0], stories[1:]
        if others:
            marks = ",".join("?" * len(others))
            db.execute(f"UPDATE articles SET story_id = ? WHERE story_id IN ({marks})",
                       [keep, *others])
            db.execute(f"DELETE FROM stories WHERE id IN ({marks})", others)
            for aid, story in pool.story.items():
                if story in others:
                    pool.story[aid] = keep
    else:
        keep = db.execute("INSERT INTO stories (name, created) VALUES (?, ?)",
                          [f"auto:{pool.title[members[0]][:80]}", utc_now()]).lastrowid
    moving = [a for a in members if pool.story.get(a) != keep]
    for chunk in _chunks(moving, READ_CHUNK):
        marks = ",".join("?" * len(chunk))
        db.execute(f"UPDATE articles SET story_id = ? WHERE id IN ({marks})", [keep, *chunk])
    for aid in moving:
        pool.story[aid] = keep


def rebuild(db, keys: dict[int, list[str]], days: dict[int, int], df: Counter[str]) -> None:
    """The index of a full regroup (inside its transaction): every grouped article's keys."""
    db.execute("DELETE FROM story_keys")
    db.execute("DELETE FROM story_terms")
    db.execute("DELETE FROM story_indexed")
    db.conn.executemany("INSERT INTO story_indexed (article_id, day) VALUES (?, ?)", days.items())
    db.conn.executemany("INSERT OR IGNORE INTO story_keys (term, day, article_id) VALUES (?, ?, ?)",
                   ((t, days[a], a) for a, terms in keys.items() for t in terms[:STORED_KEYS]))
    db.conn.executemany("INSERT INTO story_terms (term, df) VALUES (?, ?)", df.items())
