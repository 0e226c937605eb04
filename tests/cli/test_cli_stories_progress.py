"""`framedesk stories --regroup` shows its progress like import, and Ctrl+C keeps the stories."""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

import pytest

from framedesk.cli import import_, main
from framedesk.core.model import ArticleDraft
from framedesk.core.stories import COMPARING, READING, StoryStore
from framedesk.core.store import Project
from tests.core.test_stories import STORIES, _article


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """Two stories grouped; a third story's articles not grouped yet."""
    path = tmp_path / "news.framedesk"
    rng = random.Random(3)
    with Project.create(path) as project:
        for i in range(4):
            project.articles.add(ArticleDraft(text=_article(rng, STORIES[i // 2], i)))
        StoryStore(project).group_automatically()
        for i in range(3):
            project.articles.add(ArticleDraft(text=_article(rng, STORIES[2], 10 + i)))
    return path


def memberships(path: Path) -> list[tuple[int, int | None]]:
    with Project.open(path, read_only=True) as project:
        return project.db.execute("SELECT id, story_id FROM articles ORDER BY id").fetchall()


def test_regroup_names_its_phases_on_a_pipe(path, capsys) -> None:
    assert main(["stories", str(path), "--regroup"]) == 0
    out, err = capsys.readouterr()
    assert err == f"{READING}...\n{COMPARING}...\n"     # no control codes in a log file
    assert out.count("Story ") == 3


def test_regroup_draws_a_bar_on_a_terminal(path, capsys, monkeypatch) -> None:
    screen = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", screen)
    assert main(["stories", str(path), "--regroup"]) == 0
    shown = screen.getvalue()
    assert "\r" + READING in shown and "\r" + COMPARING in shown
    assert shown.endswith("] 100%\n")
    assert capsys.readouterr().out.count("Story ") == 3


def test_ctrl_c_while_regrouping_keeps_the_stories(path, capsys, monkeypatch) -> None:
    before = memberships(path)
    update = import_.ProgressBar.update

    def interrupted(self, done: int, total: int, label: str) -> None:
        update(self, done, total, label)
        if label == COMPARING:
            raise KeyboardInterrupt

    monkeypatch.setattr(import_.ProgressBar, "update", interrupted)
    assert main(["stories", str(path), "--regroup"]) == 130
    out, err = capsys.readouterr()
    assert "Regrouping interrupted; the stories are as they were." in err
    assert "Traceback" not in err and out == ""
    assert memberships(path) == before
    assert sum(story is None for _, story in before) == 3    # the new articles still wait
