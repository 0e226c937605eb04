"""Search never misses an article while the search index is being built after an import.

Articles in `fts_pending` are searched by the Python matcher (core/store/search.py); it must
find what FTS5 finds once they are indexed. Indexing runs in chunks, one transaction each,
can be cancelled and resumed, and copes with edits made while it runs.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framedesk.core.errors import Cancelled
from framedesk.core.importing import import_paths
from framedesk.core.model import ArticleDraft
from framedesk.core.progress import Progress
from framedesk.core.store import Project
from framedesk.core.store.articles import ArticleFilter
from framedesk.core.store.search import SearchMatcher, fts_query

# Words as news text has them: accents, apostrophes, hyphens, digits, other scripts, case.
VOCABULARY = ["Kyiv", "Kiev", "Zélensky", "Zelensky", "ZELENSKYY", "negotiate",
              "negotiations", "don't", "well-known", "talks", "Talks", "İstanbul", "Łódź",
              "Orsted", "Ørsted", "Αθήνα", "Москва", "2023", "½", "peace_plan", "café",
              "CAFE", "naïve", "Straße", "ceasefire", "cease-fire", "Putin's", "said"]
SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", " - ", " (", ") ", "'", "\u201c", "\u201d "]
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _text(words: list[str], seps: list[str]) -> str:
    return "".join(w + s for w, s in zip(words, seps)).strip() or "empty"


article_texts = st.lists(
    st.tuples(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12),
              st.lists(st.sampled_from(SEPARATORS), min_size=12, max_size=12)),
    min_size=1, max_size=25)


def _query_strategy() -> st.SearchStrategy[str]:
    word = st.sampled_from(VOCABULARY)
    prefix = word.flatmap(lambda w: st.integers(1, len(w)).map(lambda n: w[:n]))
    varied = st.one_of(word, prefix, word.map(str.lower), word.map(str.upper))
    return st.lists(varied, min_size=1, max_size=3).map(" ".join)


@FUZZ
@given(texts=article_texts, queries=st.lists(_query_strategy(), min_size=1, max_size=6))
def test_the_matcher_finds_what_fts5_finds(texts, queries) -> None:
    """The matcher against FTS5 itself, with the project's tokenizer, title and text."""
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(title, text,"
                 " tokenize='unicode61 remove_diacritics 2')")
    docs = []
    for rowid, (words, seps) in enumerate(texts, 1):
        title, text = words[0], _text(words[1:], seps)
        docs.append((rowid, title, text))
        conn.execute("INSERT INTO t (rowid, title, text) VALUES (?, ?, ?)", docs[-1])
    for query in queries:
        fts = {r[0] for r in conn.execute("SELECT rowid FROM t WHERE t MATCH ?",
                                          [fts_query(query)])}
        matcher = SearchMatcher(query)
        assert {i for i, title, text in docs if matcher.matches(title, text)} == fts, query


def _pending_project(path: Path, texts: list[str]) -> Project:
    project = Project.create(path, annotator="Ana")
    project.articles.add_many((ArticleDraft(text=t) for t in texts), index=False)
    return project


@FUZZ
@given(texts=article_texts, queries=st.lists(_query_strategy(), min_size=1, max_size=5))
def test_search_finds_the_same_articles_before_and_after_indexing(tmp_path: Path, texts,
                                                                  queries) -> None:
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "p.framedesk"   # one per example
    project = _pending_project(path, [_text(w, s) for w, s in texts])
    try:
        assert project.articles.pending_count() == project.articles.count()
        filters = [ArticleFilter(query=q) for q in queries]
        filters += [ArticleFilter(query=q, statuses=["todo"]) for q in queries]
        before = [(project.articles.ids(f), project.articles.count(f)) for f in filters]
        before_desc = [project.articles.ids(f, descending=True) for f in filters]
        project.articles.index_pending(chunk=7)
        assert project.articles.pending_count() == 0
        after = [(project.articles.ids(f), project.articles.count(f)) for f in filters]
        assert before == after
        assert before_desc == [project.articles.ids(f, descending=True) for f in filters]
    finally:
        project.close()


def _drafts(n: int) -> list[ArticleDraft]:
    return [ArticleDraft(text=f"Report {i}\n\nTalks in {'Kyiv' if i % 2 else 'Geneva'}"
                              f" on day {i}, number{i}.") for i in range(n)]


def _fts_ok(project: Project) -> None:
    project.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def test_indexing_goes_in_chunks_and_cancel_keeps_what_is_done(project: Project) -> None:
    project.articles.add_many(_drafts(10), index=False)
    seen: list[tuple[int, int, str]] = []

    def cancel_after_first_chunk(done: int, total: int, label: str) -> None:
        seen.append((done, total, label))
        if done:
            progress.cancel()

    progress = Progress(cancel_after_first_chunk)
    with pytest.raises(Cancelled):
        project.articles.index_pending(progress, chunk=4)
    assert seen == [(0, 10, "Indexing for search"), (4, 10, "Indexing for search")]
    assert project.articles.pending_count() == 6          # the first chunk is kept
    indexed = [r[0] for r in project.db.execute("SELECT rowid FROM articles_fts"
                                                " WHERE articles_fts MATCH 'kyiv'")]
    assert indexed == [2, 4]
    assert project.articles.ids(ArticleFilter(query="kyiv")) == [2, 4, 6, 8, 10]
    assert project.articles.index_pending(chunk=4) == 6   # resumed: the rest
    assert project.articles.pending_count() == 0
    assert project.articles.ids(ArticleFilter(query="kyiv")) == [2, 4, 6, 8, 10]
    _fts_ok(project)


def test_edits_to_pending_articles_reach_the_index(project: Project) -> None:
    ids = [i for i, _ in project.articles.add_many(_drafts(6), index=False)]
    with project.atomic() as db:
        db.execute("DELETE FROM articles WHERE id = ?", [ids[1]])
        db.execute("UPDATE articles SET text = 'Now about Odesa' WHERE id = ?", [ids[3]])
        db.execute("UPDATE articles SET title = 'Harbour' WHERE id = ?", [ids[4]])
    assert project.articles.ids(ArticleFilter(query="kyiv")) == [ids[5]]
    assert project.articles.ids(ArticleFilter(query="odesa")) == [ids[3]]
    assert project.articles.index_pending(chunk=2) == 5
    assert project.articles.ids(ArticleFilter(query="kyiv")) == [ids[5]]
    assert project.articles.ids(ArticleFilter(query="odesa")) == [ids[3]]
    assert project.articles.ids(ArticleFilter(query="harbour")) == [ids[4]]
    with project.atomic() as db:   # and once indexed, the triggers keep the index current
        db.execute("UPDATE articles SET text = 'Back to Kyiv' WHERE id = ?", [ids[3]])
        db.execute("DELETE FROM articles WHERE id = ?", [ids[5]])
    assert project.articles.ids(ArticleFilter(query="kyiv")) == [ids[3]]
    _fts_ok(project)


def test_edits_in_the_window_do_not_fail_while_the_index_is_built(project: Project) -> None:
    """The indexer's chunks and the window's edits are separate connections that both
    write: every edit waits its turn (BEGIN IMMEDIATE and the busy timeout), none fails
    with "database is locked"."""
    ids = [i for i, _ in project.articles.add_many(_drafts(3000), index=False)]
    errors: list[BaseException] = []

    def build() -> None:
        try:
            with Project.open(project.path, annotator="indexer") as worker:
                worker.articles.index_pending(chunk=40)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    thread = threading.Thread(target=build)
    thread.start()
    edits = 0
    while thread.is_alive() and edits < 3000:
        project.articles.set_status(ids[edits % len(ids)], "done" if edits % 2 else "todo")
        with project.atomic() as db:
            db.execute("UPDATE articles SET title = ? WHERE id = ?",
                       [f"Edited {edits}", ids[edits % 50]])
        edits += 1
    thread.join()
    assert errors == []
    assert edits > 0
    assert project.articles.pending_count() == 0
    assert project.articles.count(ArticleFilter(query="kyiv")) == 1500
    _fts_ok(project)


def test_import_leaves_the_index_to_build_afterwards(project_path: Path, tmp_path: Path
                                                      ) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"text": f"Report {i}\n\nTalks in Kyiv, item {i}."})
                           + "\n" for i in range(30)), encoding="utf-8")
    labels: list[str] = []
    with Project.create(project_path, annotator="Ana") as project:
        summary = import_paths(project, [src], entities=False,
                               progress=Progress(lambda d, t, label: labels.append(label)))
        assert summary.imported == 30
        assert "Indexing for search" not in labels
    with Project.open(project_path) as project:   # neither close nor open indexed them
        assert project.articles.pending_count() == 30
        assert project.articles.count(ArticleFilter(query="kyiv item")) == 30
        assert project.articles.index_pending() == 30
    with Project.open(project_path, read_only=True) as project:
        assert project.articles.pending_count() == 0
        assert project.articles.count(ArticleFilter(query="kyiv")) == 30


def test_a_read_only_file_from_before_the_pending_table_is_searchable(project_path: Path
                                                                       ) -> None:
    from sqlite_utils import Database

    from framedesk.core.store.project import APP_ID
    from framedesk.core.store.schema import migrations

    # A file as schema 2 wrote it (no fts_pending; its triggers index each row at once).
    conn = sqlite3.connect(project_path, isolation_level=None)
    names = [m.name for m in migrations._migrations]
    migrations.apply(Database(conn), stop_before=names[2:])
    conn.execute(f"PRAGMA application_id = {APP_ID}")
    conn.execute("PRAGMA user_version = 2")
    for i, draft in enumerate(_drafts(4)):
        conn.execute("INSERT INTO articles (uid, title, text, imported_at, updated_at)"
                     " VALUES (?, ?, ?, 't', 't')", (f"u{i}", f"Report {i}", draft.text))
    conn.close()
    with Project.open(project_path, read_only=True) as project:
        assert project.articles.pending_count() == 0
        assert project.articles.ids(ArticleFilter(query="kyiv")) == [2, 4]
