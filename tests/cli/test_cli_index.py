"""The search index as a phase of `framedesk import`, `framedesk index`, and `framedesk info`
telling how many articles wait for it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from framedesk.cli import import_, main
from framedesk.core.store import Project
from framedesk.core.store.articles import ArticleFilter


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps({"text": f"Report {i}\n\nTalks on the harbour of "
                                                f"{'Odesa' if i % 2 else 'Gdańsk'}, day {i}."})
                            + "\n" for i in range(5)), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_prints_its_summary_then_builds_the_index(
        tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p.framedesk"
    code, out, err = run(capsys, "import", project, corpus, "--no-entities")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Imported 5 articles")
    assert lines[-1] == "Indexed 5 articles for search."
    assert err.splitlines()[-1] == "Indexing for search..."   # its own phase, after reading
    with Project.open(project, read_only=True) as p:
        assert p.articles.pending_count() == 0
        assert p.articles.ids(ArticleFilter(query="gdansk")) == [1, 3, 5]
    code, out, _ = run(capsys, "info", project)
    assert code == 0 and "Search index" not in out


def test_ctrl_c_while_indexing_keeps_the_import_and_index_finishes_it(
        tmp_path: Path, corpus: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "p.framedesk"
    update = import_.ProgressBar.update

    def interrupted(self, done: int, total: int, label: str) -> None:
        update(self, done, total, label)
        if label == "Indexing for search":
            raise KeyboardInterrupt

    monkeypatch.setattr(import_.ProgressBar, "update", interrupted)
    code, out, _ = run(capsys, "import", project, corpus, "--no-entities")
    monkeypatch.undo()
    assert code == 130
    assert out.splitlines()[0].startswith("Imported 5 articles")
    assert "Search index interrupted: 0 of 5 articles indexed" in out
    with Project.open(project, read_only=True) as p:   # a valid file with every article
        assert p.articles.count() == 5
        assert p.articles.pending_count() == 5
        assert p.articles.ids(ArticleFilter(query="odesa")) == [2, 4]   # found anyway
    code, out, _ = run(capsys, "info", project)
    assert "Search index   5 articles pending" in out
    code, out, _ = run(capsys, "index", project)
    assert (code, out) == (0, "Indexed 5 articles for search.\n")
    code, out, _ = run(capsys, "index", project)
    assert (code, out) == (0, "The search index is complete: nothing to do.\n")
    code, out, _ = run(capsys, "info", project)
    assert "Search index" not in out
    with Project.open(project, read_only=True) as p:
        assert p.articles.pending_count() == 0
        assert p.articles.ids(ArticleFilter(query="odesa")) == [2, 4]


def test_index_of_a_missing_file_is_one_sentence(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "index", tmp_path / "nope.framedesk")
    assert code == 1 and out == ""
    assert err.startswith("framedesk: ") and "Traceback" not in err
