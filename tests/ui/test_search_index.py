"""The window builds the search index in the background after an import: a quiet note in the
status bar, a search meanwhile finds every article, and closing stops it cleanly."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from framedesk.core.model import ArticleDraft
from framedesk.core.progress import Progress
from framedesk.core.store import Project
from framedesk.core.store.articles import ArticleFilter

ARTICLES = 60


def _corpus(tmp_path: Path) -> Path:
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(
        json.dumps({"text": f"Report {i}\n\nDockers in {'Gdańsk' if i % 3 else 'Odesa'} "
                            f"went on strike, day {i}.", "meta": {"title": f"Report {i}"}})
        + "\n" for i in range(ARTICLES)), encoding="utf-8")
    return path


def _listed(window) -> list[str]:
    model = window.article_list.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def _search(qtbot, window, query: str) -> list[str]:
    panel = window.article_list
    panel.search.setText(query)
    panel.apply_filter()
    qtbot.waitUntil(lambda: not panel.pending, timeout=5000)
    return _listed(window)


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch):
    """Hold the indexer after its first chunk (committed) until the test lets it go, so the
    test can look at the window while the index is half built."""
    reached, release = threading.Event(), threading.Event()
    real_step = Progress.step

    def step(self: Progress, n: int = 1, label: str | None = None) -> None:
        real_step(self, n, label)
        if self.label == "Indexing for search" and self.done and not release.is_set():
            reached.set()
            while not release.is_set() and not self.cancelled:
                release.wait(0.01)
            self.check()   # Cancel while held: stop as the indexer would at its next step

    monkeypatch.setattr(Progress, "step", step)
    yield reached, release
    release.set()


def test_index_is_built_after_an_import_and_search_finds_everything_meanwhile(
        qtbot, window, tmp_path: Path, gate) -> None:
    reached, release = gate
    assert window.project_actions.new_project(tmp_path / "p.framedesk")
    window.search_index.chunk = 10
    done: list = []
    assert window.project_actions.import_paths([_corpus(tmp_path)], entities=False,
                                               on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    assert done[0].imported == ARTICLES
    qtbot.waitUntil(reached.is_set, timeout=5000)
    indicator = window.search_index.indicator
    assert indicator.isVisible() and indicator.text().startswith("Indexing for search")
    project = window.project
    pending = project.articles.pending_count()
    assert 0 < pending < ARTICLES                       # half built: the first chunk is in
    odesa = [f"Report {i}" for i in range(0, ARTICLES, 3)]
    assert _search(qtbot, window, "odesa") == odesa     # indexed and pending alike
    assert len(_search(qtbot, window, "gdansk strike")) == ARTICLES - len(odesa)
    project.articles.set_status(project.articles.ids()[-1], "done")   # an edit meanwhile
    with qtbot.waitSignal(window.search_index.completed, timeout=10000):
        release.set()
    assert not indicator.isVisible()
    assert project.articles.pending_count() == 0
    assert _search(qtbot, window, "odesa") == odesa
    project.db.execute("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')")


def test_opening_a_project_with_articles_pending_indexes_them(qtbot, window, tmp_path: Path
                                                               ) -> None:
    path = tmp_path / "merged.framedesk"
    with Project.create(path, annotator="Ana") as project:   # as a merge leaves them
        project.articles.add_many((ArticleDraft(text=f"Story {i}\n\nFloods in Lagos.")
                                   for i in range(30)), index=False)
    with qtbot.waitSignal(window.search_index.completed, timeout=10000):
        assert window.project_actions.open_path(path)
    assert window.project.articles.pending_count() == 0
    assert window.project.articles.count(ArticleFilter(query="lagos")) == 30


def test_closing_the_project_while_indexing_keeps_a_valid_file(qtbot, window, tmp_path: Path,
                                                               gate) -> None:
    reached, _release = gate
    path = tmp_path / "big.framedesk"
    with Project.create(path, annotator="Ana") as project:
        project.articles.add_many((ArticleDraft(text=f"Story {i}\n\nFloods in Lagos.")
                                   for i in range(40)), index=False)
    window.search_index.chunk = 10
    assert window.project_actions.open_path(path)
    qtbot.waitUntil(reached.is_set, timeout=5000)
    window.project_actions.close_project()          # cancels the indexer and waits for it
    assert not window.search_index.indicator.isVisible()
    assert not path.with_name(path.name + "-wal").exists()   # closed clean, self-contained
    with Project.open(path, read_only=True) as project:
        assert project.articles.pending_count() == 30        # one chunk kept, rest pending
        assert project.articles.count(ArticleFilter(query="lagos")) == 40


def test_a_busy_file_is_tried_again_not_reported(qtbot, window, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Another writer holding the file past the busy timeout (a long transaction of an
    import) is no error for the analyst: indexing tries again a little later."""
    from framedesk.core.errors import ProjectLocked
    from framedesk.ui import search_index

    path = tmp_path / "busy.framedesk"
    with Project.create(path, annotator="Ana") as project:
        project.articles.add_many((ArticleDraft(text=f"Story {i}\n\nFloods in Lagos.")
                                   for i in range(5)), index=False)
    real, calls = search_index.index_project, []

    def busy_once(*args):
        calls.append(args)
        if len(calls) == 1:
            raise ProjectLocked(path, "database is locked")
        return real(*args)

    monkeypatch.setattr(search_index, "index_project", busy_once)
    monkeypatch.setattr(search_index, "RETRY_MS", 20)
    messages: list[str] = []
    window.status.messageChanged.connect(messages.append)
    with qtbot.waitSignal(window.search_index.completed, timeout=10000):
        assert window.project_actions.open_path(path)
    assert len(calls) == 2
    assert window.project.articles.pending_count() == 0
    assert not any("Indexing" in m for m in messages)
