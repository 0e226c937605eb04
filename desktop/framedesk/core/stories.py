"""Stories: articles from different outlets about the same event, grouped automatically.

Two articles are about the same story when they share what they are about (canonical
entities, weighted by how rare they are in the corpus: "Zelensky" and "NBC" say more than
"United States"), share vocabulary (TF-IDF cosine over crude word stems, so "negotiate" and
"negotiations" meet), and appeared close together in time. Pairs above a threshold are
joined (union-find), so a story can hold many outlets' versions.

Candidate pairs come from an inverted index over each article's most distinctive terms, so
grouping stays near-linear on large projects instead of comparing every pair.

The analyst's decisions win: stories they named, merged or split are kept when grouping runs
again (only articles without a story, or in automatic stories, are regrouped).

Regrouping a large project takes a while, so it reports progress (reading the articles, then
comparing them) and can be cancelled; the new grouping is written in one transaction at the
very end, so a cancelled or failed run leaves the previous stories exactly as they were.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import mul, truediv
from datetime import datetime
from typing import TYPE_CHECKING

from framedesk.core.clock import utc_now
from framedesk.core.progress import NO_PROGRESS, Progress

if TYPE_CHECKING:
    from framedesk.core.store.project import Project

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
# Frequent English function words; content words are what tells stories apart.
_STOP = frozenset("""
about above after again against all also and any are because been before being below between
both but can could did does doing down during each few for from further had has have having her
here hers him his how into its itself just more most much must near not now off once only other
our ours out over own same she should some such than that the their theirs them then there these
they this those through too under until very was were what when where which while who whom why
will with would you your said says say according told one two new may might news also however
""".split())
STEM_LENGTH = 6
KEY_TERMS = 25          # per article, for candidate pairs
MAX_POSTING = 400       # a term shared by more articles than this is too common to pair on
THRESHOLD = 0.25
MAX_DAYS_APART = 4
PROGRESS_CHUNK = 256    # articles or posting lists between two progress steps
READING, COMPARING = "Grouping stories: reading", "Grouping stories: comparing"
# White-space pieces seen so far -> their stem, None (no word to keep) or a tuple of stems.
_PIECE_STEMS: dict[str, str | tuple[str, ...] | None] = {}
_PIECE_CACHE_MAX = 2_000_000
# 1 + log(count) for the usual small counts, looked up instead of computed per term.
_LOG_TF = [0.0] + [1 + math.log(k) for k in range(1, 256)]


@dataclass(frozen=True, slots=True)
class StoryGroup:
    story_id: int
    name: str
    article_ids: tuple[int, ...]
    manual: bool


def stems(text: str) -> Counter[str]:
    """Crude stems (first STEM_LENGTH letters of each word of three letters or more, stop
    words left out) with their counts.

    The same as running _WORD over the whole text, but at C speed: a word never spans white
    space, so the text is split there and each distinct piece ("Kyiv's", "well-known") is
    stemmed once per process and remembered; counting is then a map over the pieces.
    (Regex over every article was most of an import's grouping time.)"""
    pieces = text.casefold().split()
    known = _PIECE_STEMS
    for piece in set(pieces).difference(known):
        found = [sys.intern(w[:STEM_LENGTH]) for w in _WORD.findall(piece) if w not in _STOP]
        known[piece] = (None if not found else found[0] if len(found) == 1
                        else tuple(found))
    if len(known) > _PIECE_CACHE_MAX:
        known.clear()   # a bound on memory for a long-running process; refilled as needed
        return stems(text)
    counted = Counter(map(known.__getitem__, pieces))
    counted.pop(None, None)
    several = [k for k in counted if k.__class__ is tuple]
    for key in several:   # a piece with more than one word ("anti-war"): each word counts
        times = counted.pop(key)
        for stem in key:
            counted[stem] += times
    return counted  # type: ignore[return-value]


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value[:10])
    except ValueError:
        return None


class _Vectors:
    """TF-IDF vectors and entity weights for the articles being grouped."""

    def __init__(self, texts: dict[int, str], entities: dict[int, set[int]],
                 progress: Progress = NO_PROGRESS) -> None:
        counts: dict[int, Counter[str]] = {}
        df: Counter[str] = Counter()
        for i, (aid, text) in enumerate(texts.items(), 1):
            counts[aid] = stems(text)
            df.update(counts[aid].keys())
            if i % PROGRESS_CHUNK == 0:
                progress.step(PROGRESS_CHUNK)   # raises Cancelled when asked to stop
        n = len(texts)
        progress.step(n % PROGRESS_CHUNK)
        self.df = df
        self.idf = {term: math.log((1 + n) / (1 + d)) + 1 for term, d in df.items()}
        self.vectors: dict[int, dict[str, float]] = {}
        for aid in list(counts):
            # each count is dropped once its vector exists: half the peak
            self.vectors[aid] = unit_vector(counts.pop(aid), self.idf)
        self.entities = entities
        edf: Counter[int] = Counter()
        for ents in entities.values():
            edf.update(ents)
        self.entity_weight = {e: math.log((1 + n) / (1 + d)) + 1 for e, d in edf.items()}

    def key_terms(self, aid: int) -> list[str]:
        vec = self.vectors[aid]
        return sorted(vec, key=vec.__getitem__, reverse=True)[:KEY_TERMS]

    def cosine(self, a: int, b: int) -> float:
        return cosine(self.vectors[a], self.vectors[b])

    def entity_overlap(self, a: int, b: int) -> float:
        ea, eb = self.entities.get(a, set()), self.entities.get(b, set())
        if not ea or not eb:
            return 0.0
        w = self.entity_weight
        shared = sum(w[e] for e in ea & eb)
        union = sum(w[e] for e in ea | eb)
        return shared / union if union else 0.0


def unit_vector(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    """TF-IDF weights (1 + log tf) * idf, scaled to length 1; the arithmetic runs in map()
    rather than a Python loop per term."""
    try:
        tfs = list(map(_LOG_TF.__getitem__, counts.values()))
    except IndexError:   # a word used 256 times or more
        tfs = [1 + math.log(k) for k in counts.values()]
    weights = list(map(mul, tfs, map(idf.__getitem__, counts)))
    norm = math.hypot(*weights) or 1.0
    return dict(zip(counts, map(truediv, weights, repeat(norm))))


def cosine(va: dict[str, float], vb: dict[str, float]) -> float:
    shared = va.keys() & vb.keys()
    return math.fsum(map(mul, map(va.__getitem__, shared), map(vb.__getitem__, shared)))


def similarity(vectors: _Vectors, dates: dict[int, datetime | None], a: int, b: int) -> float:
    da, db = dates.get(a), dates.get(b)
    if da and db and abs((da - db).days) > MAX_DAYS_APART:
        return 0.0
    text = vectors.cosine(a, b)
    if vectors.entities.get(a) and vectors.entities.get(b):
        return 0.5 * text + 0.5 * vectors.entity_overlap(a, b)
    return text


def _close_in_time(ids: list[int], day: dict[int, int | None]) -> Iterator[tuple[int, int]]:
    """Pairs of a posting list that may be one story: dated articles only within
    MAX_DAYS_APART of each other (sorted, so the rest is never visited); an undated article
    with every other one. On a year of news this skips most pairs before any arithmetic."""
    dated = sorted((a for a in ids if day.get(a) is not None), key=day.__getitem__)
    undated = [a for a in ids if day.get(a) is None]
    for i, a in enumerate(dated):
        for b in dated[i + 1:]:
            if day[b] - day[a] > MAX_DAYS_APART:  # type: ignore[operator]
                break
            yield a, b
    for i, a in enumerate(undated):
        for b in undated[i + 1:]:
            yield a, b
        for b in dated:
            yield a, b


def find_groups(texts: dict[int, str], entities: dict[int, set[int]],
                dates: dict[int, datetime | None], threshold: float = THRESHOLD,
                progress: Progress | None = None, index: dict | None = None
                ) -> list[list[int]]:
    """Groups of two or more article ids that tell the same story (pure function).
    Reports two phases to `progress`; raises Cancelled when it is cancelled. A dict given
    as `index` receives each article's key terms ("keys") and the document frequencies
    ("df"), what the story index keeps."""
    groups, keys, df = _grouped(texts, entities, dates, threshold, progress)
    if index is not None:
        index.update(keys=keys, df=df)
    return groups


def _grouped(texts: dict[int, str], entities: dict[int, set[int]],
             dates: dict[int, datetime | None], threshold: float = THRESHOLD,
             progress: Progress | None = None
             ) -> tuple[list[list[int]], dict[int, list[str]], Counter[str]]:
    """find_groups, with each article's key terms and the document frequencies (what the
    story index keeps)."""
    progress = progress or NO_PROGRESS
    progress.start(len(texts), READING)
    vectors = _Vectors(texts, entities, progress)
    postings: dict[str, list[int]] = defaultdict(list)
    keys = {aid: vectors.key_terms(aid) for aid in texts}
    for aid, terms in keys.items():
        for term in terms:
            postings[term].append(aid)
    for aid, ents in entities.items():
        for entity_id in ents:  # a shared entity is also a reason to compare two articles
            postings[f"\0entity:{entity_id}"].append(aid)
    parent = {aid: aid for aid in texts}

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    day = {aid: d.toordinal() if d is not None else None for aid, d in dates.items()}
    seen: set[tuple[int, int]] = set()
    progress.start(len(postings), COMPARING)
    for i, ids in enumerate(postings.values(), 1):
        if i % PROGRESS_CHUNK == 0:
            progress.step(PROGRESS_CHUNK)
        if len(ids) < 2 or len(ids) > MAX_POSTING:
            continue
        for a, b in _close_in_time(ids, day):
            pair = (a, b) if a < b else (b, a)
            if pair in seen:
                continue
            seen.add(pair)
            if root(a) != root(b) and similarity(vectors, dates, a, b) >= threshold:
                parent[root(a)] = root(b)
    progress.step(len(postings) % PROGRESS_CHUNK)
    groups: dict[int, list[int]] = defaultdict(list)
    for aid in texts:
        groups[root(aid)].append(aid)
    found = sorted((sorted(g) for g in groups.values() if len(g) > 1), key=lambda g: g[0])
    return found, keys, vectors.df


class StoryStore:
    """Stories in the project file (table `stories`, column `articles.story_id`)."""

    def __init__(self, project: Project) -> None:
        self.project = project

    @property
    def db(self):
        return self.project.db

    def group_automatically(self, threshold: float = THRESHOLD,
                            progress: Progress | None = None) -> list[StoryGroup]:
        """Regroup every article not in a story the analyst touched; returns all stories.
        Raises Cancelled when `progress` is cancelled, before anything is written. The story
        index is rebuilt with it."""
        from framedesk.core import story_index

        progress = progress or NO_PROGRESS
        db = self.db
        manual = {r[0] for r in db.execute("SELECT id FROM stories WHERE name NOT LIKE 'auto:%'")}
        rows = db.execute("SELECT id, title, text, published, story_id FROM articles").fetchall()
        free = {r[0]: r for r in rows if r[4] not in manual}
        entities: dict[int, set[int]] = defaultdict(set)
        for aid, eid in db.execute("SELECT article_id, entity_id FROM mentions"
                                   " WHERE status != 'deleted' AND entity_id IS NOT NULL"):
            if aid in free:
                entities[aid].add(eid)
        index: dict = {}
        groups = find_groups({a: f"{r[1]}\n{r[2]}" for a, r in free.items()}, entities,
                             {a: _parse_date(r[3]) for a, r in free.items()}, threshold,
                             progress, index=index)
        previous = {a: r[4] for a, r in free.items() if r[4] is not None}
        progress.check()   # the last moment to stop: the write below is all or nothing
        with self.project.atomic():
            db.execute("UPDATE articles SET story_id = NULL WHERE story_id IN"
                       " (SELECT id FROM stories WHERE name LIKE 'auto:%')")
            kept: set[int] = set()
            for group in groups:
                # A group that mostly holds the articles of an earlier automatic story keeps
                # its id, so a regroup after an import does not renumber every story.
                old = Counter(previous[a] for a in group if a in previous).most_common(1)
                if old and old[0][0] not in kept:
                    story_id = old[0][0]
                else:
                    title = free[group[0]][1]
                    story_id = db.execute("INSERT INTO stories (name, created) VALUES (?, ?)",
                                          [f"auto:{title[:80]}", utc_now()]).lastrowid
                kept.add(story_id)
                self._assign(story_id, group)
            marks = ",".join("?" * len(kept))
            db.execute(f"DELETE FROM stories WHERE name LIKE 'auto:%' AND id NOT IN ({marks})",
                       list(kept))
            story_index.rebuild(db, index["keys"],
                                {a: story_index.day_of(r[3]) for a, r in free.items()},
                                index["df"])
        return self.all()

    def group_pending(self, threshold: float = THRESHOLD,
                      progress: Progress | None = None) -> list[StoryGroup]:
        """Group the articles not grouped yet (after an import) with each other and with the
        grouped ones found through the story index (core/story_index.py); returns all
        stories. Cancelling keeps the chunks already grouped."""
        from framedesk.core import story_index

        story_index.group_pending(self.project, threshold, progress)
        return self.all()

    def names(self, article_ids: Sequence[int] | None = None) -> dict[int, tuple[int, str]]:
        """article id -> (story id, story name) for the articles that are in a story."""
        sql = ("SELECT a.id, s.id, s.name FROM articles a JOIN stories s ON s.id = a.story_id")
        params: list[int] = []
        if article_ids is not None:
            sql += f" WHERE a.id IN ({','.join('?' * len(article_ids))})"
            params = list(article_ids)
        return {aid: (sid, name.removeprefix("auto:")) for aid, sid, name
                in self.db.execute(sql, params)}

    def members(self, story_id: int) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM articles WHERE story_id = ?"
            " ORDER BY published IS NULL, published, id", [story_id])]

    def _assign(self, story_id: int, article_ids: Sequence[int]) -> None:
        marks = ",".join("?" * len(article_ids))
        self.db.execute(f"UPDATE articles SET story_id = ? WHERE id IN ({marks})",
                        [story_id, *article_ids])

    def all(self) -> list[StoryGroup]:
        members: dict[int, list[int]] = defaultdict(list)
        for aid, sid in self.db.execute("SELECT id, story_id FROM articles"
                                        " WHERE story_id IS NOT NULL ORDER BY id"):
            members[sid].append(aid)
        out = []
        for sid, name in self.db.execute("SELECT id, name FROM stories ORDER BY id"):
            if members.get(sid):
                manual = not name.startswith("auto:")
                out.append(StoryGroup(sid, name if manual else name[5:], tuple(members[sid]),
                                      manual))
        return out

    def story_of(self, article_id: int) -> int | None:
        row = self.db.execute("SELECT story_id FROM articles WHERE id = ?", [article_id]).fetchone()
        return row[0] if row else None

    def name(self, story_id: int, name: str) -> None:
        """Naming a story makes it the analyst's: regrouping leaves it alone."""
        with self.project.atomic() as db:
            db.execute("UPDATE stories SET name = ? WHERE id = ?", [name.strip() or "Story", story_id])

    def merge(self, story_ids: Sequence[int], name: str | None = None) -> int:
        keep = story_ids[0]
        with self.project.atomic() as db:
            for other in story_ids[1:]:
                db.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", [keep, other])
                db.execute("DELETE FROM stories WHERE id = ?", [other])
            current = db.execute("SELECT name FROM stories WHERE id = ?", [keep]).fetchone()[0]
            db.execute("UPDATE stories SET name = ? WHERE id = ?",
                       [name or current.removeprefix("auto:"), keep])
        return keep

    def split(self, article_ids: Sequence[int], name: str | None = None) -> int:
        """Move articles out of their story into a new one of the analyst's."""
        with self.project.atomic() as db:
            title = db.execute("SELECT title FROM articles WHERE id = ?",
                               [article_ids[0]]).fetchone()[0]
            left = {self.story_of(a) for a in article_ids} - {None}
            cur = db.execute("INSERT INTO stories (name, created) VALUES (?, ?)",
                             [name or title[:80] or "Story", utc_now()])
            self._assign(cur.lastrowid, article_ids)
            for old in left:  # the story they left was edited by the analyst: keep it as is
                db.execute("UPDATE stories SET name = substr(name, 6) WHERE id = ? AND"
                           " name LIKE 'auto:%'", [old])
            db.execute("DELETE FROM stories WHERE id NOT IN"
                       " (SELECT story_id FROM articles WHERE story_id IS NOT NULL)")
        return cur.lastrowid
